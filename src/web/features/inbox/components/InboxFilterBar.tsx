import { App, Button, Checkbox, DatePicker, Input, type InputRef, Modal, Select, Space, Tooltip } from 'antd';
import dayjs from 'dayjs';
import { type Ref, useMemo, useState } from 'react';
import { CHANNEL_TITLES, CHANNELS } from '../../../../shared/channels.js';
import type { InboxQueue } from '../../../../shared/inbox/inbox-queues.js';
import { SHIPPED_WORKFLOWS } from '../../../../shared/workflow/index.js';
import { describeError } from '../../../components/ErrorAlert.js';
import { usePeople, useRecipients, useTenantChoice } from '../../organization/hooks/use-organization.js';
import { filtersOf, hasInboxFilters, type InboxSearch } from '../api/inbox-search.js';
import { useDeleteFilter, useSavedFilters, useSaveFilter } from '../hooks/use-inbox.js';

type InboxFilterBarProps = {
  search: InboxSearch;
  queue: InboxQueue;
  searchRef: Ref<InputRef>;
  onChange: (patch: Partial<InboxSearch>) => void;
  onApplySaved: (search: InboxSearch) => void;
};

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }));

/** Every state of the shipped workflows once, titled as the first workflow that has it calls it. */
const STATE_OPTIONS = (() => {
  const seen = new Map<string, string>();
  for (const workflow of SHIPPED_WORKFLOWS)
    for (const state of workflow.states) if (!seen.has(state.code)) seen.set(state.code, state.title);
  return [...seen].map(([value, label]) => ({ value, label }));
})();

const { RangePicker } = DatePicker;

export function InboxFilterBar({ search, queue, searchRef, onChange, onApplySaved }: InboxFilterBarProps) {
  const { message } = App.useApp();
  const choice = useTenantChoice(undefined);
  const recipients = useRecipients(choice);
  const executors = usePeople(choice, { role: 'executor', isActive: true });
  const saved = useSavedFilters();
  const saveFilter = useSaveFilter();
  const deleteFilter = useDeleteFilter();
  const [isSaving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [district, setDistrict] = useState(search.district ?? '');
  const [category, setCategory] = useState(search.category ?? '');

  const recipientOptions = useMemo(
    () => (recipients.data ?? []).map((item) => ({ value: item.id, label: item.shortName ?? item.name })),
    [recipients.data],
  );
  const executorOptions = useMemo(
    () => (executors.data ?? []).map((item) => ({ value: item.id, label: item.fullName })),
    [executors.data],
  );
  const savedOptions = (saved.data ?? []).map((item) => ({ value: item.id, label: item.name }));

  const submitSave = async () => {
    try {
      await saveFilter.mutateAsync({ name: name.trim(), queue, filters: filtersOf(search) });
      void message.success(`Фильтр «${name.trim()}» сохранён`);
      setSaving(false);
      setName('');
    } catch (error) {
      void message.error(describeError(error));
    }
  };

  return (
    <Space wrap size={[8, 8]} style={{ marginBottom: 8 }}>
      <Input.Search
        key={`q:${search.q ?? ''}`}
        ref={searchRef}
        defaultValue={search.q}
        placeholder="Поиск: слова, «фраза», -исключить, номер"
        aria-label="Поиск"
        allowClear
        maxLength={200}
        style={{ width: 280 }}
        onSearch={(value) => onChange({ q: value.trim() || undefined })}
      />
      <Select
        aria-label="Канал"
        placeholder="Канал"
        allowClear
        options={CHANNEL_OPTIONS}
        value={search.channel}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
        onChange={(channel) => onChange({ channel })}
      />
      <Select
        aria-label="Состояние"
        placeholder="Состояние"
        allowClear
        showSearch
        optionFilterProp="label"
        options={STATE_OPTIONS}
        value={search.state}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
        onChange={(state) => onChange({ state })}
      />
      <Select
        aria-label="Получатель"
        placeholder="Получатель"
        allowClear
        showSearch
        optionFilterProp="label"
        options={recipientOptions}
        value={search.recipientId}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
        onChange={(recipientId) => onChange({ recipientId })}
      />
      <Select
        aria-label="Исполнитель"
        placeholder="Исполнитель"
        allowClear
        showSearch
        optionFilterProp="label"
        options={executorOptions}
        value={search.executorId}
        style={{ width: 160 }}
        popupMatchSelectWidth={false}
        onChange={(executorId) => onChange({ executorId })}
      />
      <Input
        aria-label="Категория"
        placeholder="Категория"
        value={category}
        allowClear
        style={{ width: 140 }}
        onChange={(event) => setCategory(event.target.value)}
        onPressEnter={() => onChange({ category: category.trim() || undefined })}
        onBlur={() => onChange({ category: category.trim() || undefined })}
      />
      <Input
        aria-label="Район"
        placeholder="Район"
        value={district}
        allowClear
        style={{ width: 130 }}
        onChange={(event) => setDistrict(event.target.value)}
        onPressEnter={() => onChange({ district: district.trim() || undefined })}
        onBlur={() => onChange({ district: district.trim() || undefined })}
      />
      <RangePicker
        aria-label="Период поступления"
        placeholder={['Поступило с', 'по']}
        style={{ width: 240 }}
        value={[
          search.receivedFrom ? dayjs(search.receivedFrom) : null,
          search.receivedTo ? dayjs(search.receivedTo).subtract(1, 'day') : null,
        ]}
        onChange={(range) =>
          onChange({
            receivedFrom: range?.[0] ? range[0].startOf('day').format() : undefined,
            receivedTo: range?.[1] ? range[1].add(1, 'day').startOf('day').format() : undefined,
          })
        }
      />
      <Checkbox
        checked={search.isFastTrack === 'true'}
        onChange={(event) => onChange({ isFastTrack: event.target.checked ? 'true' : undefined })}
      >
        Срочные
      </Checkbox>
      {hasInboxFilters(search) ? (
        <Button
          onClick={() => {
            setDistrict('');
            setCategory('');
            onChange({
              channel: undefined,
              category: undefined,
              district: undefined,
              recipientId: undefined,
              executorId: undefined,
              state: undefined,
              receivedFrom: undefined,
              receivedTo: undefined,
              isFastTrack: undefined,
              q: undefined,
            });
          }}
        >
          Сбросить
        </Button>
      ) : null}
      <Select
        aria-label="Сохранённые фильтры"
        placeholder="Сохранённые фильтры"
        style={{ width: 190 }}
        popupMatchSelectWidth={false}
        options={savedOptions}
        value={null}
        notFoundContent="Нет сохранённых"
        onChange={(id: string) => {
          const filter = saved.data?.find((item) => item.id === id);
          if (!filter) return;
          setDistrict(filter.filters.district ?? '');
          setCategory(filter.filters.category ?? '');
          onApplySaved({
            ...(filter.queue === 'new' ? {} : { queue: filter.queue }),
            ...filter.filters,
          } as InboxSearch);
        }}
        optionRender={(option) => (
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <span>{option.label}</span>
            <Tooltip title="Удалить фильтр">
              <Button
                size="small"
                type="text"
                danger
                aria-label={`Удалить фильтр ${String(option.label)}`}
                onClick={(event) => {
                  event.stopPropagation();
                  deleteFilter.mutate(String(option.value), {
                    onSuccess: () => message.success('Фильтр удалён'),
                    onError: (error) => message.error(describeError(error)),
                  });
                }}
              >
                ✕
              </Button>
            </Tooltip>
          </Space>
        )}
      />
      <Button onClick={() => setSaving(true)}>Сохранить фильтр…</Button>
      <Modal
        title="Сохранить фильтр"
        open={isSaving}
        okText="Сохранить"
        cancelText="Отмена"
        okButtonProps={{ disabled: name.trim() === '', loading: saveFilter.isPending }}
        onOk={() => void submitSave()}
        onCancel={() => setSaving(false)}
        destroyOnHidden
      >
        <Input
          aria-label="Название фильтра"
          placeholder="Например: срочные ИМ по Центральному району"
          value={name}
          maxLength={100}
          autoFocus
          onChange={(event) => setName(event.target.value)}
          onPressEnter={() => name.trim() && void submitSave()}
        />
      </Modal>
    </Space>
  );
}
