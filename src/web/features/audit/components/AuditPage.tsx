import { Typography } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { type AuditSearch, DEFAULT_AUDIT_PAGE_SIZE, hasAuditFilters } from '../api/audit-search.js';
import { useAuditPage } from '../hooks/use-audit.js';
import { AuditFilters } from './AuditFilters.js';
import { AuditTable } from './AuditTable.js';

type AuditPageProps = {
  search: AuditSearch;
  onSearchChange: (patch: Partial<AuditSearch>) => void;
};

export function AuditPage({ search, onSearchChange }: AuditPageProps) {
  const user = useCurrentUser();
  const auditQuery = useAuditPage(search);
  useDocumentTitle('Журнал аудита');
  const timeZone = user?.tenant.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const filter = (patch: Partial<AuditSearch>) => onSearchChange({ ...patch, page: undefined });

  return (
    <>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        Журнал аудита
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
        Каждое изменение и каждый просмотр персональных данных: кто, когда, откуда, что было и что стало. Записи не
        изменяются и не удаляются. Время — {timeZone}.
      </Typography.Paragraph>
      <AuditFilters search={search} timeZone={timeZone} onChange={filter} />
      {auditQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={auditQuery.error} onRetry={() => void auditQuery.refetch()} />
        </div>
      ) : null}
      <AuditTable
        data={auditQuery.data}
        isLoading={auditQuery.isFetching}
        isFiltered={hasAuditFilters(search)}
        page={search.page ?? 1}
        pageSize={search.pageSize ?? DEFAULT_AUDIT_PAGE_SIZE}
        onFilter={filter}
        onPageChange={(page, pageSize) =>
          onSearchChange({
            page: page > 1 && pageSize === (search.pageSize ?? DEFAULT_AUDIT_PAGE_SIZE) ? page : undefined,
            pageSize: pageSize === DEFAULT_AUDIT_PAGE_SIZE ? undefined : pageSize,
          })
        }
      />
    </>
  );
}
