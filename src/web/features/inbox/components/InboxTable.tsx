import { Table, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { CHANNEL_TITLES } from '../../../../shared/channels.js';
import type { InboxItem } from '../../../../shared/contracts/inbox.contract.js';
import { formatDateTime } from '../../../lib/dates.js';
import { TimeLeft } from '../../sla/components/TimeLeft.js';

type InboxTableProps = {
  items: InboxItem[];
  isLoading: boolean;
  isFiltered: boolean;
  cursorIndex: number;
  freshIds: ReadonlySet<string>;
  selectedIds: string[] | undefined;
  onSelect: (ids: string[]) => void;
  onOpen: (caseId: string) => void;
  onCursor: (index: number) => void;
};

const columns: TableColumnsType<InboxItem> = [
  {
    title: 'Номер',
    dataIndex: 'number',
    width: 112,
    render: (number: string, item) => (
      <Space2>
        <span style={{ whiteSpace: 'nowrap' }}>{number}</span>
        {item.isFastTrack ? (
          <Tooltip title="Ускоренное рассмотрение">
            <Tag color="gold" style={{ marginInlineEnd: 0 }}>
              !
            </Tag>
          </Tooltip>
        ) : null}
      </Space2>
    ),
  },
  {
    title: 'Состояние',
    dataIndex: 'stateTitle',
    width: 150,
    ellipsis: { showTitle: false },
    render: (title: string | null) => (
      <Tooltip title={title} placement="topLeft">
        {title ?? '—'}
      </Tooltip>
    ),
  },
  {
    title: 'Канал',
    dataIndex: 'channel',
    width: 110,
    ellipsis: { showTitle: false },
    render: (_: unknown, item) => (
      <Tooltip title={CHANNEL_TITLES[item.channel]} placement="topLeft">
        {CHANNEL_TITLES[item.channel]}
      </Tooltip>
    ),
  },
  {
    title: 'Текст',
    dataIndex: 'excerpt',
    ellipsis: { showTitle: false },
    render: (excerpt: string, item) => (
      <Tooltip title={excerpt} placement="topLeft">
        <Typography.Text type="secondary">{item.category ? `${item.category} · ` : ''}</Typography.Text>
        {excerpt}
      </Tooltip>
    ),
  },
  {
    title: 'Адрес',
    dataIndex: 'address',
    width: 150,
    ellipsis: true,
    render: (address: string | null, item) => address ?? item.district ?? '—',
  },
  {
    title: 'Исполнитель',
    dataIndex: 'executorName',
    width: 130,
    ellipsis: true,
    render: (name: string | null, item) => name ?? item.recipientName ?? '—',
  },
  {
    title: 'Поступило',
    dataIndex: 'receivedAt',
    width: 128,
    render: (receivedAt: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(receivedAt)}</span>,
  },
  {
    title: 'Осталось',
    dataIndex: 'dueAt',
    width: 170,
    render: (dueAt: string | null, item) =>
      item.sla ? (
        <TimeLeft
          kind={item.sla.kind}
          state={item.sla.state}
          dueAt={item.sla.dueAt}
          workingMinutesLeft={item.sla.workingMinutesLeft}
        />
      ) : (
        <Typography.Text type={item.isOverdue ? 'danger' : undefined} style={{ whiteSpace: 'nowrap' }}>
          {formatDateTime(dueAt)}
        </Typography.Text>
      ),
  },
];

function Space2({ children }: { children: React.ReactNode }) {
  return <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>{children}</span>;
}

/**
 * The queue's rows. The keyboard cursor row is outlined (and scrolled into view by the page); rows that
 * a live update just brought are tinted for a while.
 */
export function InboxTable({
  items,
  isLoading,
  isFiltered,
  cursorIndex,
  freshIds,
  selectedIds,
  onSelect,
  onOpen,
  onCursor,
}: InboxTableProps) {
  return (
    <Table<InboxItem>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={items}
      loading={isLoading}
      pagination={false}
      tableLayout="fixed"
      scroll={{ x: 1100 }}
      data-testid="inbox-table"
      locale={{ emptyText: isFiltered ? 'Ничего не найдено. Измените фильтры или поиск.' : 'В этой очереди пусто' }}
      rowSelection={
        selectedIds
          ? {
              selectedRowKeys: selectedIds,
              onChange: (keys) => onSelect(keys.map(String)),
              columnWidth: 36,
            }
          : undefined
      }
      rowClassName={(item, index) =>
        [
          'inbox-row',
          index === cursorIndex ? 'inbox-row-cursor' : '',
          freshIds.has(item.id) ? 'inbox-row-fresh' : '',
        ].join(' ')
      }
      onRow={(item, index) => ({
        onClick: () => {
          onCursor(index ?? 0);
          onOpen(item.id);
        },
        'data-case-id': item.id,
        'aria-selected': index === cursorIndex,
        style: { cursor: 'pointer' },
      })}
    />
  );
}
