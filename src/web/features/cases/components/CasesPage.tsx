import { Flex, Typography } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { RegisterCaseButton } from '../../case-work/components/RegisterCaseButton.js';
import { type CasesSearch, DEFAULT_CASE_PAGE_SIZE, hasCaseFilters } from '../api/cases-search.js';
import { useCases } from '../hooks/use-cases.js';
import { CaseDrawer } from './CaseDrawer.js';
import { CaseFilters } from './CaseFilters.js';
import { CaseTable } from './CaseTable.js';

type CasesPageProps = {
  search: CasesSearch;
  onSearchChange: (patch: Partial<CasesSearch>) => void;
};

export function CasesPage({ search, onSearchChange }: CasesPageProps) {
  const user = useCurrentUser();
  const casesQuery = useCases(search);
  useDocumentTitle('Сообщения и обращения');

  return (
    <>
      <Flex justify="space-between" align="center" gap={12} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          Сообщения и обращения
        </Typography.Title>
        <RegisterCaseButton onCreated={(caseId) => onSearchChange({ caseId })} />
      </Flex>
      <CaseFilters search={search} onChange={(patch) => onSearchChange({ ...patch, page: undefined })} />
      {casesQuery.isError ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={casesQuery.error} onRetry={() => void casesQuery.refetch()} />
        </div>
      ) : null}
      <CaseTable
        data={casesQuery.data}
        isLoading={casesQuery.isFetching}
        isFiltered={hasCaseFilters(search)}
        page={search.page ?? 1}
        pageSize={search.pageSize ?? DEFAULT_CASE_PAGE_SIZE}
        isMunicipalityShown={user?.tenant.kind === 'region'}
        onOpen={(caseId) => onSearchChange({ caseId })}
        onPageChange={(page, pageSize) =>
          onSearchChange({
            page: page > 1 && pageSize === (search.pageSize ?? DEFAULT_CASE_PAGE_SIZE) ? page : undefined,
            pageSize: pageSize === DEFAULT_CASE_PAGE_SIZE ? undefined : pageSize,
          })
        }
      />
      <CaseDrawer caseId={search.caseId} onClose={() => onSearchChange({ caseId: undefined })} />
    </>
  );
}
