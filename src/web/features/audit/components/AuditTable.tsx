import { Col, Row, Table, type TableColumnsType, Tooltip, Typography } from 'antd';
import type { AuditEntry, AuditPage } from '../../../../shared/contracts/organization.contract.js';
import { HEADER_HEIGHT } from '../../../components/AppLayout.js';
import { formatDateTime } from '../../../lib/dates.js';
import { formatCount } from '../../../lib/numbers.js';
import { ActionLink } from '../../organization/components/ActionLink.js';
import { AUDIT_PAGE_SIZES, type AuditSearch } from '../api/audit-search.js';
import { describeAuditAction, describeObjectType } from '../api/audit-titles.js';

type AuditTableProps = {
  data: AuditPage | undefined;
  isLoading: boolean;
  isFiltered: boolean;
  page: number;
  pageSize: number;
  /** A click on a person or an object narrows the log to it. */
  onFilter: (patch: Partial<AuditSearch>) => void;
  onPageChange: (page: number, pageSize: number) => void;
};

const MONOSPACE = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 12 };

/** «3f1c2a4e…» for a UUID: enough to tell objects apart in a row; the whole id is in the tooltip and the filter. */
function shortenId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…` : id;
}

function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function JsonBlock({ title, value }: { title: string; value: unknown }) {
  return (
    <div>
      <Typography.Text strong>{title}</Typography.Text>
      {isEmptyValue(value) ? (
        <div>
          <Typography.Text type="secondary">—</Typography.Text>
        </div>
      ) : (
        <pre
          style={{
            ...MONOSPACE,
            margin: '4px 0 0',
            padding: 8,
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            borderRadius: 4,
            maxHeight: 360,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-word',
          }}
        >
          {JSON.stringify(value, null, 2)}
        </pre>
      )}
    </div>
  );
}

function AuditEntryDetails({ entry }: { entry: AuditEntry }) {
  return (
    <Row gutter={16} data-testid="audit-entry-details">
      <Col xs={24} lg={8}>
        <JsonBlock title="Было" value={entry.before} />
      </Col>
      <Col xs={24} lg={8}>
        <JsonBlock title="Стало" value={entry.after} />
      </Col>
      <Col xs={24} lg={8}>
        <JsonBlock title="Подробности" value={entry.details} />
      </Col>
    </Row>
  );
}

function buildColumns(onFilter: AuditTableProps['onFilter']): TableColumnsType<AuditEntry> {
  return [
    {
      title: 'Когда',
      dataIndex: 'createdAt',
      width: 130,
      render: (createdAt: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(createdAt)}</span>,
    },
    {
      title: 'Кто',
      dataIndex: 'actorName',
      width: 230,
      ellipsis: true,
      render: (actorName: string | null, entry) => {
        const { actorId } = entry;
        if (actorId === null) return <Typography.Text type="secondary">Система</Typography.Text>;
        return (
          <ActionLink title="Показать действия этого сотрудника" onClick={() => onFilter({ actorId })}>
            {actorName ?? 'Сотрудник'}
          </ActionLink>
        );
      },
    },
    {
      title: 'Действие',
      dataIndex: 'action',
      width: 230,
      ellipsis: { showTitle: false },
      render: (action: string) => (
        <Tooltip title={`Код действия: ${action}`} placement="topLeft">
          {describeAuditAction(action)}
        </Tooltip>
      ),
    },
    {
      title: 'Объект',
      key: 'object',
      ellipsis: true,
      render: (_: unknown, entry) => {
        const { objectType, objectId } = entry;
        if (objectType === null && objectId === null) return '—';
        return (
          <span>
            {describeObjectType(objectType)}
            {objectId ? (
              <>
                {' '}
                <ActionLink
                  style={MONOSPACE}
                  title={`${objectId} — показать историю этого объекта`}
                  onClick={() => onFilter({ objectType: objectType ?? undefined, objectId })}
                >
                  {shortenId(objectId)}
                </ActionLink>
              </>
            ) : null}
          </span>
        );
      },
    },
    {
      title: 'IP',
      dataIndex: 'ipAddress',
      width: 120,
      ellipsis: true,
      render: (ipAddress: string | null) => (ipAddress ? <span style={MONOSPACE}>{ipAddress}</span> : '—'),
    },
    {
      title: 'Код запроса',
      dataIndex: 'requestId',
      width: 150,
      ellipsis: true,
      render: (requestId: string | null) =>
        requestId ? (
          <Typography.Text style={MONOSPACE} copyable={{ text: requestId, tooltips: ['Скопировать', 'Скопировано'] }}>
            {requestId}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
  ];
}

export function AuditTable({ data, isLoading, isFiltered, page, pageSize, onFilter, onPageChange }: AuditTableProps) {
  return (
    <Table<AuditEntry>
      size="small"
      rowKey="id"
      tableLayout="fixed"
      sticky={{ offsetHeader: HEADER_HEIGHT }}
      columns={buildColumns(onFilter)}
      dataSource={data?.items ?? []}
      loading={isLoading}
      scroll={{ x: 1150 }}
      expandable={{ expandedRowRender: (entry) => <AuditEntryDetails entry={entry} /> }}
      locale={{
        emptyText: isLoading
          ? ' '
          : isFiltered
            ? 'Ничего не найдено. Измените условия отбора.'
            : 'Записей в журнале пока нет.',
      }}
      pagination={{
        current: page,
        pageSize,
        total: data?.total ?? 0,
        pageSizeOptions: AUDIT_PAGE_SIZES.map(String),
        showSizeChanger: true,
        showTotal: (total, [from, to]) => `${formatCount(from)}–${formatCount(to)} из ${formatCount(total)}`,
        onChange: onPageChange,
        size: 'small',
      }}
    />
  );
}
