import { Select, Space, Tabs, Tag, Typography } from 'antd';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import {
  DEFAULT_ORGANIZATION_TAB,
  ORGANIZATION_TAB_TITLES,
  ORGANIZATION_TABS,
  type OrganizationSearch,
  type OrganizationTab,
} from '../api/organization-search.js';
import { type TenantChoice, useTenantChoice } from '../hooks/use-organization.js';
import { BlocksTab } from './BlocksTab.js';
import { CompositionsTab } from './CompositionsTab.js';
import { PeopleTab } from './PeopleTab.js';
import { RecipientsTab } from './RecipientsTab.js';
import { SubstitutionsTab } from './SubstitutionsTab.js';

type OrganizationPageProps = {
  search: OrganizationSearch;
  onSearchChange: (patch: Partial<OrganizationSearch>) => void;
  onTabChange: (tab: OrganizationTab, patch?: Partial<OrganizationSearch>) => void;
};

/** A region user (ЦУР) looks at one municipality at a time. */
function TenantSelect({ choice, onChange }: { choice: TenantChoice; onChange: (tenantId: string) => void }) {
  return (
    <Space size={8}>
      <Typography.Text type="secondary">Муниципалитет:</Typography.Text>
      <Select
        aria-label="Муниципалитет"
        value={choice.selectedTenantId}
        loading={!choice.isReady}
        options={choice.tenants.map((tenant) => ({
          value: tenant.id,
          label: tenant.kind === 'region' ? `${tenant.name} (регион)` : tenant.name,
        }))}
        onChange={onChange}
        showSearch={{ optionFilterProp: 'label' }}
        style={{ width: 320 }}
        popupMatchSelectWidth={false}
      />
    </Space>
  );
}

export function OrganizationPage({ search, onSearchChange, onTabChange }: OrganizationPageProps) {
  const choice = useTenantChoice(search.tenantId);
  const tab = search.tab ?? DEFAULT_ORGANIZATION_TAB;
  useDocumentTitle(`Организация: ${ORGANIZATION_TAB_TITLES[tab].toLowerCase()}`);
  const isRegionUser = choice.tenants.length > 1;

  const renderTab = (key: OrganizationTab) => {
    switch (key) {
      case 'recipients':
        return <RecipientsTab choice={choice} onShowPeople={(recipientId) => onTabChange('people', { recipientId })} />;
      case 'people':
        return <PeopleTab choice={choice} search={search} onSearchChange={onSearchChange} />;
      case 'blocks':
        return <BlocksTab choice={choice} />;
      case 'substitutions':
        return <SubstitutionsTab choice={choice} />;
      case 'compositions':
        return (
          <CompositionsTab
            choice={choice}
            compositionId={search.compositionId}
            onOpen={(compositionId) => onSearchChange({ compositionId })}
          />
        );
    }
  };

  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 4 }} align="center" wrap>
        <Space size={12} align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            Организация
          </Typography.Title>
          {choice.canManage ? null : <Tag>только просмотр</Tag>}
        </Space>
        {isRegionUser ? <TenantSelect choice={choice} onChange={(tenantId) => onTabChange(tab, { tenantId })} /> : null}
      </Space>
      {choice.tenantsError && !choice.isReady ? (
        <div style={{ marginBottom: 12 }}>
          <ErrorAlert error={choice.tenantsError} title="Не удалось загрузить список муниципалитетов" />
        </div>
      ) : null}
      <Tabs
        activeKey={tab}
        onChange={(key) => onTabChange(key as OrganizationTab)}
        destroyOnHidden
        items={ORGANIZATION_TABS.map((key) => ({
          key,
          label: ORGANIZATION_TAB_TITLES[key],
          children: key === tab ? renderTab(key) : null,
        }))}
      />
    </>
  );
}
