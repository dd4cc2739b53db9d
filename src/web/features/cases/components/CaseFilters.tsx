import { Button, Checkbox, Input, Select, Space } from 'antd';
import {
  CASE_KIND_TITLES,
  CASE_KINDS,
  CASE_STATUS_TITLES,
  CASE_STATUSES,
  CHANNEL_TITLES,
  CHANNELS,
} from '../../../../shared/channels.js';
import { type CasesSearch, hasCaseFilters } from '../api/cases-search.js';

type CaseFiltersProps = {
  search: CasesSearch;
  onChange: (patch: Partial<CasesSearch>) => void;
};

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }));
const STATUS_OPTIONS = CASE_STATUSES.map((status) => ({ value: status, label: CASE_STATUS_TITLES[status] }));
const KIND_OPTIONS = CASE_KINDS.map((kind) => ({ value: kind, label: CASE_KIND_TITLES[kind] }));

export function CaseFilters({ search, onChange }: CaseFiltersProps) {
  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 12 }}>
      <Input.Search
        // Remounted when the address bar changes the text, so the box always shows what is searched for.
        key={search.q ?? ''}
        defaultValue={search.q}
        placeholder="Номер, текст или адрес"
        aria-label="Поиск"
        allowClear
        enterButton="Найти"
        maxLength={200}
        style={{ width: 270 }}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
      />
      <Select
        aria-label="Канал"
        placeholder="Все каналы"
        allowClear
        options={CHANNEL_OPTIONS}
        value={search.channel}
        onChange={(channel) => onChange({ channel })}
        style={{ width: 220 }}
        popupMatchSelectWidth={false}
      />
      <Select
        aria-label="Статус"
        placeholder="Все статусы"
        allowClear
        options={STATUS_OPTIONS}
        value={search.status}
        onChange={(status) => onChange({ status })}
        style={{ width: 170 }}
      />
      <Select
        aria-label="Вид"
        placeholder="Все виды"
        allowClear
        options={KIND_OPTIONS}
        value={search.kind}
        onChange={(kind) => onChange({ kind })}
        style={{ width: 170 }}
        popupMatchSelectWidth={false}
      />
      <Checkbox
        checked={search.isOverdue === true}
        onChange={(event) => onChange({ isOverdue: event.target.checked || undefined })}
      >
        Только просроченные
      </Checkbox>
      <Button
        disabled={!hasCaseFilters(search)}
        onClick={() =>
          onChange({ channel: undefined, status: undefined, kind: undefined, q: undefined, isOverdue: undefined })
        }
      >
        Сбросить
      </Button>
    </Space>
  );
}
