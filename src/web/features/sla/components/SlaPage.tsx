import { Space, Tabs, Tag, Typography } from 'antd';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import {
  DEFAULT_SLA_TAB,
  pickDefaultYear,
  SLA_TAB_TITLES,
  SLA_TABS,
  type SlaSearch,
  type SlaTab,
} from '../api/sla-search.js';
import { useSlaAbilities } from '../hooks/use-sla.js';
import { CalendarTab } from './CalendarTab.js';
import { PoliciesTab } from './PoliciesTab.js';
import { SchedulesTab } from './SchedulesTab.js';

type SlaPageProps = {
  search: SlaSearch;
  onSearchChange: (patch: Partial<SlaSearch>) => void;
  onTabChange: (tab: SlaTab) => void;
};

/** «Сроки и календарь»: the production calendar, the work schedules and the SLA policies of the municipality. */
export function SlaPage({ search, onSearchChange, onTabChange }: SlaPageProps) {
  const abilities = useSlaAbilities();
  const tab = search.tab ?? DEFAULT_SLA_TAB;
  useDocumentTitle(`Сроки и календарь: ${SLA_TAB_TITLES[tab].toLowerCase()}`);
  const isReadOnly = !abilities.canManageSla && !abilities.canManageCalendar;

  const renderTab = (key: SlaTab) => {
    switch (key) {
      case 'calendar':
        return (
          <CalendarTab
            year={search.year ?? pickDefaultYear()}
            abilities={abilities}
            onYearChange={(year) => onSearchChange({ year: year === pickDefaultYear() ? undefined : year })}
          />
        );
      case 'schedules':
        return (
          <SchedulesTab
            scheduleId={search.schedule}
            canManage={abilities.canManageSla}
            onScheduleChange={(schedule) => onSearchChange({ schedule })}
          />
        );
      case 'policies':
        return <PoliciesTab canManage={abilities.canManageSla} />;
    }
  };

  return (
    <>
      <Space size={12} align="center" style={{ marginBottom: 4 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          Сроки и календарь
        </Typography.Title>
        {isReadOnly ? <Tag>только просмотр</Tag> : null}
      </Space>
      <Tabs
        activeKey={tab}
        onChange={(key) => onTabChange(key as SlaTab)}
        destroyOnHidden
        items={SLA_TABS.map((key) => ({
          key,
          label: SLA_TAB_TITLES[key],
          children: key === tab ? renderTab(key) : null,
        }))}
      />
    </>
  );
}
