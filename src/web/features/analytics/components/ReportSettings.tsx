import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { KPI_FORMULA_MEASURES, parseKpiFormula } from '../../../../shared/analytics/kpi-formula.js';
import { CHANNEL_TITLES, CHANNELS, type Channel } from '../../../../shared/channels.js';
import {
  type KpiDefinitionInput,
  type KpiDefinitionSet,
  type ReportSchedule,
  WEEKDAY_TITLES,
} from '../../../../shared/contracts/reports.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { fetchPeople, fetchTenants } from '../../organization/api/organization.api.js';
import {
  fetchKpiDefinitions,
  fetchKpiVersion,
  fetchReportSchedule,
  restoreKpiVersion,
  saveKpiDefinitions,
  saveReportSchedule,
} from '../api/report-settings.api.js';

const TIME_ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Novokuznetsk',
  'Asia/Krasnoyarsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

const RUN_STATUS = {
  running: { color: 'blue', title: 'формируется' },
  done: { color: 'green', title: 'готова' },
  failed: { color: 'red', title: 'ошибка, повтор при следующем запуске' },
} as const;

type ScheduleDraft = {
  weekday: number;
  time: string;
  timezone: string;
  isEnabled: boolean;
  subscriberUserIds: string[];
  emails: string[];
};

function draftOf(schedule: ReportSchedule): ScheduleDraft {
  return {
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    isEnabled: schedule.isEnabled,
    subscriberUserIds: schedule.subscribers.map((item) => item.userId),
    emails: schedule.emails,
  };
}

/** «Расписание отчётов»: when the weekly note is made and who gets it. The head reads; admin and manager edit. */
export function ReportScheduleCard() {
  const user = useCurrentUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const canRead = user ? hasPermission(user.roles, 'reports.schedule_read') : false;
  const canManage = user ? hasPermission(user.roles, 'reports.schedule_manage') : false;
  const schedule = useQuery({
    queryKey: ['analytics', 'report-schedule'],
    queryFn: ({ signal }) => fetchReportSchedule(signal),
    enabled: canRead,
  });
  const people = useQuery({
    queryKey: ['analytics', 'report-schedule', 'people'],
    queryFn: ({ signal }) => fetchPeople({ tenantId: undefined }, { isActive: true }, signal),
    enabled: canManage,
  });
  const [draft, setDraft] = useState<ScheduleDraft | null>(null);
  useEffect(() => {
    if (schedule.data) setDraft(draftOf(schedule.data));
  }, [schedule.data]);
  const save = useMutation({
    mutationFn: saveReportSchedule,
    onSuccess: (data) => {
      client.setQueryData(['analytics', 'report-schedule'], data);
      void message.success('Расписание сохранено');
    },
  });
  if (!canRead) return null;
  const data = schedule.data;
  const peopleOptions = (people.data ?? []).map((person) => ({
    value: person.id,
    label: `${person.fullName}${person.email ? '' : ' (нет e-mail — только колокольчик)'}`,
  }));
  const subscriberOptions =
    peopleOptions.length > 0
      ? peopleOptions
      : (data?.subscribers ?? []).map((item) => ({ value: item.userId, label: item.fullName }));
  return (
    <Card size="small" title="Расписание отчётов" data-testid="report-schedule">
      {schedule.error ? <ErrorAlert error={schedule.error} /> : null}
      {data && draft ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            Еженедельная аналитическая записка за прошедшую неделю (пн–вс) формируется в выбранный день и час по
            указанному поясу, кладётся в архив и рассылается подписчикам: сотрудникам — в колокольчик и по их настройкам
            уведомлений, внешним адресам — письмом с самой запиской во вложении (DOCX и PDF из архива).
          </Typography.Text>
          <Space wrap>
            <Switch
              checked={draft.isEnabled}
              disabled={!canManage}
              onChange={(isEnabled) => setDraft({ ...draft, isEnabled })}
              aria-label="Формировать записку"
            />
            Формировать записку
            <Select
              aria-label="День недели"
              style={{ width: 160 }}
              disabled={!canManage}
              value={draft.weekday}
              options={WEEKDAY_TITLES.map((title, index) => ({ value: index + 1, label: title }))}
              onChange={(weekday) => setDraft({ ...draft, weekday })}
            />
            <Input
              aria-label="Время"
              style={{ width: 90 }}
              disabled={!canManage}
              value={draft.time}
              placeholder="ЧЧ:ММ"
              onChange={(event) => setDraft({ ...draft, time: event.target.value })}
            />
            <AutoComplete
              aria-label="Часовой пояс"
              style={{ width: 220 }}
              disabled={!canManage}
              value={draft.timezone}
              options={TIME_ZONES.map((zone) => ({ value: zone }))}
              onChange={(timezone: string) => setDraft({ ...draft, timezone })}
            />
          </Space>
          <Select
            mode="multiple"
            aria-label="Подписчики-сотрудники"
            placeholder="Сотрудники МЦУ, получающие записку"
            style={{ width: '100%' }}
            disabled={!canManage}
            value={draft.subscriberUserIds}
            options={subscriberOptions}
            optionFilterProp="label"
            onChange={(subscriberUserIds) => setDraft({ ...draft, subscriberUserIds })}
          />
          <Select
            mode="tags"
            aria-label="Внешние адреса e-mail"
            placeholder="Внешние адреса e-mail (например, приёмная главы)"
            style={{ width: '100%' }}
            disabled={!canManage}
            value={draft.emails}
            tokenSeparators={[',', ';', ' ']}
            onChange={(emails) => setDraft({ ...draft, emails })}
          />
          {save.error ? <ErrorAlert error={save.error} /> : null}
          {canManage ? (
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate(draft)}>
              Сохранить расписание
            </Button>
          ) : null}
          <Descriptions size="small" column={1}>
            <Descriptions.Item label="Следующая записка">
              {data.nextRunAt
                ? `за неделю ${data.nextWeek} — ${new Date(data.nextRunAt).toLocaleString('ru-RU', { timeZone: data.timezone })} (${data.timezone})`
                : 'не формируется: расписание выключено'}
            </Descriptions.Item>
            <Descriptions.Item label="Последние запуски">
              {data.lastRuns.length === 0
                ? 'ещё не было'
                : data.lastRuns.map((run) => (
                    <Tag key={run.period} color={RUN_STATUS[run.status].color}>
                      {run.period}: {RUN_STATUS[run.status].title}
                    </Tag>
                  ))}
            </Descriptions.Item>
            {data.isDefault ? (
              <Descriptions.Item label="Настройка">
                по умолчанию (понедельник 07:00 по поясу муниципалитета)
              </Descriptions.Item>
            ) : null}
          </Descriptions>
        </Space>
      ) : null}
    </Card>
  );
}

const SOURCE_TITLES = {
  defaults: 'по умолчанию (ЦУР, поставляются с Откликом)',
  region: 'заданы ЦУР для региона',
  own: 'заданы для этой организации',
} as const;

type DraftRow = KpiDefinitionInput & { key: number };

/** «Показатели КПЭ»: the definitions in force; the ЦУР edits them for the region or one municipality. */
export function KpiDefinitionsCard() {
  const user = useCurrentUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const isRegion = user?.tenant.kind === 'region';
  const [tenantId, setTenantId] = useState<string | undefined>(undefined);
  const tenants = useQuery({
    queryKey: ['organization', 'tenants'],
    queryFn: ({ signal }) => fetchTenants(signal),
    enabled: isRegion,
  });
  const definitions = useQuery({
    queryKey: ['analytics', 'kpi-definitions', tenantId ?? 'own'],
    queryFn: ({ signal }) => fetchKpiDefinitions(tenantId, signal),
  });
  const [rows, setRows] = useState<DraftRow[]>([]);
  const [comment, setComment] = useState('');
  useEffect(() => {
    if (definitions.data) setRows(definitions.data.definitions.map((item, key) => ({ ...item, key })));
  }, [definitions.data]);
  const save = useMutation({
    mutationFn: () =>
      saveKpiDefinitions(tenantId, {
        definitions: rows.map(({ key: _key, ...item }) => item),
        comment: comment.trim() || null,
      }),
    onSuccess: (data) => {
      client.setQueryData(['analytics', 'kpi-definitions', tenantId ?? 'own'], data);
      setComment('');
      void message.success(`Показатели сохранены: версия ${data.version}`);
    },
  });
  const restore = useMutation({
    mutationFn: (version: number) => restoreKpiVersion(tenantId, version, { comment: comment.trim() || null }),
    onSuccess: (data, version) => {
      client.setQueryData(['analytics', 'kpi-definitions', tenantId ?? 'own'], data);
      setComment('');
      void message.success(`Версия ${version} восстановлена: сохранена как версия ${data.version}`);
    },
  });
  const canEdit = definitions.data?.canEdit ?? false;
  const update = (key: number, patch: Partial<KpiDefinitionInput>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const formulaErrors = useMemo(
    () =>
      new Map(
        rows.map((row) => {
          const parsed = parseKpiFormula(row.formula);
          return [row.key, parsed.isValid ? null : parsed.error];
        }),
      ),
    [rows],
  );
  const data = definitions.data;
  return (
    <Card size="small" title="Показатели КПЭ" data-testid="kpi-definitions">
      {definitions.error ? <ErrorAlert error={definitions.error} /> : null}
      <Space direction="vertical" style={{ width: '100%' }}>
        {isRegion ? (
          <Select
            aria-label="Чьи показатели"
            style={{ width: 360 }}
            value={tenantId ?? ''}
            onChange={(value: string) => setTenantId(value === '' ? undefined : value)}
            options={[
              { value: '', label: `${user?.tenant.name ?? 'Регион'} (весь регион)` },
              ...(tenants.data ?? [])
                .filter((tenant) => tenant.kind === 'municipality')
                .map((tenant) => ({ value: tenant.id, label: `${tenant.name}: своё переопределение` })),
            ]}
          />
        ) : null}
        {data ? (
          <Typography.Text>
            Действуют: <Tag>{SOURCE_TITLES[data.source]}</Tag>
            {data.version === null ? null : `версия ${data.version} от ${formatDateTime(data.createdAt)}`}
            {data.createdBy ? `, ${data.createdBy}` : ''}
            {data.comment ? ` — «${data.comment}»` : ''}
          </Typography.Text>
        ) : null}
        <Table<DraftRow>
          size="small"
          rowKey="key"
          pagination={false}
          loading={definitions.isFetching}
          dataSource={rows}
          columns={[
            {
              title: 'Показатель',
              render: (_, row) => (
                <Input
                  aria-label="Название показателя"
                  disabled={!canEdit}
                  value={row.name}
                  onChange={(event) => update(row.key, { name: event.target.value })}
                />
              ),
            },
            {
              title: 'Формула',
              width: '32%',
              render: (_, row) => {
                const error = formulaErrors.get(row.key);
                return (
                  <Space direction="vertical" style={{ width: '100%' }} size={0}>
                    <Input
                      aria-label="Формула"
                      disabled={!canEdit}
                      status={error ? 'error' : ''}
                      value={row.formula}
                      onChange={(event) => update(row.key, { formula: event.target.value })}
                    />
                    {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
                  </Space>
                );
              },
            },
            {
              title: 'Канал',
              render: (_, row) => (
                <Select<Channel | ''>
                  aria-label="Канал"
                  style={{ width: 170 }}
                  disabled={!canEdit}
                  value={row.channel ?? ''}
                  options={[
                    { value: '', label: 'все каналы' },
                    ...CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] })),
                  ]}
                  onChange={(value) => update(row.key, { channel: value === '' ? null : value })}
                />
              ),
            },
            {
              title: 'Цель',
              render: (_, row) => (
                <Space size={4}>
                  <Select
                    aria-label="Условие"
                    style={{ width: 70 }}
                    disabled={!canEdit}
                    value={row.comparison}
                    options={[
                      { value: 'at_least', label: '≥' },
                      { value: 'at_most', label: '≤' },
                    ]}
                    onChange={(comparison) => update(row.key, { comparison })}
                  />
                  <InputNumber
                    aria-label="Цель"
                    style={{ width: 90 }}
                    disabled={!canEdit}
                    value={row.target}
                    onChange={(value) => update(row.key, { target: value ?? 0 })}
                  />
                </Space>
              ),
            },
            {
              title: 'Вес',
              render: (_, row) => (
                <InputNumber
                  aria-label="Вес"
                  style={{ width: 80 }}
                  min={0}
                  max={100}
                  step={0.05}
                  disabled={!canEdit}
                  value={row.weight}
                  onChange={(value) => update(row.key, { weight: value ?? 0 })}
                />
              ),
            },
            {
              title: 'Действует',
              render: (_, row) => (
                <Switch
                  aria-label="Действует"
                  disabled={!canEdit}
                  checked={row.isActive}
                  onChange={(isActive) => update(row.key, { isActive })}
                />
              ),
            },
            ...(canEdit
              ? [
                  {
                    title: '',
                    render: (_: unknown, row: DraftRow) => (
                      <Button
                        size="small"
                        danger
                        onClick={() => setRows((current) => current.filter((item) => item.key !== row.key))}
                      >
                        Удалить
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
        {canEdit ? (
          <Space wrap>
            <Button
              onClick={() =>
                setRows((current) => [
                  ...current,
                  {
                    key: Math.max(-1, ...current.map((row) => row.key)) + 1,
                    name: '',
                    formula: '',
                    comparison: 'at_least',
                    target: 0,
                    weight: 0.1,
                    channel: null,
                    isActive: true,
                  },
                ])
              }
            >
              Добавить показатель
            </Button>
            <Input
              aria-label="Основание изменения"
              placeholder="Основание изменения (приказ, письмо ЦУР)"
              style={{ width: 320 }}
              value={comment}
              onChange={(event) => setComment(event.target.value)}
            />
            <Button type="primary" loading={save.isPending} onClick={() => save.mutate()}>
              Сохранить новую версию
            </Button>
          </Space>
        ) : null}
        {save.error ? <ErrorAlert error={save.error} /> : null}
        {restore.error ? <ErrorAlert error={restore.error} /> : null}
        <Typography.Text type="secondary">
          Формула — арифметика (+ − × / и скобки) над мерами сообщений квартала (поступивших в квартал, по каналу
          показателя):{' '}
          {Object.entries(KPI_FORMULA_MEASURES)
            .map(([name, title]) => `${name} — ${title}`)
            .join('; ')}
          . Деление на ноль или мера без данных дают «нет данных».
        </Typography.Text>
        {data && data.history.length > 0 ? (
          <KpiVersionHistory
            data={data}
            tenantId={tenantId}
            canEdit={canEdit}
            restoringVersion={restore.isPending ? restore.variables : undefined}
            onRestore={(version) => restore.mutate(version)}
          />
        ) : null}
      </Space>
    </Card>
  );
}

type KpiHistoryItem = KpiDefinitionSet['history'][number];

/**
 * «Версии показателей»: every saved version (version, time, author, reason); a row opens the version's set, and
 * «Восстановить» saves that set again as the next version — earlier versions are never rewritten.
 */
function KpiVersionHistory(props: {
  data: KpiDefinitionSet;
  tenantId: string | undefined;
  canEdit: boolean;
  restoringVersion: number | undefined;
  onRestore: (version: number) => void;
}) {
  const latest = props.data.history[0]?.version;
  return (
    <div data-testid="kpi-versions">
      <Table<KpiHistoryItem>
        size="small"
        title={() => 'Версии показателей'}
        rowKey="version"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={props.data.history}
        expandable={{
          expandedRowRender: (item) => <KpiVersionDetails tenantId={props.tenantId} version={item.version} />,
        }}
        columns={[
          { title: 'Версия', dataIndex: 'version', width: 80 },
          {
            title: 'Сохранена',
            dataIndex: 'createdAt',
            render: (value: string) => formatDateTime(value),
          },
          { title: 'Автор', dataIndex: 'createdBy', render: (value: string | null) => value ?? '—' },
          { title: 'Основание', dataIndex: 'comment', render: (value: string | null) => value ?? '—' },
          { title: 'Показателей', dataIndex: 'count', width: 110 },
          ...(props.canEdit
            ? [
                {
                  title: '',
                  key: 'restore',
                  render: (_: unknown, item: KpiHistoryItem) =>
                    item.version === latest ? (
                      <Tag color="green">действует</Tag>
                    ) : (
                      <Popconfirm
                        title={`Восстановить версию ${item.version}?`}
                        description={`Её показатели будут сохранены новой версией ${(latest ?? 0) + 1}; основание — из поля «Основание изменения». Прежние версии останутся.`}
                        okText="Восстановить"
                        cancelText="Отмена"
                        onConfirm={() => props.onRestore(item.version)}
                      >
                        <Button
                          size="small"
                          aria-label={`Восстановить версию ${item.version}`}
                          loading={props.restoringVersion === item.version}
                          disabled={props.restoringVersion !== undefined}
                        >
                          Восстановить
                        </Button>
                      </Popconfirm>
                    ),
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}

function KpiVersionDetails(props: { tenantId: string | undefined; version: number }) {
  const version = useQuery({
    queryKey: ['analytics', 'kpi-version', props.tenantId ?? 'own', props.version],
    queryFn: ({ signal }) => fetchKpiVersion(props.tenantId, props.version, signal),
    staleTime: Number.POSITIVE_INFINITY,
  });
  if (version.error) return <ErrorAlert error={version.error} />;
  return (
    <Table<KpiDefinitionInput & { key: number }>
      size="small"
      rowKey="key"
      loading={version.isFetching}
      pagination={false}
      dataSource={(version.data?.definitions ?? []).map((item, key) => ({ ...item, key }))}
      columns={[
        { title: 'Показатель', dataIndex: 'name' },
        { title: 'Формула', dataIndex: 'formula' },
        {
          title: 'Канал',
          dataIndex: 'channel',
          render: (value: Channel | null) => (value ? CHANNEL_TITLES[value] : 'все каналы'),
        },
        {
          title: 'Цель',
          render: (_, item) => `${item.comparison === 'at_least' ? '≥' : '≤'} ${item.target.toLocaleString('ru-RU')}`,
        },
        { title: 'Вес', dataIndex: 'weight' },
        { title: 'Действует', dataIndex: 'isActive', render: (value: boolean) => (value ? 'да' : 'нет') },
      ]}
    />
  );
}
