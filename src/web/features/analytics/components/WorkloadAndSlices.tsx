import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import {
  SLICE_DIMENSION_TITLES,
  SLICE_DIMENSIONS,
  SLICE_MEASURE_TITLES,
  SLICE_MEASURES,
  type SliceDefinition,
} from '../../../../shared/contracts/analytics.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import {
  type AnalyticsFilters,
  deleteSlice,
  exportUrl,
  fetchSavedSlices,
  fetchSlice,
  fetchWorkload,
  saveSlice,
} from '../api/analytics.api.js';

const show = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined ? '—' : `${value.toLocaleString('ru-RU', { maximumFractionDigits: 2 })}${unit}`;

const FIGURE_COLUMNS = [
  { title: 'Поступило', dataIndex: 'received' },
  { title: 'Дан ответ', dataIndex: 'answered' },
  { title: 'Открыто сейчас', dataIndex: 'openNow' },
  {
    title: 'Просрочено сейчас',
    dataIndex: 'overdueNow',
    render: (value: number) => (value > 0 ? <Tag color="red">{value}</Tag> : value),
  },
  { title: 'В срок', dataIndex: 'onTimeShare', render: (value: number | null) => show(value, ' %') },
  { title: 'Медиана ответа', dataIndex: 'medianAnswerHours', render: (value: number | null) => show(value, ' раб. ч') },
];

export function WorkloadTab({ filters }: { filters: AnalyticsFilters }) {
  const query = useQuery({
    queryKey: ['analytics', 'workload', filters],
    queryFn: ({ signal }) => fetchWorkload(filters, signal),
  });
  if (query.error) return <ErrorAlert error={query.error} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space>
        <Button href={exportUrl('workload', 'xlsx', filters)}>XLSX</Button>
        <Button href={exportUrl('workload', 'csv', filters)}>CSV</Button>
      </Space>
      <Card size="small" title="Отраслевые блоки (по темам блока)">
        <Table
          size="small"
          rowKey="id"
          loading={query.isFetching}
          pagination={false}
          dataSource={query.data?.blocks ?? []}
          locale={{ emptyText: 'Блоки не заведены (раздел «Организация»)' }}
          columns={[
            { title: 'Блок', dataIndex: 'name' },
            { title: 'Руководитель', dataIndex: 'leaderName' },
            { title: 'Темы', dataIndex: 'topics', render: (topics: string[]) => topics.join(', ') },
            ...FIGURE_COLUMNS,
          ]}
        />
      </Card>
      <Card size="small" title="Исполнители">
        <Table
          size="small"
          rowKey={(row) => row.id ?? 'none'}
          loading={query.isFetching}
          dataSource={query.data?.executors ?? []}
          columns={[{ title: 'Исполнитель', dataIndex: 'name' }, ...FIGURE_COLUMNS]}
        />
      </Card>
    </Space>
  );
}

export function SlicesTab({ filters }: { filters: AnalyticsFilters }) {
  const client = useQueryClient();
  const [definition, setDefinition] = useState<SliceDefinition>({
    rows: 'category',
    columns: 'channel',
    measure: 'received',
  });
  const [name, setName] = useState('');
  const slice = useQuery({
    queryKey: ['analytics', 'slice', filters, definition],
    queryFn: ({ signal }) => fetchSlice(filters, definition, signal),
  });
  const saved = useQuery({ queryKey: ['analytics', 'slices'], queryFn: ({ signal }) => fetchSavedSlices(signal) });
  const save = useMutation({
    mutationFn: () => saveSlice(name, definition),
    onSuccess: (data) => {
      client.setQueryData(['analytics', 'slices'], data);
      setName('');
    },
  });
  const remove = useMutation({
    mutationFn: deleteSlice,
    onSuccess: (data) => client.setQueryData(['analytics', 'slices'], data),
  });
  const cellValues = new Map((slice.data?.cells ?? []).map((cell) => [`${cell.row}\u0000${cell.column}`, cell.value]));
  const extra = { rows: definition.rows, columns: definition.columns, sliceMeasure: definition.measure };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        Строки
        <Select
          value={definition.rows}
          style={{ width: 160 }}
          onChange={(rows) => setDefinition({ ...definition, rows })}
          options={SLICE_DIMENSIONS.map((value) => ({ value, label: SLICE_DIMENSION_TITLES[value] }))}
        />
        Столбцы
        <Select
          value={definition.columns}
          style={{ width: 160 }}
          onChange={(columns) => setDefinition({ ...definition, columns })}
          options={SLICE_DIMENSIONS.map((value) => ({ value, label: SLICE_DIMENSION_TITLES[value] }))}
        />
        Мера
        <Select
          value={definition.measure}
          style={{ width: 220 }}
          onChange={(measure) => setDefinition({ ...definition, measure })}
          options={SLICE_MEASURES.map((value) => ({ value, label: SLICE_MEASURE_TITLES[value] }))}
        />
        <Button href={exportUrl('slice', 'xlsx', filters, extra)}>XLSX</Button>
        <Button href={exportUrl('slice', 'csv', filters, extra)}>CSV</Button>
      </Space>
      <Space wrap>
        <Input
          placeholder="Название разреза"
          value={name}
          onChange={(event) => setName(event.target.value)}
          style={{ width: 260 }}
        />
        <Button disabled={name.trim() === ''} loading={save.isPending} onClick={() => save.mutate()}>
          Сохранить разрез
        </Button>
        {(saved.data ?? []).map((item) => (
          <Tag
            key={item.id}
            closable
            onClose={(event) => {
              event.preventDefault();
              remove.mutate(item.id);
            }}
          >
            <Button type="link" size="small" onClick={() => setDefinition(item.definition)}>
              {item.name}
            </Button>
          </Tag>
        ))}
      </Space>
      {slice.error ? <ErrorAlert error={slice.error} /> : null}
      {save.error ? <ErrorAlert error={save.error} /> : null}
      <Table
        size="small"
        bordered
        loading={slice.isFetching}
        scroll={{ x: true }}
        pagination={false}
        rowKey="row"
        dataSource={(slice.data?.rows ?? []).map((row) => ({ row }))}
        columns={[
          {
            title: `${SLICE_DIMENSION_TITLES[definition.rows]} \\ ${SLICE_DIMENSION_TITLES[definition.columns]}`,
            dataIndex: 'row',
            fixed: 'left',
          },
          ...(slice.data?.columns ?? []).map((column) => ({
            title: column,
            key: column,
            render: (_: unknown, record: { row: string }) => show(cellValues.get(`${record.row}\u0000${column}`)),
          })),
        ]}
      />
    </Space>
  );
}
