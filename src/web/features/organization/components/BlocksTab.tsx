import { App, Button, Popconfirm, Space, Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Block, Person } from '../../../../shared/contracts/organization.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { type TenantChoice, useBlocks, usePeople, useUpdateBlock } from '../hooks/use-organization.js';
import { ActionLink } from './ActionLink.js';
import { BlockFormModal } from './BlockFormModal.js';
import { ActiveTag } from './RoleTags.js';

const SHOWN_TOPICS = 6;

function TopicTags({ topics }: { topics: readonly string[] }) {
  if (topics.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const shown = topics.slice(0, SHOWN_TOPICS);
  const rest = topics.slice(SHOWN_TOPICS);
  return (
    <Space size={[4, 4]} wrap>
      {shown.map((topic) => (
        <Tag key={topic} style={{ marginInlineEnd: 0 }}>
          {topic}
        </Tag>
      ))}
      {rest.length > 0 ? (
        <Tooltip title={rest.join(', ')}>
          <Tag style={{ marginInlineEnd: 0 }}>ещё {rest.length}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

function MemberNames({ memberIds, peopleById }: { memberIds: readonly string[]; peopleById: Map<string, Person> }) {
  if (memberIds.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  const names = memberIds.map((id) => peopleById.get(id)?.fullName ?? 'сотрудник другого списка');
  return (
    <Tooltip title={names.join(', ')} placement="topLeft">
      <span>
        <Typography.Text strong>{memberIds.length}</Typography.Text>
        <Typography.Text type="secondary">
          {' '}
          · {names.slice(0, 3).join(', ')}
          {names.length > 3 ? ', …' : ''}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}

export function BlocksTab({ choice }: { choice: TenantChoice }) {
  const blocksQuery = useBlocks(choice);
  const peopleQuery = usePeople(choice);
  const updateMutation = useUpdateBlock();
  const { message } = App.useApp();
  const [editedBlock, setEditedBlock] = useState<Block | null | undefined>(undefined);
  const people = peopleQuery.data;
  const peopleById = useMemo(() => new Map((people ?? []).map((person) => [person.id, person])), [people]);

  const setActive = (block: Block, isActive: boolean) => {
    updateMutation.mutate(
      { id: block.id, input: { isActive } },
      {
        onSuccess: () =>
          void message.success(isActive ? `Блок «${block.name}» включён` : `Блок «${block.name}» отключён`),
        onError: (error) => void message.error(describeError(error)),
      },
    );
  };

  const columns: TableColumnsType<Block> = [
    {
      title: 'Блок',
      dataIndex: 'name',
      width: 260,
      render: (name: string, block) => (
        <>
          {choice.canManage ? (
            <ActionLink isStrong onClick={() => setEditedBlock(block)}>
              {name}
            </ActionLink>
          ) : (
            <Typography.Text strong type={block.isActive ? undefined : 'secondary'}>
              {name}
            </Typography.Text>
          )}
          {block.isActive ? null : (
            <>
              {' '}
              <ActiveTag isActive={false} />
            </>
          )}
        </>
      ),
    },
    {
      title: 'Руководитель',
      dataIndex: 'leaderName',
      width: 190,
      ellipsis: true,
      render: (leaderName: string | null) =>
        leaderName ?? <Typography.Text type="secondary">не назначен</Typography.Text>,
    },
    {
      title: 'Участники',
      dataIndex: 'memberIds',
      width: 230,
      ellipsis: true,
      render: (_: unknown, block) => <MemberNames memberIds={block.memberIds} peopleById={peopleById} />,
    },
    {
      title: 'Темы',
      dataIndex: 'topics',
      render: (_: unknown, block) => <TopicTags topics={block.topics} />,
    },
  ];
  if (choice.canManage) {
    columns.push({
      title: 'Действия',
      key: 'actions',
      width: 170,
      render: (_: unknown, block) => (
        <Space size={12} style={{ whiteSpace: 'nowrap' }}>
          <ActionLink onClick={() => setEditedBlock(block)}>Изменить</ActionLink>
          {block.isActive ? (
            <Popconfirm
              title={`Отключить блок «${block.name}»?`}
              okText="Отключить"
              cancelText="Отмена"
              onConfirm={() => setActive(block, false)}
            >
              <ActionLink isDanger>Отключить</ActionLink>
            </Popconfirm>
          ) : (
            <ActionLink onClick={() => setActive(block, true)}>Включить</ActionLink>
          )}
        </Space>
      ),
    });
  }

  return (
    <>
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Text type="secondary">
          Отраслевые тематические блоки: руководитель (заместитель главы), участники и темы, которые ведёт блок
        </Typography.Text>
        {choice.canManage ? (
          <Button type="primary" onClick={() => setEditedBlock(null)}>
            Добавить блок
          </Button>
        ) : null}
      </Space>
      {blocksQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={blocksQuery.error} onRetry={() => void blocksQuery.refetch()} />
        </div>
      ) : null}
      <Table<Block>
        size="small"
        rowKey="id"
        tableLayout="fixed"
        columns={columns}
        dataSource={blocksQuery.data ?? []}
        loading={blocksQuery.isFetching}
        pagination={false}
        scroll={{ x: choice.canManage ? 1150 : 980 }}
        locale={{
          emptyText: blocksQuery.isPending ? ' ' : 'Блоков пока нет. Добавьте их или загрузите состав МЦУ.',
        }}
      />
      {editedBlock !== undefined ? (
        <BlockFormModal
          block={editedBlock}
          people={people ?? []}
          scope={choice.scope}
          onClose={() => setEditedBlock(undefined)}
        />
      ) : null}
    </>
  );
}
