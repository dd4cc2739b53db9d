import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Radio,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { CASE_KIND_TITLES, CASE_KINDS, CHANNEL_TITLES, CHANNELS } from '../../../../shared/channels.js';
import {
  ROUTING_RULE_CHANGE_TITLES,
  type RoutingRule,
  type RoutingTestResult,
  type TestRoutingInput,
} from '../../../../shared/contracts/routing.contract.js';
import {
  APPLICANT_TYPE_TITLES,
  APPLICANT_TYPES,
  CASE_PRIORITIES,
  CASE_PRIORITY_TITLES,
  ROUTING_CONDITION_TITLES,
  type RoutingConditionType,
} from '../../../../shared/routing/index.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import * as api from '../api/routing.api.js';
import { CONDITION_EXAMPLES, draftOf, emptyDraft, parseDraft, type RuleDraft } from '../api/rule-draft.js';

export function RoutingRulesPage() {
  useDocumentTitle('Автоправила');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['routing-rules'], queryFn: ({ signal }) => api.fetchRoutingRules(signal) });
  const [editing, setEditing] = useState<{ rule: RoutingRule | null } | null>(null);
  const [history, setHistory] = useState<RoutingRule | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['routing-rules'] });
  const onError = (error: unknown) => void message.error(describeError(error));
  const toggle = useMutation({
    mutationFn: (rule: RoutingRule) => api.setRoutingRuleActive(rule.id, !rule.isActive),
    onSuccess: refresh,
    onError,
  });
  const remove = useMutation({
    mutationFn: (rule: RoutingRule) => api.deleteRoutingRule(rule.id),
    onSuccess: refresh,
    onError,
  });
  const reorder = useMutation({ mutationFn: api.reorderRoutingRules, onSuccess: refresh, onError });
  const move = (index: number, offset: number) => {
    const ids = (rules.data ?? []).map((rule) => rule.id);
    const [moved] = ids.splice(index, 1);
    if (moved === undefined) return;
    ids.splice(index + offset, 0, moved);
    reorder.mutate(ids);
  };

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Автоправила
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        Правила применяются к каждому новому сообщению сверху вниз. Сработавшее правило с «остановить» завершает разбор;
        без него следующие правила проверяются уже с изменениями предыдущих. Каждое изменение сохраняется в истории.
      </Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setEditing({ rule: null })}>
          Новое правило
        </Button>
      </Space>
      {rules.isError ? <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} /> : null}
      <Table<RoutingRule>
        rowKey="id"
        size="small"
        loading={rules.isFetching || reorder.isPending}
        dataSource={rules.data ?? []}
        pagination={false}
        locale={{ emptyText: 'Правил пока нет' }}
        columns={[
          { title: '№', dataIndex: 'position', width: 50 },
          {
            title: 'Правило',
            render: (_, rule) => (
              <Space direction="vertical" size={0}>
                <Typography.Text strong={rule.isActive} type={rule.isActive ? undefined : 'secondary'}>
                  {rule.name}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {rule.conditions.length === 0
                    ? 'всегда'
                    : rule.conditions
                        .map((condition) => ROUTING_CONDITION_TITLES[condition.type])
                        .join(rule.match === 'all' ? ' и ' : ' или ')}
                  {' → '}
                  {describeActions(rule)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: 'После срабатывания',
            width: 150,
            render: (_, rule) => (rule.stopOnMatch ? <Tag>остановить</Tag> : <Tag color="blue">продолжить</Tag>),
          },
          {
            title: 'Включено',
            width: 90,
            render: (_, rule) => (
              <Switch
                size="small"
                checked={rule.isActive}
                onChange={() => toggle.mutate(rule)}
                aria-label={`Включено: ${rule.name}`}
              />
            ),
          },
          {
            title: '',
            width: 330,
            render: (_, rule, index) => (
              <Space size={4}>
                <Button size="small" disabled={index === 0} onClick={() => move(index, -1)} aria-label="Выше">
                  ↑
                </Button>
                <Button
                  size="small"
                  disabled={index === (rules.data?.length ?? 0) - 1}
                  onClick={() => move(index, 1)}
                  aria-label="Ниже"
                >
                  ↓
                </Button>
                <Button size="small" onClick={() => setEditing({ rule })}>
                  Изменить
                </Button>
                <Button size="small" onClick={() => setHistory(rule)}>
                  История (v{rule.version})
                </Button>
                <Popconfirm
                  title="Удалить правило? История останется."
                  okText="Удалить"
                  onConfirm={() => remove.mutate(rule)}
                >
                  <Button size="small" danger>
                    Удалить
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <TestPanel />
      {editing ? <RuleEditor rule={editing.rule} onClose={() => setEditing(null)} onSaved={refresh} /> : null}
      {history ? <RuleHistory rule={history} onClose={() => setHistory(null)} /> : null}
    </>
  );
}

function describeActions(rule: Pick<RoutingRule, 'actions'>): string {
  const { actions } = rule;
  const parts: string[] = [];
  if (actions.category) parts.push(`категория «${actions.category}»`);
  if (actions.subcategory) parts.push(`подкатегория «${actions.subcategory}»`);
  if (actions.recipientId) parts.push('получатель');
  if (actions.executorId) parts.push('исполнитель');
  if (actions.priority) parts.push(`приоритет «${CASE_PRIORITY_TITLES[actions.priority]}»`);
  if (actions.isFastTrack !== undefined) parts.push(actions.isFastTrack ? 'быстрый путь' : 'без быстрого пути');
  if (actions.tags?.length) parts.push(`метки ${actions.tags.join(', ')}`);
  if (actions.workflowId) parts.push(`процесс ${actions.workflowId}`);
  return parts.join(', ');
}

function RuleEditor({
  rule,
  onClose,
  onSaved,
}: {
  rule: RoutingRule | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const [draft, setDraft] = useState<RuleDraft>(rule ? draftOf(rule) : emptyDraft());
  const [problems, setProblems] = useState<string[]>([]);
  const save = useMutation({
    mutationFn: async () => {
      const parsed = parseDraft(draft);
      if ('errors' in parsed) {
        setProblems(parsed.errors);
        throw new Error('Исправьте ошибки в правиле.');
      }
      setProblems([]);
      return rule
        ? api.updateRoutingRule(rule.id, { ...parsed.definition, version: rule.version })
        : api.createRoutingRule(parsed.definition);
    },
    onSuccess: () => {
      onSaved();
      onClose();
    },
  });
  const update = (patch: Partial<RuleDraft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const addCondition = (type: RoutingConditionType) => {
    let list: unknown[] = [];
    try {
      const parsed: unknown = JSON.parse(draft.conditionsText || '[]');
      list = Array.isArray(parsed) ? parsed : [];
    } catch {
      list = [];
    }
    update({ conditionsText: JSON.stringify([...list, CONDITION_EXAMPLES[type]], null, 2) });
  };
  return (
    <Drawer
      open
      width={640}
      title={rule ? `Правило «${rule.name}»` : 'Новое правило'}
      onClose={onClose}
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
          Сохранить
        </Button>
      }
    >
      {save.isError && problems.length === 0 ? <ErrorAlert error={save.error} /> : null}
      {problems.length > 0 ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message="Правило не сохранено"
          description={problems.join('; ')}
        />
      ) : null}
      <Form layout="vertical">
        <Form.Item label="Название" required>
          <Input
            value={draft.name}
            onChange={(event) => update({ name: event.target.value })}
            aria-label="Название правила"
          />
        </Form.Item>
        <Space wrap>
          <Form.Item label="Условия объединяются">
            <Radio.Group value={draft.match} onChange={(event) => update({ match: event.target.value })}>
              <Radio.Button value="all">все (И)</Radio.Button>
              <Radio.Button value="any">любое (ИЛИ)</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="После срабатывания">
            <Radio.Group value={draft.stopOnMatch} onChange={(event) => update({ stopOnMatch: event.target.value })}>
              <Radio.Button value>остановить</Radio.Button>
              <Radio.Button value={false}>продолжить</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item label="Включено">
            <Switch checked={draft.isActive} onChange={(isActive) => update({ isActive })} />
          </Form.Item>
        </Space>
        <Form.Item
          label="Условия (JSON)"
          extra="Слова сравниваются по основам, многоугольник — GeoJSON [долгота, широта], время — в часовом поясе муниципалитета."
        >
          <Select<RoutingConditionType>
            placeholder="Добавить условие…"
            style={{ width: 300, marginBottom: 8 }}
            value={null as unknown as RoutingConditionType}
            onChange={addCondition}
            options={Object.entries(ROUTING_CONDITION_TITLES).map(([value, label]) => ({
              value: value as RoutingConditionType,
              label,
            }))}
          />
          <Input.TextArea
            rows={12}
            value={draft.conditionsText}
            onChange={(event) => update({ conditionsText: event.target.value })}
            style={{ fontFamily: 'monospace' }}
            aria-label="Условия"
          />
        </Form.Item>
        <Form.Item
          label="Действия (JSON)"
          extra="category, subcategory, recipientId, executorId, priority (low, normal, high, urgent), isFastTrack, tags, workflowId"
        >
          <Input.TextArea
            rows={6}
            value={draft.actionsText}
            onChange={(event) => update({ actionsText: event.target.value })}
            style={{ fontFamily: 'monospace' }}
            aria-label="Действия"
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function RuleHistory({ rule, onClose }: { rule: RoutingRule; onClose: () => void }) {
  const versions = useQuery({
    queryKey: ['routing-rules', rule.id, 'versions'],
    queryFn: ({ signal }) => api.fetchRoutingRuleVersions(rule.id, signal),
  });
  return (
    <Drawer open width={560} title={`История «${rule.name}»`} onClose={onClose}>
      {versions.isError ? <ErrorAlert error={versions.error} /> : null}
      <Timeline
        items={(versions.data ?? []).map((version) => ({
          children: (
            <Space direction="vertical" size={0} style={{ width: '100%' }}>
              <Typography.Text strong>
                v{version.version} · {ROUTING_RULE_CHANGE_TITLES[version.change]} · {formatDateTime(version.changedAt)}
                {version.changedByName ? ` · ${version.changedByName}` : ''}
              </Typography.Text>
              <Typography.Paragraph
                style={{ fontFamily: 'monospace', fontSize: 12, whiteSpace: 'pre-wrap', marginBottom: 0 }}
                ellipsis={{ rows: 4, expandable: true, symbol: 'показать всё' }}
              >
                {JSON.stringify(version.snapshot, null, 2)}
              </Typography.Paragraph>
            </Space>
          ),
        }))}
      />
    </Drawer>
  );
}

type TestForm = {
  text: string;
  channel: (typeof CHANNELS)[number];
  kind: (typeof CASE_KINDS)[number];
  category?: string;
  district?: string;
  address?: string;
  latitude?: number | null;
  longitude?: number | null;
  receivedAt?: string;
  priority: (typeof CASE_PRIORITIES)[number];
  applicantType: (typeof APPLICANT_TYPES)[number];
};

function TestPanel() {
  const [form] = Form.useForm<TestForm>();
  const [result, setResult] = useState<RoutingTestResult | null>(null);
  const run = useMutation({
    mutationFn: (values: TestForm) => {
      const input: TestRoutingInput = {
        case: {
          channel: values.channel,
          kind: values.kind,
          text: values.text ?? '',
          category: values.category || null,
          district: values.district || null,
          address: values.address || null,
          latitude: values.latitude ?? null,
          longitude: values.longitude ?? null,
          priority: values.priority,
          applicantType: values.applicantType,
          ...(values.receivedAt ? { receivedAt: new Date(values.receivedAt).toISOString() } : {}),
        },
      };
      return api.testRoutingRules(input);
    },
    onSuccess: setResult,
  });
  return (
    <Card size="small" title="Проверка правил" style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">
        Вставьте текст и поля сообщения — покажем, какие правила сработают и почему. Ничего не сохраняется.
      </Typography.Paragraph>
      <Form<TestForm>
        form={form}
        layout="vertical"
        initialValues={{ channel: 'phone', kind: 'message', priority: 'normal', applicantType: 'unknown' }}
        onFinish={(values) => run.mutate(values)}
      >
        <Form.Item name="text" label="Текст сообщения" rules={[{ required: true, message: 'Введите текст' }]}>
          <Input.TextArea rows={3} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="channel" label="Канал">
            <Select
              style={{ width: 220 }}
              options={CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }))}
            />
          </Form.Item>
          <Form.Item name="kind" label="Вид">
            <Select
              style={{ width: 170 }}
              options={CASE_KINDS.map((kind) => ({ value: kind, label: CASE_KIND_TITLES[kind] }))}
            />
          </Form.Item>
          <Form.Item name="category" label="Категория">
            <Input style={{ width: 170 }} />
          </Form.Item>
          <Form.Item name="district" label="Район">
            <Input style={{ width: 150 }} />
          </Form.Item>
          <Form.Item name="address" label="Адрес">
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="latitude" label="Широта">
            <InputNumber style={{ width: 110 }} min={-90} max={90} step={0.0001} />
          </Form.Item>
          <Form.Item name="longitude" label="Долгота">
            <InputNumber style={{ width: 110 }} min={-180} max={180} step={0.0001} />
          </Form.Item>
          <Form.Item name="receivedAt" label="Поступило (пусто — сейчас)">
            <Input type="datetime-local" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="priority" label="Приоритет">
            <Select
              style={{ width: 130 }}
              options={CASE_PRIORITIES.map((value) => ({ value, label: CASE_PRIORITY_TITLES[value] }))}
            />
          </Form.Item>
          <Form.Item name="applicantType" label="Заявитель">
            <Select
              style={{ width: 140 }}
              options={APPLICANT_TYPES.map((value) => ({ value, label: APPLICANT_TYPE_TITLES[value] }))}
            />
          </Form.Item>
        </Space>
        <Button htmlType="submit" loading={run.isPending}>
          Проверить
        </Button>
      </Form>
      {run.isError ? <ErrorAlert error={run.error} /> : null}
      {result ? (
        <div style={{ marginTop: 16 }} data-testid="routing-test-result">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="Сработали">
              {result.fired.length === 0 ? 'ни одно правило' : result.fired.map((rule) => rule.name).join(' → ')}
            </Descriptions.Item>
            <Descriptions.Item label="Итог">
              {describeActions({ actions: { ...result.outcome, tags: result.outcome.tags } }) || 'без изменений'}
              {result.recipientName ? ` · получатель: ${result.recipientName}` : ''}
              {result.executorName ? ` · исполнитель: ${result.executorName}` : ''}
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 8 }}
            size="small"
            rowKey="ruleId"
            pagination={false}
            dataSource={result.trace}
            columns={[
              { title: '№', dataIndex: 'position', width: 50 },
              { title: 'Правило', dataIndex: 'name' },
              {
                title: 'Результат',
                width: 150,
                render: (_, trace) =>
                  trace.skipped === 'inactive' ? (
                    <Tag>выключено</Tag>
                  ) : trace.skipped === 'stopped' ? (
                    <Tag>не проверялось</Tag>
                  ) : trace.isFired ? (
                    <Tag color="green">сработало</Tag>
                  ) : (
                    <Tag color="default">не сработало</Tag>
                  ),
              },
              {
                title: 'Почему',
                render: (_, trace) => (
                  <Space direction="vertical" size={0}>
                    {trace.conditions.map((condition) => (
                      <Typography.Text key={condition.index} type={condition.isMatched ? 'success' : 'secondary'}>
                        {condition.isMatched ? '✓' : '✗'}{' '}
                        {ROUTING_CONDITION_TITLES[condition.type as RoutingConditionType] ?? condition.type}:{' '}
                        {condition.explanation}
                      </Typography.Text>
                    ))}
                  </Space>
                ),
              },
            ]}
          />
        </div>
      ) : null}
    </Card>
  );
}
