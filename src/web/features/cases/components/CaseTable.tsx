import { Link } from '@tanstack/react-router';
import { Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import { CHANNEL_TITLES } from '../../../../shared/channels.js';
import type { CaseListResponse, CaseSummary } from '../../../../shared/contracts/cases.contract.js';
import { HEADER_HEIGHT } from '../../../components/AppLayout.js';
import { formatDateTime } from '../../../lib/dates.js';
import { formatCount } from '../../../lib/numbers.js';
import { TimeLeft } from '../../sla/components/TimeLeft.js';
import { CASE_PAGE_SIZES } from '../api/cases-search.js';
import { CaseStatusTag } from './CaseStatusTag.js';

type CaseTableProps = {
  data: CaseListResponse | undefined;
  isLoading: boolean;
  /** Whether any filter is set: an empty list then means «nothing matches», not «nothing yet». */
  isFiltered: boolean;
  page: number;
  pageSize: number;
  /** A region user (ЦУР) sees many municipalities, so the list names the municipality of each case. */
  isMunicipalityShown: boolean;
  onOpen: (caseId: string) => void;
  onPageChange: (page: number, pageSize: number) => void;
};

/** Fits «22.11.2025 14:05» on one line. */
const DATE_COLUMN_WIDTH = 140;
/** Fits «осталось 1 ч 44 мин раб.» and «просрочено на 1 ч 05 мин» on one line. */
const TIME_LEFT_COLUMN_WIDTH = 200;

function buildColumns(isMunicipalityShown: boolean): TableColumnsType<CaseSummary> {
  const columns: TableColumnsType<CaseSummary> = [
    {
      title: 'Номер',
      dataIndex: 'number',
      width: 116,
      fixed: 'left',
      // A real link (keyboard, «open in a new tab»); the rest of the row opens the same card by a click.
      render: (number: string, item) => (
        <Link
          from="/cases"
          search={(previous) => ({ ...previous, caseId: item.id })}
          onClick={(event) => event.stopPropagation()}
          style={{ whiteSpace: 'nowrap' }}
        >
          {number}
        </Link>
      ),
    },
    {
      title: 'Канал',
      dataIndex: 'channel',
      width: 136,
      ellipsis: { showTitle: false },
      render: (_: unknown, item) => (
        <Tooltip title={CHANNEL_TITLES[item.channel]} placement="topLeft">
          {CHANNEL_TITLES[item.channel]}
        </Tooltip>
      ),
    },
    {
      title: 'Статус',
      dataIndex: 'status',
      width: 156,
      render: (_: unknown, item) => <CaseStatusTag status={item.status} />,
    },
    {
      title: 'Категория',
      dataIndex: 'category',
      width: 130,
      ellipsis: true,
      render: (category: string | null) => category ?? '—',
    },
    {
      title: 'Текст',
      dataIndex: 'excerpt',
      ellipsis: true,
    },
    {
      title: 'Адрес',
      dataIndex: 'address',
      width: 160,
      ellipsis: true,
      render: (address: string | null) => address ?? '—',
    },
  ];
  if (isMunicipalityShown) {
    columns.push({ title: 'Муниципалитет', dataIndex: 'tenantName', width: 170, ellipsis: true });
  }
  columns.push(
    {
      title: 'Поступило',
      dataIndex: 'receivedAt',
      width: DATE_COLUMN_WIDTH,
      render: (receivedAt: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(receivedAt)}</span>,
    },
    {
      title: 'Срок',
      dataIndex: 'dueAt',
      width: TIME_LEFT_COLUMN_WIDTH,
      fixed: 'right',
      // The time left of the governing timer, colour-coded; the exact due time is in its tooltip.
      render: (dueAt: string | null, item) =>
        item.sla ? (
          <TimeLeft
            kind={item.sla.kind}
            state={item.sla.state}
            dueAt={item.sla.dueAt}
            workingMinutesLeft={item.sla.workingMinutesLeft}
          />
        ) : (
          <Typography.Text
            type={item.isOverdue ? 'danger' : undefined}
            strong={item.isOverdue}
            title={item.isOverdue ? 'Срок нарушен' : undefined}
            style={{ whiteSpace: 'nowrap' }}
          >
            {formatDateTime(dueAt)}
          </Typography.Text>
        ),
    },
  );
  return columns;
}

export function CaseTable({
  data,
  isLoading,
  isFiltered,
  page,
  pageSize,
  isMunicipalityShown,
  onOpen,
  onPageChange,
}: CaseTableProps) {
  return (
    <Table<CaseSummary>
      size="small"
      rowKey="id"
      tableLayout="fixed"
      sticky={{ offsetHeader: HEADER_HEIGHT }}
      columns={buildColumns(isMunicipalityShown)}
      dataSource={data?.items ?? []}
      loading={isLoading}
      scroll={{ x: isMunicipalityShown ? 1350 : 1180 }}
      locale={{
        emptyText: isLoading
          ? ' '
          : isFiltered
            ? 'Ничего не найдено. Измените условия отбора.'
            : 'Сообщений и обращений пока нет.',
      }}
      onRow={(item) => ({ onClick: () => onOpen(item.id), style: { cursor: 'pointer' } })}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        pageSizeOptions: CASE_PAGE_SIZES.map(String),
        showSizeChanger: true,
        showTotal: (total, [from, to]) => `${formatCount(from)}–${formatCount(to)} из ${formatCount(total)}`,
        onChange: onPageChange,
        size: 'small',
      }}
    />
  );
}
