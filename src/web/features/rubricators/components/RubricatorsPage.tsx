import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import {
  RUBRICATOR_SOURCE_TITLES,
  type Rubricator,
  type RubricatorItem,
} from '../../../../shared/contracts/rubricators.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import * as api from '../api/rubricators.api.js';

const PAGE_SIZE = 50;

export function RubricatorsPage() {
  useDocumentTitle('Рубрикаторы');
  const user = useCurrentUser();
  const canManage = user ? hasPermission(user.roles, 'rubricators.manage') : false;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rubricators = useQuery({ queryKey: ['rubricators'], queryFn: ({ signal }) => api.fetchRubricators(signal) });
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [isCreating, setIsCreating] = useState(false);
  const selected = rubricators.data?.find((item) => item.id === selectedId) ?? rubricators.data?.[0] ?? null;

  const load = useMutation({
    mutationFn: api.loadShippedRubricator,
    onSuccess: (result) => {
      void message.success(`Загружено: позиций ${result.total}, новых ${result.inserted}`);
      void queryClient.invalidateQueries({ queryKey: ['rubricators'] });
    },
    onError: (error) => void message.error(describeError(error)),
  });

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Рубрикаторы
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        Деревья тем: поставляемые (темы ЦУР / Инцидент менеджмент, типовой классификатор обращений 59-ФЗ), каналов и
        собственные. Тему можно связать с тематическим блоком, получателем по умолчанию и позициями других рубрикаторов.
      </Typography.Paragraph>
      {canManage ? (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button loading={load.isPending && load.variables === 'cur'} onClick={() => load.mutate('cur')}>
            Загрузить темы ЦУР / ИМ
          </Button>
          <Button loading={load.isPending && load.variables === 'fz59'} onClick={() => load.mutate('fz59')}>
            Загрузить классификатор 59-ФЗ
          </Button>
          <Button onClick={() => setIsCreating(true)}>Создать собственный рубрикатор</Button>
        </Space>
      ) : null}
      {rubricators.isError ? <ErrorAlert error={rubricators.error} onRetry={() => void rubricators.refetch()} /> : null}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(240px, 320px) 1fr', gap: 16 }}>
        <Card size="small" title="Рубрикаторы" loading={rubricators.isLoading}>
          <List
            dataSource={rubricators.data ?? []}
            locale={{ emptyText: 'Рубрикаторов пока нет: загрузите поставляемые или создайте свой.' }}
            renderItem={(item) => (
              <List.Item
                style={{
                  cursor: 'pointer',
                  background: item.id === selected?.id ? '#e6f4ff' : undefined,
                  paddingInline: 8,
                }}
                onClick={() => setSelectedId(item.id)}
              >
                <List.Item.Meta
                  title={item.name}
                  description={`${RUBRICATOR_SOURCE_TITLES[item.source]} · позиций ${item.itemCount}, активных ${item.activeCount}`}
                />
              </List.Item>
            )}
          />
        </Card>
        {selected ? <RubricatorItems key={selected.id} rubricator={selected} canManage={canManage} /> : null}
      </div>
      <CreateRubricatorModal open={isCreating} onClose={() => setIsCreating(false)} />
    </>
  );
}

function CreateRubricatorModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<{ code: string; name: string }>();
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: api.createRubricator,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['rubricators'] });
      form.resetFields();
      onClose();
    },
  });
  return (
    <Modal
      open={open}
      title="Собственный рубрикатор"
      okText="Создать"
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
    >
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="Название" rules={[{ required: true, message: 'Введите название' }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="code"
          label="Код (латиница)"
          rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_-]{1,39}$/, message: 'Латиница, цифры, «-», «_»' }]}
        >
          <Input placeholder="zarechny-topics" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RubricatorItems({ rubricator, canManage }: { rubricator: Rubricator; canManage: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [trail, setTrail] = useState<RubricatorItem[]>([]);
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [assigning, setAssigning] = useState<RubricatorItem | null>(null);
  const [linking, setLinking] = useState<RubricatorItem | null>(null);
  const [adding, setAdding] = useState(false);
  const [renaming, setRenaming] = useState<RubricatorItem | null>(null);
  const parent = trail.at(-1);
  const items = useQuery({
    queryKey: ['rubricators', rubricator.id, 'items', parent?.id ?? null, search, page],
    queryFn: ({ signal }) =>
      api.fetchRubricatorItems(
        rubricator.id,
        { parentId: search ? undefined : parent?.id, q: search || undefined, page, pageSize: PAGE_SIZE },
        signal,
      ),
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['rubricators'] });
  const toggle = useMutation({
    mutationFn: (item: RubricatorItem) => api.updateRubricatorItem(item.id, { isActive: !item.isActive }),
    onSuccess: refresh,
    onError: (error) => void message.error(describeError(error)),
  });

  return (
    <Card
      size="small"
      title={rubricator.name}
      extra={
        canManage && rubricator.isEditable ? (
          <Button size="small" onClick={() => setAdding(true)}>
            Добавить позицию{parent ? ' сюда' : ''}
          </Button>
        ) : null
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Input.Search
          allowClear
          placeholder="Поиск по названию, описанию, коду"
          onSearch={(value) => {
            setSearch(value.trim());
            setPage(1);
          }}
        />
        {!search ? (
          <Breadcrumb
            items={[
              {
                title: (
                  <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => setTrail([])}>
                    Верхний уровень
                  </Button>
                ),
              },
              ...trail.map((item, index) => ({
                title: (
                  <Button
                    type="link"
                    size="small"
                    style={{ padding: 0, height: 'auto' }}
                    onClick={() => setTrail(trail.slice(0, index + 1))}
                  >
                    {item.name}
                  </Button>
                ),
              })),
            ]}
          />
        ) : null}
        {items.isError ? <ErrorAlert error={items.error} onRetry={() => void items.refetch()} /> : null}
        <Table<RubricatorItem>
          rowKey="id"
          size="small"
          loading={items.isFetching}
          dataSource={items.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: items.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            { title: 'Код', dataIndex: 'code', width: 150 },
            {
              title: 'Название',
              render: (_, item) => (
                <Space direction="vertical" size={0}>
                  {item.childCount > 0 && !search ? (
                    <Button
                      type="link"
                      size="small"
                      style={{ padding: 0, height: 'auto' }}
                      onClick={() => setTrail([...trail, item])}
                    >
                      {item.name} ({item.childCount})
                    </Button>
                  ) : (
                    <span>{item.name}</span>
                  )}
                  {item.description ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: item.description }}>
                      {item.description}
                    </Typography.Text>
                  ) : null}
                </Space>
              ),
            },
            {
              title: 'Блок / получатель',
              width: 220,
              render: (_, item) => (
                <Space direction="vertical" size={0}>
                  {item.blockName ? <Tag color="blue">{item.blockName}</Tag> : null}
                  {item.recipientName ? <Tag color="green">{item.recipientName}</Tag> : null}
                  {item.linkCount > 0 ? <Tag>соответствий: {item.linkCount}</Tag> : null}
                </Space>
              ),
            },
            {
              title: 'Активна',
              width: 90,
              render: (_, item) => (
                <Switch
                  size="small"
                  checked={item.isActive}
                  disabled={!canManage}
                  loading={toggle.isPending && toggle.variables?.id === item.id}
                  onChange={() => toggle.mutate(item)}
                  aria-label={`Активна: ${item.name}`}
                />
              ),
            },
            ...(canManage
              ? [
                  {
                    title: '',
                    width: 290,
                    render: (_: unknown, item: RubricatorItem) => (
                      <Space size={4}>
                        <Button size="small" onClick={() => setAssigning(item)}>
                          Блок и получатель
                        </Button>
                        <Button size="small" onClick={() => setLinking(item)}>
                          Соответствия
                        </Button>
                        {rubricator.isEditable ? (
                          <Button size="small" onClick={() => setRenaming(item)}>
                            Изменить
                          </Button>
                        ) : null}
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Space>
      {assigning ? <AssignModal item={assigning} onClose={() => setAssigning(null)} onSaved={refresh} /> : null}
      {linking ? <LinksModal item={linking} onClose={() => setLinking(null)} onSaved={refresh} /> : null}
      {renaming ? <EditItemModal item={renaming} onClose={() => setRenaming(null)} onSaved={refresh} /> : null}
      {adding ? (
        <AddItemModal
          rubricatorId={rubricator.id}
          parent={parent ?? null}
          onClose={() => setAdding(false)}
          onSaved={refresh}
        />
      ) : null}
    </Card>
  );
}

function AssignModal({ item, onClose, onSaved }: { item: RubricatorItem; onClose: () => void; onSaved: () => void }) {
  const blocks = useQuery({ queryKey: ['blocks'], queryFn: ({ signal }) => api.fetchBlocks(signal) });
  const recipients = useQuery({ queryKey: ['recipients'], queryFn: ({ signal }) => api.fetchRecipients(signal) });
  const [blockId, setBlockId] = useState<string | null>(item.blockId);
  const [recipientId, setRecipientId] = useState<string | null>(item.recipientId);
  const save = useMutation({
    mutationFn: () => api.assignRubricatorItem(item.id, { blockId, recipientId }),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`«${item.name}»: блок и получатель по умолчанию`}
      okText="Сохранить"
      onOk={() => save.mutate()}
      onCancel={onClose}
      confirmLoading={save.isPending}
    >
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <Form layout="vertical">
        <Form.Item label="Тематический блок">
          <Select
            allowClear
            value={blockId ?? undefined}
            onChange={(value) => setBlockId(value ?? null)}
            loading={blocks.isLoading}
            options={(blocks.data ?? []).map((block) => ({ value: block.id, label: block.name }))}
          />
        </Form.Item>
        <Form.Item
          label="Ответственный получатель по умолчанию"
          extra="Сообщение с этой категорией уходит ему, если автоправила не назначили другого."
        >
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            value={recipientId ?? undefined}
            onChange={(value) => setRecipientId(value ?? null)}
            loading={recipients.isLoading}
            options={(recipients.data ?? []).map((recipient) => ({ value: recipient.id, label: recipient.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LinksModal({ item, onClose, onSaved }: { item: RubricatorItem; onClose: () => void; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const rubricators = useQuery({ queryKey: ['rubricators'], queryFn: ({ signal }) => api.fetchRubricators(signal) });
  const links = useQuery({
    queryKey: ['rubricator-links', item.id],
    queryFn: ({ signal }) => api.fetchItemLinks(item.id, signal),
  });
  const others = (rubricators.data ?? []).filter((rubricator) => rubricator.id !== item.rubricatorId);
  const [targetRubricatorId, setTargetRubricatorId] = useState<string | undefined>(undefined);
  const [search, setSearch] = useState('');
  const candidates = useQuery({
    queryKey: ['rubricator-link-candidates', targetRubricatorId, search],
    enabled: Boolean(targetRubricatorId) && search.length >= 2,
    queryFn: ({ signal }) => api.fetchRubricatorItems(targetRubricatorId ?? '', { q: search, pageSize: 30 }, signal),
  });
  const afterChange = () => {
    void queryClient.invalidateQueries({ queryKey: ['rubricator-links', item.id] });
    onSaved();
  };
  const link = useMutation({
    mutationFn: (toItemId: string) => api.linkItem(item.id, toItemId),
    onSuccess: afterChange,
  });
  const unlink = useMutation({
    mutationFn: (toItemId: string) => api.unlinkItem(item.id, toItemId),
    onSuccess: afterChange,
  });
  return (
    <Modal open title={`Соответствия «${item.name}»`} footer={null} onCancel={onClose} width={720}>
      {link.isError ? <ErrorAlert error={link.error} /> : null}
      <List
        size="small"
        dataSource={links.data ?? []}
        locale={{ emptyText: 'Соответствий нет' }}
        renderItem={(entry) => (
          <List.Item
            actions={
              entry.direction === 'to'
                ? [
                    <Button key="remove" size="small" danger onClick={() => unlink.mutate(entry.itemId)}>
                      Убрать
                    </Button>,
                  ]
                : []
            }
          >
            {entry.direction === 'to' ? '→' : '←'} {entry.rubricatorName}: {entry.code} {entry.name}
          </List.Item>
        )}
      />
      <Space.Compact style={{ width: '100%', marginTop: 12 }}>
        <Select
          style={{ width: 260 }}
          placeholder="Рубрикатор"
          value={targetRubricatorId}
          onChange={setTargetRubricatorId}
          options={others.map((rubricator) => ({ value: rubricator.id, label: rubricator.name }))}
        />
        <Select
          style={{ flex: 1 }}
          showSearch
          filterOption={false}
          placeholder="Найдите позицию по названию или коду (от 2 символов)"
          onSearch={setSearch}
          loading={candidates.isFetching}
          onSelect={(value: string) => link.mutate(value)}
          options={(candidates.data?.items ?? []).map((candidate) => ({
            value: candidate.id,
            label: `${candidate.code} ${candidate.name}`,
          }))}
        />
      </Space.Compact>
    </Modal>
  );
}

function AddItemModal({
  rubricatorId,
  parent,
  onClose,
  onSaved,
}: {
  rubricatorId: string;
  parent: RubricatorItem | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [form] = Form.useForm<{ name: string; code?: string; description?: string }>();
  const create = useMutation({
    mutationFn: (values: { name: string; code?: string; description?: string }) =>
      api.createRubricatorItem(rubricatorId, {
        name: values.name,
        ...(values.code ? { code: values.code } : {}),
        description: values.description || null,
        parentId: parent?.id ?? null,
      }),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={parent ? `Новая позиция в «${parent.name}»` : 'Новая позиция верхнего уровня'}
      okText="Добавить"
      onCancel={onClose}
      confirmLoading={create.isPending}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
    >
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="Название" rules={[{ required: true, message: 'Введите название' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="code" label="Код (необязательно)">
          <Input />
        </Form.Item>
        <Form.Item name="description" label="Описание: что относится к теме">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EditItemModal({ item, onClose, onSaved }: { item: RubricatorItem; onClose: () => void; onSaved: () => void }) {
  const [form] = Form.useForm<{ name: string; description?: string }>();
  const save = useMutation({
    mutationFn: (values: { name: string; description?: string }) =>
      api.updateRubricatorItem(item.id, { name: values.name, description: values.description || null }),
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  return (
    <Modal
      open
      title={`Позиция ${item.code}`}
      okText="Сохранить"
      onCancel={onClose}
      confirmLoading={save.isPending}
      onOk={() => void form.validateFields().then((values) => save.mutate(values))}
    >
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <Form form={form} layout="vertical" initialValues={{ name: item.name, description: item.description ?? '' }}>
        <Form.Item name="name" label="Название" rules={[{ required: true, message: 'Введите название' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label="Описание">
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
