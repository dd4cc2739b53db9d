import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Input,
  List,
  Row,
  Select,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { isoWeekOf } from '../../../../shared/analytics/periods.js';
import { CHANNEL_TITLES, CHANNELS, type Channel } from '../../../../shared/channels.js';
import {
  type DrillMeasure,
  STATE_GROUP_TITLES,
  STATE_GROUPS,
} from '../../../../shared/contracts/analytics.contract.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import {
  type AnalyticsFilters,
  type DrillTarget,
  exportUrl,
  fetchConfig,
  fetchDashboard,
  fetchGrowth,
  fetchHeatmap,
  fetchRatings,
  fetchReports,
  generateReport,
  setSubscription,
} from '../api/analytics.api.js';
import { CasesMap } from './CasesMap.js';
import { DrillDownModal } from './DrillDownTable.js';
import { EChart } from './EChart.js';
import { KpiDefinitionsCard, ReportScheduleCard } from './ReportSettings.js';
import { SlicesTab, WorkloadTab } from './WorkloadAndSlices.js';

const format = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined ? '—' : `${value.toLocaleString('ru-RU', { maximumFractionDigits: 2 })}${unit}`;

function FilterBar({ filters, onChange }: { filters: AnalyticsFilters; onChange: (next: AnalyticsFilters) => void }) {
  return (
    <Space wrap style={{ marginBottom: 16 }}>
      <DatePicker.RangePicker
        allowClear={false}
        value={[dayjs(filters.from), dayjs(filters.to)]}
        format="DD.MM.YYYY"
        onChange={(range) => {
          if (range?.[0] && range[1])
            onChange({ ...filters, from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') });
        }}
      />
      <Select
        allowClear
        placeholder="Канал"
        style={{ width: 220 }}
        value={filters.channel}
        onChange={(value?: string) => onChange({ ...filters, channel: value })}
        options={CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }))}
      />
      <Input.Search
        allowClear
        placeholder="Категория"
        style={{ width: 200 }}
        defaultValue={filters.category}
        onSearch={(value) => onChange({ ...filters, category: value || undefined })}
      />
      <Select
        allowClear
        placeholder="Состояние"
        style={{ width: 200 }}
        value={filters.state}
        onChange={(value?: string) => onChange({ ...filters, state: value })}
        options={STATE_GROUPS.map((group) => ({ value: group, label: STATE_GROUP_TITLES[group] }))}
      />
      <Select
        allowClear
        placeholder="Фаст-трек"
        style={{ width: 150 }}
        value={filters.isFastTrack}
        onChange={(value?: string) => onChange({ ...filters, isFastTrack: value })}
        options={[
          { value: 'true', label: 'Фаст-трек' },
          { value: 'false', label: 'Обычные' },
        ]}
      />
    </Space>
  );
}

function Figure({ title, value, onOpen }: { title: string; value: string; onOpen?: () => void }) {
  return (
    <Card size="small" hoverable={Boolean(onOpen)} onClick={onOpen} style={{ cursor: onOpen ? 'pointer' : 'default' }}>
      <Statistic title={title} value={value} />
    </Card>
  );
}

function DashboardTab({ filters, onDrill }: { filters: AnalyticsFilters; onDrill: (target: DrillTarget) => void }) {
  const query = useQuery({
    queryKey: ['analytics', 'dashboard', filters],
    queryFn: ({ signal }) => fetchDashboard(filters, signal),
  });
  const data = query.data;
  const chart = useMemo(() => {
    if (!data) return null;
    const days = [...new Set(data.perDay.map((item) => item.day))].sort();
    const channels = [...new Set(data.perDay.map((item) => item.channel))];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 60 },
      xAxis: { type: 'category', data: days.map((day) => `${day.slice(8, 10)}.${day.slice(5, 7)}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: channels.map((channel) => ({
        name: CHANNEL_TITLES[channel],
        type: 'bar',
        stack: 'total',
        data: days.map((day) => data.perDay.find((item) => item.day === day && item.channel === channel)?.count ?? 0),
      })),
      _days: days,
    };
  }, [data]);
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!data) return <Card loading />;
  const drill = (measure: DrillMeasure, title: string) => () => onDrill({ measure, title });
  const figures: Array<[string, string, (() => void) | undefined]> = [
    ['Поступило', `${data.received} (было ${data.receivedPrevious})`, drill('received', 'Поступило за период')],
    ['Открыто сейчас', String(data.openNow), drill('open_now', 'Открыто сейчас')],
    ['Срок сегодня', String(data.dueToday), drill('due_today', 'Срок сегодня')],
    ['Просрочено сейчас', String(data.overdueNow), drill('overdue_now', 'Просрочено сейчас')],
    [
      'Ответ в срок',
      `${format(data.onTimeShare, ' %')} (${data.answeredOnTime})`,
      drill('answered_on_time', 'Ответ в срок'),
    ],
    ['С нарушением срока', String(data.late), drill('late', 'С нарушением срока')],
    ['Медиана первой реакции', format(data.medianFirstReactionHours, ' раб. ч'), drill('answered', 'Дан ответ')],
    ['Медиана срока ответа', format(data.medianAnswerHours, ' раб. ч'), drill('answered', 'Дан ответ')],
    ['Средняя оценка', format(data.meanRating), drill('rated', 'Оценено заявителем')],
    ['Оценки 4–5', `${format(data.highRatingShare, ' %')} (${data.ratedHigh})`, drill('rated_high', 'Оценка 4–5')],
    ['«Решено»', `${format(data.resolvedShare, ' %')} (${data.resolved})`, drill('resolved', '«Решено»')],
    ['«Разъяснено»', `${format(data.explainedShare, ' %')} (${data.explained})`, drill('explained', '«Разъяснено»')],
    ['«Отписки»', String(data.otpiska), drill('otpiska', '«Отписки»')],
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Row gutter={[12, 12]}>
        {figures.map(([title, value, open]) => (
          <Col key={title} xs={12} md={8} lg={6} xl={4}>
            <Figure title={title} value={value} {...(open ? { onOpen: open } : {})} />
          </Col>
        ))}
      </Row>
      <Card size="small" title="Поступление по дням и каналам">
        {chart ? (
          <EChart
            option={chart}
            height={300}
            onClick={(params) => {
              const day = chart._days[params.dataIndex];
              if (day) onDrill({ measure: 'received', day, title: `Поступило ${day}` });
            }}
          />
        ) : null}
      </Card>
      <Card size="small" title="Растущие темы (к предыдущему периоду)">
        <List
          dataSource={data.topGrowingTopics}
          locale={{ emptyText: 'Роста тем нет' }}
          renderItem={(item) => (
            <List.Item
              onClick={() => onDrill({ measure: 'received', topic: item.topic, title: item.topic })}
              style={{ cursor: 'pointer' }}
            >
              {item.topic}: {item.count} (было {item.previous}, <Tag color="red">+{item.growth}</Tag>)
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}

function HeatmapTab({ filters, onDrill }: { filters: AnalyticsFilters; onDrill: (target: DrillTarget) => void }) {
  const [mode, setMode] = useState<'count' | 'perThousand' | 'growth'>('count');
  const query = useQuery({
    queryKey: ['analytics', 'heatmap', filters],
    queryFn: ({ signal }) => fetchHeatmap(filters, signal),
  });
  const data = query.data;
  const option = useMemo(() => {
    if (!data) return null;
    const territories = data.territories.slice(0, 30).map((item) => item.name);
    const topics = data.topics.slice(0, 25).map((item) => item.name);
    const values = data.cells
      .filter((cell) => territories.includes(cell.territory) && topics.includes(cell.topic))
      .map((cell) => [
        topics.indexOf(cell.topic),
        territories.indexOf(cell.territory),
        mode === 'count' ? cell.count : mode === 'perThousand' ? cell.perThousand : cell.growth,
      ])
      .filter((item) => item[2] !== null);
    const numbers = values.map((item) => Number(item[2]));
    return {
      tooltip: { position: 'top' },
      grid: { left: 180, right: 20, top: 10, bottom: 140 },
      xAxis: { type: 'category', data: topics, axisLabel: { rotate: 40, width: 120, overflow: 'truncate' } },
      yAxis: { type: 'category', data: territories },
      visualMap: {
        min: Math.min(0, ...numbers),
        max: Math.max(1, ...numbers),
        calculable: true,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
      },
      series: [{ type: 'heatmap', data: values, label: { show: true, fontSize: 10 } }],
      _territories: territories,
      _topics: topics,
    };
  }, [data, mode]);
  if (query.error) return <ErrorAlert error={query.error} />;
  if (!data || !option) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Select
          value={mode}
          onChange={setMode}
          style={{ width: 260 }}
          options={[
            { value: 'count', label: 'Число сообщений' },
            { value: 'perThousand', label: 'На 1000 жителей' },
            { value: 'growth', label: 'Рост к прошлому периоду, %' },
          ]}
        />
        <Button href={exportUrl('heatmap', 'xlsx', filters)}>XLSX</Button>
        <Button href={exportUrl('heatmap', 'csv', filters)}>CSV</Button>
      </Space>
      <Card size="small" title={data.territoryKind === 'municipality' ? 'Муниципалитет × тема' : 'Район × тема'}>
        {data.cells.length === 0 ? (
          <Empty description="Нет сообщений за период" />
        ) : (
          <EChart
            option={option}
            height={Math.max(300, option._territories.length * 28 + 180)}
            onClick={(params) => {
              const value = params.value as [number, number];
              const topic = option._topics[value[0]];
              const territory = option._territories[value[1]];
              if (topic && territory)
                onDrill({ measure: 'received', topic, territory, title: `${territory} — ${topic}` });
            }}
          />
        )}
      </Card>
      <Card
        size="small"
        title={`Карта (${data.points.length}${data.isPointsTruncated ? ', показаны последние' : ''} точек)`}
      >
        <CasesMap points={data.points} />
      </Card>
    </Space>
  );
}

function RatingsTab({ filters }: { filters: AnalyticsFilters }) {
  const query = useQuery({
    queryKey: ['analytics', 'ratings', filters],
    queryFn: ({ signal }) => fetchRatings(filters, signal),
  });
  if (query.error) return <ErrorAlert error={query.error} />;
  const data = query.data;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space className="no-print">
        <Button onClick={() => window.print()}>Печать</Button>
        <Button href={exportUrl('ratings', 'xlsx', filters)}>XLSX</Button>
        <Button href={exportUrl('ratings', 'csv', filters)}>CSV</Button>
      </Space>
      {data ? (
        <Typography.Text type="secondary">
          Оцениваются при {data.settings.minCases} и более сообщениях. Веса: своевременность{' '}
          {data.settings.weights.timeliness}, скорость {data.settings.weights.speed} (0 баллов при медиане{' '}
          {data.settings.speedNormHours} раб. ч), полнота {data.settings.weights.completeness}, качество{' '}
          {data.settings.weights.quality}, удовлетворённость {data.settings.weights.satisfaction}.
        </Typography.Text>
      ) : null}
      <Table
        size="small"
        rowKey="id"
        loading={query.isFetching}
        dataSource={data?.rows ?? []}
        pagination={false}
        expandable={{
          rowExpandable: (row) => row.byChannel.length > 0,
          expandedRowRender: (row) => (
            <Table
              size="small"
              rowKey="channel"
              pagination={false}
              dataSource={row.byChannel}
              columns={[
                { title: 'Канал', dataIndex: 'channel', render: (value: Channel) => CHANNEL_TITLES[value] },
                { title: 'Сообщений', dataIndex: 'cases' },
                { title: 'В срок', dataIndex: 'onTimeShare', render: (value: number | null) => format(value, ' %') },
                {
                  title: 'Медиана ответа',
                  dataIndex: 'medianAnswerHours',
                  render: (value: number | null) => format(value, ' ч'),
                },
                { title: 'Балл', dataIndex: 'score', render: (value: number | null) => format(value) },
              ]}
            />
          ),
        }}
        columns={[
          { title: 'Место', dataIndex: 'rank', render: (value: number | null) => value ?? '—' },
          { title: data?.entityKind === 'municipality' ? 'Муниципалитет' : 'Получатель', dataIndex: 'name' },
          { title: 'Сообщений', render: (_, row) => row.overall.cases },
          { title: 'В срок', render: (_, row) => format(row.overall.onTimeShare, ' %') },
          { title: 'Медиана ответа', render: (_, row) => format(row.overall.medianAnswerHours, ' раб. ч') },
          { title: 'Возвраты / повторные', render: (_, row) => `${row.overall.returns} / ${row.overall.reopens}` },
          { title: 'Отписки', render: (_, row) => format(row.overall.otpiskaShare, ' %') },
          { title: 'Оценки 4–5', render: (_, row) => format(row.overall.highRatingShare, ' %') },
          {
            title: 'Балл',
            render: (_, row) => (row.overall.isRated ? format(row.overall.score) : <Tag>мало сообщений</Tag>),
          },
          {
            title: 'Динамика',
            render: (_, row) =>
              row.trend === null ? (
                '—'
              ) : (
                <Tag color={row.trend >= 0 ? 'green' : 'red'}>{row.trend > 0 ? `+${row.trend}` : row.trend}</Tag>
              ),
          },
        ]}
      />
    </Space>
  );
}

function GrowthTab({ filters, onDrill }: { filters: AnalyticsFilters; onDrill: (target: DrillTarget) => void }) {
  const query = useQuery({
    queryKey: ['analytics', 'growth', filters],
    queryFn: ({ signal }) => fetchGrowth(filters, signal),
  });
  if (query.error) return <ErrorAlert error={query.error} />;
  const data = query.data;
  if (!data) return <Card loading />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        Проверено сочетаний тема × территория: {data.tested}. Сравнение с {data.windows} предыдущими периодами той же
        длины и тем же периодом год назад.
      </Typography.Text>
      {data.findings.length === 0 ? <Empty description="Значимого роста нет" /> : null}
      {data.findings.map((finding) => (
        <Card
          key={`${finding.territory}-${finding.topic}`}
          size="small"
          title={`${finding.topic} — ${finding.territory}`}
          extra={
            <Button
              type="link"
              onClick={() =>
                onDrill({
                  measure: 'received',
                  topic: finding.topic,
                  territory: finding.territory,
                  title: `${finding.territory} — ${finding.topic}`,
                })
              }
            >
              Сообщения ({finding.count})
            </Button>
          }
        >
          <Typography.Paragraph>{finding.sentence}</Typography.Paragraph>
          <ul>
            {finding.factors.map((factor) => (
              <li key={`${factor.dimension}-${factor.value}`}>{factor.sentence}</li>
            ))}
          </ul>
        </Card>
      ))}
    </Space>
  );
}

function ReportsTab() {
  const user = useCurrentUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [week, setWeek] = useState(isoWeekOf(dayjs().subtract(7, 'day').format('YYYY-MM-DD')));
  const [quarter, setQuarter] = useState(
    `${dayjs().subtract(3, 'month').year()}-Q${Math.floor(dayjs().subtract(3, 'month').month() / 3) + 1}`,
  );
  const reports = useQuery({ queryKey: ['analytics', 'reports'], queryFn: ({ signal }) => fetchReports(signal) });
  const config = useQuery({ queryKey: ['analytics', 'config'], queryFn: ({ signal }) => fetchConfig(signal) });
  const generate = useMutation({
    mutationFn: ({ kind, period }: { kind: 'weekly' | 'kpi'; period: string }) => generateReport(kind, period),
    onSuccess: (data) => {
      client.setQueryData(['analytics', 'reports'], data);
      void message.success('Отчёт сформирован и добавлен в архив');
    },
    onError: (error) => void message.error(error.message),
  });
  const subscribe = useMutation({
    mutationFn: setSubscription,
    onSuccess: () => void client.invalidateQueries({ queryKey: ['analytics', 'config'] }),
  });
  const canManage = user ? hasPermission(user.roles, 'analytics.manage') : false;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Switch checked={config.data?.isSubscribed ?? false} onChange={(value) => subscribe.mutate(value)} /> Получать
        еженедельную записку
      </Space>
      {canManage ? (
        <Space wrap>
          <Input
            value={week}
            onChange={(event) => setWeek(event.target.value)}
            style={{ width: 120 }}
            aria-label="Неделя"
          />
          <Button loading={generate.isPending} onClick={() => generate.mutate({ kind: 'weekly', period: week })}>
            Сформировать записку
          </Button>
          <Input
            value={quarter}
            onChange={(event) => setQuarter(event.target.value)}
            style={{ width: 120 }}
            aria-label="Квартал"
          />
          <Button loading={generate.isPending} onClick={() => generate.mutate({ kind: 'kpi', period: quarter })}>
            Сформировать отчёт КПЭ
          </Button>
        </Space>
      ) : null}
      {reports.error ? <ErrorAlert error={reports.error} /> : null}
      <Card size="small" title="Сроки отчётов КПЭ (до 5-го числа после квартала)">
        {(reports.data?.kpiDue ?? []).map((due) => (
          <Tag key={due.quarter} color={due.isSubmitted ? 'green' : due.isOverdue ? 'red' : 'orange'}>
            {due.quarter}: до {due.dueDate} —{' '}
            {due.isSubmitted ? 'сформирован' : due.isOverdue ? 'просрочен' : 'ожидается'}
          </Tag>
        ))}
      </Card>
      <ReportScheduleCard />
      <KpiDefinitionsCard />
      <Table
        size="small"
        rowKey="id"
        loading={reports.isFetching}
        dataSource={reports.data?.items ?? []}
        columns={[
          {
            title: 'Вид',
            dataIndex: 'kind',
            render: (value: string) => (value === 'weekly' ? 'Еженедельная записка' : 'Отчёт КПЭ'),
          },
          { title: 'Период', dataIndex: 'period' },
          { title: 'Формат', dataIndex: 'format' },
          {
            title: 'Сформирован',
            dataIndex: 'createdAt',
            render: (value: string) => formatDateTime(value),
          },
          { title: 'Файл', render: (_, row) => <a href={`/api/analytics/reports/${row.id}/file`}>{row.fileName}</a> },
        ]}
      />
    </Space>
  );
}

export function AnalyticsPage() {
  useDocumentTitle('Аналитика');
  const [filters, setFilters] = useState<AnalyticsFilters>({
    from: dayjs().subtract(29, 'day').format('YYYY-MM-DD'),
    to: dayjs().format('YYYY-MM-DD'),
  });
  const [target, setTarget] = useState<DrillTarget | null>(null);
  return (
    <div>
      <Typography.Title level={3}>Аналитика</Typography.Title>
      <FilterBar filters={filters} onChange={setFilters} />
      <Tabs
        items={[
          { key: 'dashboard', label: 'Панель', children: <DashboardTab filters={filters} onDrill={setTarget} /> },
          { key: 'heatmap', label: 'Тепловая карта', children: <HeatmapTab filters={filters} onDrill={setTarget} /> },
          { key: 'ratings', label: 'Рейтинг', children: <RatingsTab filters={filters} /> },
          { key: 'growth', label: 'Факторы роста', children: <GrowthTab filters={filters} onDrill={setTarget} /> },
          { key: 'workload', label: 'Нагрузка', children: <WorkloadTab filters={filters} /> },
          { key: 'slices', label: 'Разрезы', children: <SlicesTab filters={filters} /> },
          { key: 'reports', label: 'Отчёты', children: <ReportsTab /> },
        ]}
      />
      <DrillDownModal filters={filters} target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
