import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import {
  Alert,
  App,
  Button,
  Drawer,
  Input,
  List,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  type AnswerClusterResult,
  CLUSTER_MEMBER_SOURCE_TITLES,
  CLUSTER_STATUS_TITLES,
  type ClusterSummary,
} from '../../../../shared/contracts/clusters.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import * as api from '../api/clusters.api.js';

const PAGE_SIZE = 50;
const RECOMPUTE_DAYS = 30;

export function ClustersPage() {
  useDocumentTitle('Массовые проблемы');
  const user = useCurrentUser();
  const canManage = user ? hasPermission(user.roles, 'clusters.manage') : false;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const recompute = useMutation({
    mutationFn: () => api.recomputeClusters(RECOMPUTE_DAYS),
    onSuccess: (result) => {
      void message.success(
        `Пересобрано: сообщений ${result.cases}, сгруппировано ${result.grouped}, групп ${result.clusters}`,
      );
      void queryClient.invalidateQueries({ queryKey: ['clusters'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });
  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Массовые проблемы
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        Сообщения об одной проблеме: похожий текст, то же место (до 50 м или тот же адрес), не дальше недели друг от
        друга. Группе можно ответить один раз; группы объединяются и разделяются вручную. Повторные обращения — тот же
        телефон или e-mail за 30 дней.
      </Typography.Paragraph>
      {canManage ? (
        <Button style={{ marginBottom: 12 }} loading={recompute.isPending} onClick={() => recompute.mutate()}>
          Пересобрать группы за {RECOMPUTE_DAYS} дней
        </Button>
      ) : null}
      <Tabs
        items={[
          { key: 'clusters', label: 'Группы', children: <ClusterTable canManage={canManage} /> },
          { key: 'repeats', label: 'Повторные обращения', children: <RepeatTable /> },
        ]}
      />
    </>
  );
}

function ClusterTable({ canManage }: { canManage: boolean }) {
  const [status, setStatus] = useState<'open' | 'answered' | 'all'>('open');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<string | null>(null);
  const clusters = useQuery({
    queryKey: ['clusters', 'list', status, page],
    queryFn: ({ signal }) =>
      api.fetchClusters({ status: status === 'all' ? undefined : status, page, pageSize: PAGE_SIZE }, signal),
  });
  return (
    <>
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(value) => {
          setStatus(value as typeof status);
          setPage(1);
        }}
        options={[
          { value: 'open', label: 'Открытые' },
          { value: 'answered', label: 'Отвеченные' },
          { value: 'all', label: 'Все' },
        ]}
      />
      {clusters.isError ? <ErrorAlert error={clusters.error} onRetry={() => void clusters.refetch()} /> : null}
      <Table<ClusterSummary>
        rowKey="id"
        size="small"
        loading={clusters.isFetching}
        dataSource={clusters.data?.items ?? []}
        locale={{ emptyText: 'Групп нет' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: clusters.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        onRow={(cluster) => ({ onClick: () => setOpenId(cluster.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: 'Проблема', dataIndex: 'title' },
          { title: 'Сообщений', dataIndex: 'memberCount', width: 100 },
          {
            title: 'Место',
            width: 220,
            render: (_, cluster) => [cluster.district, cluster.address].filter(Boolean).join(', ') || '—',
          },
          {
            title: 'Период',
            width: 230,
            render: (_, cluster) =>
              `${formatDateTime(cluster.firstReceivedAt)} — ${formatDateTime(cluster.lastReceivedAt)}`,
          },
          {
            title: 'Статус',
            width: 110,
            render: (_, cluster) => (
              <Tag color={cluster.status === 'open' ? 'orange' : 'green'}>{CLUSTER_STATUS_TITLES[cluster.status]}</Tag>
            ),
          },
        ]}
      />
      {openId ? (
        <ClusterDrawer
          id={openId}
          canManage={canManage}
          others={(clusters.data?.items ?? []).filter((cluster) => cluster.id !== openId)}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </>
  );
}

function ClusterDrawer({
  id,
  canManage,
  others,
  onClose,
}: {
  id: string;
  canManage: boolean;
  others: ClusterSummary[];
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const cluster = useQuery({
    queryKey: ['clusters', 'detail', id],
    queryFn: ({ signal }) => api.fetchCluster(id, signal),
  });
  const [answer, setAnswer] = useState('');
  const [mergeIds, setMergeIds] = useState<string[]>([]);
  const [answerResult, setAnswerResult] = useState<AnswerClusterResult | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['clusters'] });
  const onError = (error: unknown) => void message.error(describeError(error));
  const answerMutation = useMutation({
    mutationFn: () => api.answerCluster(id, answer),
    onSuccess: (result) => {
      setAnswerResult(result);
      refresh();
    },
    onError,
  });
  const merge = useMutation({
    mutationFn: () => api.mergeClusters(id, mergeIds),
    onSuccess: () => {
      setMergeIds([]);
      refresh();
    },
    onError,
  });
  const remove = useMutation({
    mutationFn: (caseId: string) => api.removeClusterMember(id, caseId),
    onSuccess: (result) => {
      refresh();
      if (result === null) {
        void message.info('В группе осталось одно сообщение — группа распущена');
        onClose();
      }
    },
    onError,
  });
  const detail = cluster.data;
  return (
    <Drawer open width={760} title={detail?.title ?? 'Группа'} onClose={onClose}>
      {cluster.isError ? <ErrorAlert error={cluster.error} /> : null}
      {detail ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {CLUSTER_STATUS_TITLES[detail.status]} · сообщений {detail.memberCount}
            {detail.answeredAt ? ` · ответ ${formatDateTime(detail.answeredAt)}` : ''}
          </Typography.Text>
          <List
            size="small"
            bordered
            dataSource={detail.members}
            renderItem={(member) => (
              <List.Item
                actions={
                  canManage
                    ? [
                        <Popconfirm
                          key="remove"
                          title="Вывести сообщение из группы?"
                          onConfirm={() => remove.mutate(member.caseId)}
                        >
                          <Button size="small">Вывести</Button>
                        </Popconfirm>,
                      ]
                    : []
                }
              >
                <List.Item.Meta
                  title={
                    <Space>
                      <Link to="/cases" search={{ caseId: member.caseId }}>
                        № {member.number}
                      </Link>
                      <Tag>{member.status}</Tag>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        сходство {member.similarity.toFixed(2)}, {CLUSTER_MEMBER_SOURCE_TITLES[member.source]}
                      </Typography.Text>
                    </Space>
                  }
                  description={`${formatDateTime(member.receivedAt)} · ${member.address ?? 'без адреса'} — ${member.excerpt}`}
                />
              </List.Item>
            )}
          />
          {canManage ? (
            <>
              <Typography.Title level={5}>Ответить всей группе</Typography.Title>
              <Input.TextArea
                rows={4}
                value={answer}
                onChange={(event) => setAnswer(event.target.value)}
                aria-label="Ответ группе"
              />
              <Button
                type="primary"
                disabled={answer.trim() === ''}
                loading={answerMutation.isPending}
                onClick={() => answerMutation.mutate()}
              >
                Подготовить ответ на всех сообщениях
              </Button>
              {answerResult ? (
                <Alert
                  type={answerResult.results.every((result) => result.isDone) ? 'success' : 'warning'}
                  message={`Ответ подготовлен на ${answerResult.answered} из ${answerResult.results.length}`}
                  description={answerResult.results
                    .filter((result) => !result.isDone)
                    .map((result) => `№ ${result.number}: ${result.error}`)
                    .join('; ')}
                />
              ) : null}
              <Typography.Title level={5}>Объединить с другими группами</Typography.Title>
              <Space.Compact style={{ width: '100%' }}>
                <Select
                  mode="multiple"
                  style={{ flex: 1 }}
                  value={mergeIds}
                  onChange={setMergeIds}
                  placeholder="Группы с этой страницы списка"
                  options={others.map((other) => ({ value: other.id, label: `${other.title} (${other.memberCount})` }))}
                />
                <Button disabled={mergeIds.length === 0} loading={merge.isPending} onClick={() => merge.mutate()}>
                  Объединить
                </Button>
              </Space.Compact>
            </>
          ) : null}
        </Space>
      ) : null}
    </Drawer>
  );
}

function RepeatTable() {
  const [page, setPage] = useState(1);
  const repeats = useQuery({
    queryKey: ['clusters', 'repeats', page],
    queryFn: ({ signal }) => api.fetchRepeats({ days: RECOMPUTE_DAYS, page, pageSize: PAGE_SIZE }, signal),
  });
  return (
    <>
      {repeats.isError ? <ErrorAlert error={repeats.error} onRetry={() => void repeats.refetch()} /> : null}
      <Table
        rowKey="caseId"
        size="small"
        loading={repeats.isFetching}
        dataSource={repeats.data?.items ?? []}
        locale={{ emptyText: 'Повторных обращений нет' }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: repeats.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: 'Сообщение',
            width: 140,
            render: (_, item) => (
              <Link to="/cases" search={{ caseId: item.caseId }}>
                № {item.number}
              </Link>
            ),
          },
          { title: 'Поступило', width: 160, render: (_, item) => formatDateTime(item.receivedAt) },
          {
            title: 'Заявитель',
            width: 200,
            render: (_, item) => [item.applicantName, item.contact].filter(Boolean).join(', '),
          },
          { title: 'Совпадение', width: 110, render: (_, item) => (item.matchedBy === 'phone' ? 'телефон' : 'e-mail') },
          { title: 'Текст', dataIndex: 'excerpt' },
          {
            title: 'Ранее',
            width: 200,
            render: (_, item) => item.previous.map((previous) => `№ ${previous.number}`).join(', '),
          },
        ]}
      />
    </>
  );
}
