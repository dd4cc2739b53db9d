import { useQuery } from '@tanstack/react-query';
import { Button, Modal, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { CHANNEL_TITLES, type Channel } from '../../../../shared/channels.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { type AnalyticsFilters, type DrillTarget, exportUrl, fetchDrillDown } from '../api/analytics.api.js';

const RESULT_TITLES: Record<string, string> = {
  resolved: 'Решено',
  explained: 'Разъяснено',
  not_supported: 'Не поддержано',
};

/** The cases behind a number: the same filters plus the measure's condition, in a table. */
export function DrillDownModal({
  filters,
  target,
  onClose,
}: {
  filters: AnalyticsFilters;
  target: DrillTarget | null;
  onClose: () => void;
}) {
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['analytics', 'drill', filters, target, page],
    queryFn: ({ signal }) =>
      target ? fetchDrillDown(filters, target, page, signal) : Promise.reject(new Error('нет цели')),
    enabled: target !== null,
  });
  const extra: Record<string, string> = target
    ? Object.fromEntries(
        Object.entries({
          measure: target.measure,
          territory: target.territory,
          topic: target.topic,
          day: target.day,
        }).filter(([, value]) => value !== undefined) as Array<[string, string]>,
      )
    : {};
  return (
    <Modal
      open={target !== null}
      title={target ? `${target.title}: ${query.data?.total ?? '…'}` : ''}
      onCancel={() => {
        setPage(1);
        onClose();
      }}
      footer={
        <Space>
          <Button href={exportUrl('cases', 'xlsx', filters, extra)}>XLSX</Button>
          <Button href={exportUrl('cases', 'csv', filters, extra)}>CSV</Button>
        </Space>
      }
      width={1100}
    >
      {query.error ? <ErrorAlert error={query.error} /> : null}
      <Table
        size="small"
        rowKey="id"
        loading={query.isFetching}
        dataSource={query.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: query.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            title: 'Номер',
            dataIndex: 'number',
            render: (value: string, row) => <a href={`/cases?caseId=${row.id}`}>{value}</a>,
          },
          { title: 'Канал', dataIndex: 'channel', render: (value: Channel) => CHANNEL_TITLES[value] },
          { title: 'Тема', dataIndex: 'category' },
          {
            title: 'Территория',
            dataIndex: 'district',
            render: (value: string | null, row) => value ?? row.tenantName,
          },
          { title: 'Получатель', dataIndex: 'recipientName' },
          {
            title: 'Поступило',
            dataIndex: 'receivedAt',
            render: (value: string) => formatDateTime(value),
          },
          {
            title: 'Срок',
            dataIndex: 'dueAt',
            render: (value: string | null) => formatDateTime(value),
          },
          {
            title: 'Ответ',
            dataIndex: 'answeredAt',
            render: (value: string | null) => formatDateTime(value),
          },
          {
            title: 'Результат',
            dataIndex: 'result',
            render: (value: string | null) => (value ? (RESULT_TITLES[value] ?? value) : '—'),
          },
          { title: 'Оценка', dataIndex: 'rating' },
          {
            title: 'Отписка',
            dataIndex: 'isOtpiska',
            render: (value: boolean | null) => (value ? <Tag color="red">да</Tag> : value === false ? 'нет' : '—'),
          },
        ]}
      />
    </Modal>
  );
}
