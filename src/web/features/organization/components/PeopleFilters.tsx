import { Button, Input, Select, Space, TreeSelect } from 'antd';
import type { Role } from '../../../../shared/roles.js';
import { hasPeopleFilters, type OrganizationSearch } from '../api/organization-search.js';
import type { RecipientTreeOption } from '../api/recipient-tree.js';
import { toRoleOptions } from '../api/select-options.js';

type PeopleFiltersProps = {
  search: OrganizationSearch;
  recipientOptions: RecipientTreeOption[];
  roles: readonly Role[];
  onChange: (patch: Partial<OrganizationSearch>) => void;
};

const ACTIVITY_OPTIONS = [
  { value: 'true', label: 'Только активные' },
  { value: 'false', label: 'Только отключённые' },
];

export function PeopleFilters({ search, recipientOptions, roles, onChange }: PeopleFiltersProps) {
  return (
    <Space wrap size={[8, 8]}>
      <Input.Search
        // Remounted when the address bar changes the text, so the box always shows what is searched for.
        key={search.q ?? ''}
        defaultValue={search.q}
        placeholder="ФИО, должность, логин"
        aria-label="Поиск сотрудника"
        allowClear
        enterButton="Найти"
        maxLength={200}
        style={{ width: 250 }}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
      />
      <TreeSelect
        aria-label="Получатель"
        placeholder="Все получатели"
        allowClear
        treeData={recipientOptions}
        treeDefaultExpandAll
        showSearch={{ treeNodeFilterProp: 'title' }}
        value={search.recipientId}
        onChange={(recipientId: string | undefined) => onChange({ recipientId })}
        style={{ width: 220 }}
        popupMatchSelectWidth={false}
      />
      <Select
        aria-label="Роль"
        placeholder="Все роли"
        allowClear
        options={toRoleOptions(roles)}
        value={search.role}
        onChange={(role: Role | undefined) => onChange({ role })}
        style={{ width: 200 }}
        popupMatchSelectWidth={false}
      />
      <Select
        aria-label="Активность"
        placeholder="Активные и отключённые"
        allowClear
        options={ACTIVITY_OPTIONS}
        value={search.isActive === undefined ? undefined : String(search.isActive)}
        onChange={(value: string | undefined) =>
          onChange({ isActive: value === undefined ? undefined : value === 'true' })
        }
        style={{ width: 190 }}
      />
      <Button
        disabled={!hasPeopleFilters(search)}
        onClick={() => onChange({ q: undefined, recipientId: undefined, role: undefined, isActive: undefined })}
      >
        Сбросить
      </Button>
    </Space>
  );
}
