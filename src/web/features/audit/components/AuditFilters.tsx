import { AutoComplete, Button, DatePicker, Input, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { toPersonOptions } from '../../organization/api/select-options.js';
import { renderPersonOption } from '../../organization/components/PersonOptionLabel.js';
import { usePeople, usePerson, useTenantChoice } from '../../organization/hooks/use-organization.js';
import { type AuditSearch, hasAuditFilters, toPeriodBounds, toPeriodDays } from '../api/audit-search.js';
import { AUDIT_OBJECT_TYPE_TITLES, listKnownAuditActions } from '../api/audit-titles.js';

type AuditFiltersProps = {
  search: AuditSearch;
  timeZone: string;
  onChange: (patch: Partial<AuditSearch>) => void;
};

const OBJECT_TYPE_OPTIONS = Object.entries(AUDIT_OBJECT_TYPE_TITLES).map(([value, label]) => ({ value, label }));
const ACTION_OPTIONS = listKnownAuditActions();

/** The person filter: people of the user's municipality, and whoever is already chosen (a click in the log). */
function ActorSelect({ actorId, onChange }: { actorId: string | undefined; onChange: (actorId?: string) => void }) {
  const choice = useTenantChoice(undefined);
  const peopleQuery = usePeople(choice);
  const people = peopleQuery.data;
  const isListed = Boolean(people?.some((person) => person.id === actorId));
  // Someone from outside the list (another municipality, for the ЦУР) is named by the server.
  const chosenQuery = usePerson(actorId !== undefined && people !== undefined && !isListed ? actorId : undefined);
  const options = useMemo(() => {
    const listed = toPersonOptions(people ?? [], actorId ? [actorId] : []).map((option) => ({
      ...option,
      disabled: false,
    }));
    const chosen = chosenQuery.data;
    return chosen ? [...listed, { value: chosen.id, label: chosen.fullName, position: chosen.position }] : listed;
  }, [people, actorId, chosenQuery.data]);

  return (
    <Select
      aria-label="Кто"
      placeholder="Все сотрудники"
      allowClear
      loading={peopleQuery.isFetching}
      options={options}
      optionRender={renderPersonOption}
      showSearch={{ optionFilterProp: 'label' }}
      value={actorId}
      labelRender={({ label, value }) => label ?? (value === actorId ? 'Выбранный сотрудник' : String(value))}
      onChange={(value: string | undefined) => onChange(value)}
      style={{ width: 210 }}
      popupMatchSelectWidth={false}
    />
  );
}

/** An action code: picked from the known ones or typed; applied on choosing, Enter or leaving the box. */
function ActionInput({ action, onChange }: { action: string | undefined; onChange: (action?: string) => void }) {
  const [draft, setDraft] = useState(action ?? '');
  const commit = (value: string) => {
    const trimmed = value.trim();
    if (trimmed !== (action ?? '')) onChange(trimmed || undefined);
  };
  return (
    <AutoComplete
      aria-label="Действие"
      placeholder="Любое действие"
      allowClear
      options={ACTION_OPTIONS}
      value={draft}
      onChange={(value: string | undefined) => setDraft(value ?? '')}
      onSelect={(value: string | undefined) => {
        setDraft(value ?? '');
        commit(value ?? '');
      }}
      onClear={() => commit('')}
      onBlur={() => commit(draft)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(draft);
      }}
      showSearch={{
        filterOption: (input, option) =>
          (option?.label ?? '').toString().toLowerCase().includes(input.trim().toLowerCase()),
      }}
      style={{ width: 210 }}
      popupMatchSelectWidth={false}
    />
  );
}

export function AuditFilters({ search, timeZone, onChange }: AuditFiltersProps) {
  const [firstDay, lastDay] = toPeriodDays(search, timeZone);
  const period: [Dayjs | null, Dayjs | null] = [firstDay ? dayjs(firstDay) : null, lastDay ? dayjs(lastDay) : null];

  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
      <ActorSelect actorId={search.actorId} onChange={(actorId) => onChange({ actorId })} />
      <Select
        aria-label="Тип объекта"
        placeholder="Все объекты"
        allowClear
        options={OBJECT_TYPE_OPTIONS}
        value={search.objectType}
        onChange={(objectType: string | undefined) => onChange({ objectType })}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
      />
      <Input.Search
        key={search.objectId ?? ''}
        defaultValue={search.objectId}
        aria-label="Идентификатор объекта"
        placeholder="Идентификатор объекта"
        allowClear
        maxLength={100}
        style={{ width: 190 }}
        onSearch={(value) => onChange({ objectId: value.trim() || undefined })}
      />
      <ActionInput key={search.action ?? ''} action={search.action} onChange={(action) => onChange({ action })} />
      <DatePicker.RangePicker
        aria-label="Период"
        format="DD.MM.YYYY"
        placeholder={['С даты', 'По дату']}
        allowEmpty={[true, true]}
        value={period}
        onChange={(range) => {
          const [start, end] = range ?? [null, null];
          const bounds = toPeriodBounds(
            (start ?? end)?.format('YYYY-MM-DD') ?? '',
            (end ?? start)?.format('YYYY-MM-DD') ?? '',
            timeZone,
          );
          onChange({ from: start ? bounds.from : undefined, to: end ? bounds.to : undefined });
        }}
        style={{ width: 230 }}
      />
      <Button
        disabled={!hasAuditFilters(search)}
        onClick={() =>
          onChange({
            actorId: undefined,
            objectType: undefined,
            objectId: undefined,
            action: undefined,
            from: undefined,
            to: undefined,
          })
        }
      >
        Сбросить
      </Button>
    </Space>
  );
}
