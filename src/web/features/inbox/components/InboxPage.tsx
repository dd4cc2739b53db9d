import {
  Alert,
  App,
  Badge,
  Button,
  DatePicker,
  Flex,
  type InputRef,
  List,
  Modal,
  Segmented,
  Select,
  Space,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { InboxBulkResult } from '../../../../shared/contracts/inbox.contract.js';
import {
  INBOX_QUEUE_HINTS,
  INBOX_QUEUE_TITLES,
  INBOX_QUEUES,
  RANKED_MATCHES_LIMIT,
} from '../../../../shared/inbox/inbox-queues.js';
import { hasPermission } from '../../../../shared/permissions.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { useDocumentTitle } from '../../../components/use-document-title.js';
import { formatCount } from '../../../lib/numbers.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { RegisterCaseButton } from '../../case-work/components/RegisterCaseButton.js';
import { CaseDrawer } from '../../cases/components/CaseDrawer.js';
import { usePeople, useTenantChoice } from '../../organization/hooks/use-organization.js';
import { INBOX_SHORTCUTS, interpretInboxKey } from '../api/inbox-keyboard.js';
import { filtersOf, hasInboxFilters, type InboxSearch, queueOf } from '../api/inbox-search.js';
import { useInboxBulk, useInboxCounts, useInboxLiveUpdates, useInboxPages } from '../hooks/use-inbox.js';
import { InboxFilterBar } from './InboxFilterBar.js';
import { InboxTable } from './InboxTable.js';

type InboxPageProps = {
  search: InboxSearch;
  onSearchChange: (patch: Partial<InboxSearch>) => void;
  onSearchReplace: (search: InboxSearch) => void;
};

const ROW_STYLES = `
.inbox-row-cursor > td { box-shadow: inset 0 1px 0 #1677ff, inset 0 -1px 0 #1677ff; background: #e6f4ff !important; }
.inbox-row-cursor > td:first-child { box-shadow: inset 3px 0 0 #1677ff, inset 0 1px 0 #1677ff, inset 0 -1px 0 #1677ff; }
.inbox-row-fresh > td { background: #f6ffed; }
`;

/** How long rows brought by a live update stay tinted. */
const FRESH_MS = 15_000;

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return true;
  // A modal or the case panel has the keyboard.
  return target.closest('.ant-modal, .ant-drawer, .ant-select-dropdown, .ant-picker-dropdown') !== null;
}

export function InboxPage({ search, onSearchChange, onSearchReplace }: InboxPageProps) {
  useDocumentTitle('Входящие');
  const { message } = App.useApp();
  const user = useCurrentUser();
  const canBulk = user ? hasPermission(user.roles, 'cases.bulk_actions') : false;
  const canRegister = user ? hasPermission(user.roles, 'cases.create') : false;
  const queue = queueOf(search);
  const filters = useMemo(() => filtersOf(search), [search]);
  const pages = useInboxPages(queue, filters, search.order);
  const counts = useInboxCounts(filters);
  const bulk = useInboxBulk();
  const items = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const [cursorIndex, setCursorIndex] = useState(-1);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [freshIds, setFreshIds] = useState<ReadonlySet<string>>(new Set());
  const [bulkResult, setBulkResult] = useState<InboxBulkResult | null>(null);
  const [isAssigning, setAssigning] = useState(false);
  const searchRef = useRef<InputRef>(null);

  const onChanged = useCallback((caseIds: string[]) => {
    setFreshIds((previous) => new Set([...previous, ...caseIds]));
    setTimeout(() => {
      setFreshIds((previous) => {
        const next = new Set(previous);
        for (const id of caseIds) next.delete(id);
        return next;
      });
    }, FRESH_MS);
  }, []);
  // A case reassigned or forwarded away from the caller leaves the page: it can no longer be selected.
  const onLeft = useCallback((caseIds: string[]) => {
    const left = new Set(caseIds);
    setSelectedIds((previous) =>
      previous.some((id) => left.has(id)) ? previous.filter((id) => !left.has(id)) : previous,
    );
  }, []);
  const isLive = useInboxLiveUpdates(onChanged, onLeft);

  const cursorId = useRef<string | undefined>(undefined);
  // Another queue or filter: the cursor and the selection start again.
  const listKey = JSON.stringify([queue, filters]);
  const previousListKey = useRef(listKey);
  useEffect(() => {
    if (previousListKey.current === listKey) return;
    previousListKey.current = listKey;
    cursorId.current = undefined;
    setCursorIndex(-1);
    setSelectedIds([]);
  }, [listKey]);

  // The cursor follows its case when live updates insert rows above it.
  useEffect(() => {
    if (!cursorId.current) return;
    const index = items.findIndex((item) => item.id === cursorId.current);
    if (index >= 0 && index !== cursorIndex) setCursorIndex(index);
  }, [items, cursorIndex]);
  const moveCursor = useCallback(
    (index: number) => {
      setCursorIndex(index);
      cursorId.current = items[index]?.id;
      document
        .querySelector(`[data-case-id="${items[index]?.id ?? ''}"]`)
        ?.scrollIntoView({ block: 'nearest', behavior: 'auto' });
    },
    [items],
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (search.caseId) return;
      const command = interpretInboxKey(event.key, cursorIndex, items.length, {
        isTyping: isTypingTarget(event.target),
        hasModifier: event.ctrlKey || event.metaKey || event.altKey,
      });
      if (command.kind === 'none') return;
      event.preventDefault();
      if (command.kind === 'search') searchRef.current?.focus();
      if (command.kind === 'move') moveCursor(command.index);
      const item = 'index' in command ? items[command.index] : undefined;
      if (command.kind === 'open' && item) onSearchChange({ caseId: item.id });
      if (command.kind === 'toggle' && item && canBulk) {
        setSelectedIds((previous) =>
          previous.includes(item.id) ? previous.filter((id) => id !== item.id) : [...previous, item.id],
        );
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [cursorIndex, items, search.caseId, canBulk, moveCursor, onSearchChange]);

  const runBulk = async (action: 'take' | 'assign', input: Record<string, unknown> = {}) => {
    try {
      const result = await bulk.mutateAsync({ action, caseIds: selectedIds, input });
      setBulkResult(result);
      setSelectedIds(result.results.filter((item) => !item.ok).map((item) => item.caseId));
      setAssigning(false);
    } catch (error) {
      void message.error(describeError(error));
    }
  };

  const tabItems = INBOX_QUEUES.map((code) => {
    const count = counts.data?.counts[code];
    return {
      key: code,
      label: (
        <span title={INBOX_QUEUE_HINTS[code]} data-testid={`inbox-tab-${code}`}>
          {INBOX_QUEUE_TITLES[code]}{' '}
          {count !== undefined ? (
            <Badge
              count={formatCount(count)}
              showZero
              overflowCount={Number.MAX_SAFE_INTEGER}
              color={code === 'overdue' && count > 0 ? 'red' : count > 0 ? 'blue' : '#d9d9d9'}
              data-testid={`inbox-count-${code}`}
            />
          ) : null}
        </span>
      ),
    };
  });

  return (
    <>
      <style>{ROW_STYLES}</style>
      <Flex justify="space-between" align="center" gap={12} style={{ marginBottom: 4 }} wrap>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            Входящие
          </Typography.Title>
          <Tag color={isLive ? 'green' : 'default'} title="Обновляется само, когда приходит или меняется сообщение">
            {isLive ? 'обновляется онлайн' : 'нет связи для обновлений'}
          </Tag>
        </Space>
        <Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="inbox-shortcuts">
            {INBOX_SHORTCUTS.map((shortcut) => (
              <span key={shortcut.keys} style={{ marginInlineStart: 8 }}>
                <Typography.Text keyboard>{shortcut.keys}</Typography.Text> {shortcut.title}
              </span>
            ))}
          </Typography.Text>
          {canRegister ? <RegisterCaseButton onCreated={(caseId) => onSearchChange({ caseId })} /> : null}
        </Space>
      </Flex>
      <Tabs
        size="small"
        activeKey={queue}
        items={tabItems}
        onChange={(key) => onSearchChange({ queue: key as InboxSearch['queue'] })}
        style={{ marginBottom: 0 }}
      />
      <InboxFilterBar
        search={search}
        queue={queue}
        searchRef={searchRef}
        onChange={onSearchChange}
        onApplySaved={(saved) => onSearchReplace(saved)}
      />
      {search.q ? (
        <Space style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">Порядок найденного:</Typography.Text>
          <Segmented
            size="small"
            value={search.order ?? 'relevance'}
            options={[
              { value: 'relevance', label: 'сначала лучшие совпадения' },
              { value: 'date', label: 'сначала новые' },
            ]}
            onChange={(value) => onSearchChange({ order: value === 'date' ? 'date' : undefined })}
          />
          {search.order !== 'date' && pages.data && pages.data.pages[0]?.sort !== 'rank' ? (
            <Typography.Text type="warning" data-testid="inbox-rank-capped">
              Совпадений больше {RANKED_MATCHES_LIMIT.toLocaleString('ru')} — показаны в порядке очереди. Уточните
              запрос или фильтры, чтобы упорядочить по релевантности.
            </Typography.Text>
          ) : null}
        </Space>
      ) : null}
      {canBulk && selectedIds.length > 0 ? (
        <Alert
          type="info"
          style={{ marginBottom: 8, padding: '4px 12px' }}
          message={
            <Space wrap>
              <span data-testid="inbox-selected">Выбрано: {selectedIds.length}</span>
              <Button size="small" type="primary" loading={bulk.isPending} onClick={() => void runBulk('take')}>
                Взять в работу
              </Button>
              <Button size="small" onClick={() => setAssigning(true)}>
                Назначить исполнителя…
              </Button>
              <Button size="small" type="link" onClick={() => setSelectedIds([])}>
                Снять выбор
              </Button>
            </Space>
          }
        />
      ) : null}
      {pages.isError ? (
        <div style={{ marginBottom: 8 }}>
          <ErrorAlert error={pages.error} onRetry={() => void pages.refetch()} />
        </div>
      ) : null}
      <InboxTable
        items={items}
        isLoading={pages.isFetching && !pages.isFetchingNextPage && items.length === 0}
        isFiltered={hasInboxFilters(search)}
        cursorIndex={cursorIndex}
        freshIds={freshIds}
        selectedIds={canBulk ? selectedIds : undefined}
        onSelect={setSelectedIds}
        onOpen={(caseId) => onSearchChange({ caseId })}
        onCursor={moveCursor}
      />
      {pages.hasNextPage ? (
        <Flex justify="center" style={{ marginTop: 8 }}>
          <Button loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            Показать ещё
          </Button>
        </Flex>
      ) : null}
      <BulkAssignModal
        open={isAssigning}
        count={selectedIds.length}
        isPending={bulk.isPending}
        onCancel={() => setAssigning(false)}
        onAssign={(executorId, dueAt) =>
          void runBulk('assign', { executorId, ...(dueAt ? { dueAt: dueAt.toISOString() } : {}) })
        }
      />
      <Modal
        title="Итог массового действия"
        open={bulkResult !== null}
        onOk={() => setBulkResult(null)}
        onCancel={() => setBulkResult(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="Понятно"
      >
        {bulkResult ? (
          <>
            <Typography.Paragraph data-testid="inbox-bulk-summary">
              Выполнено: {bulkResult.succeeded}, не выполнено: {bulkResult.failed}.
              {bulkResult.failed > 0 ? ' Невыполненные остались выбранными.' : ''}
            </Typography.Paragraph>
            <List
              size="small"
              dataSource={bulkResult.results}
              style={{ maxHeight: 320, overflow: 'auto' }}
              renderItem={(result) => (
                <List.Item>
                  <Space>
                    <Tag color={result.ok ? 'green' : 'red'}>{result.ok ? 'готово' : 'ошибка'}</Tag>
                    <span>№ {result.number ?? '—'}</span>
                    <Typography.Text type={result.ok ? undefined : 'danger'}>{result.message}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </>
        ) : null}
      </Modal>
      <CaseDrawer caseId={search.caseId} onClose={() => onSearchChange({ caseId: undefined })} />
    </>
  );
}

function BulkAssignModal({
  open,
  count,
  isPending,
  onCancel,
  onAssign,
}: {
  open: boolean;
  count: number;
  isPending: boolean;
  onCancel: () => void;
  onAssign: (executorId: string, dueAt: Dayjs | null) => void;
}) {
  const choice = useTenantChoice(undefined);
  const executors = usePeople(choice, { role: 'executor', isActive: true });
  const [executorId, setExecutorId] = useState<string | undefined>();
  const [dueAt, setDueAt] = useState<Dayjs | null>(null);
  return (
    <Modal
      title={`Назначить исполнителя: ${count}`}
      open={open}
      okText="Назначить"
      cancelText="Отмена"
      okButtonProps={{ disabled: !executorId, loading: isPending }}
      onOk={() => executorId && onAssign(executorId, dueAt)}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select
          aria-label="Исполнитель"
          placeholder="Исполнитель"
          showSearch
          optionFilterProp="label"
          style={{ width: '100%' }}
          options={(executors.data ?? []).map((person) => ({ value: person.id, label: person.fullName }))}
          value={executorId}
          onChange={setExecutorId}
        />
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="DD.MM.YYYY HH:mm"
          placeholder="Срок исполнителю (по умолчанию — по нормативу)"
          style={{ width: '100%' }}
          value={dueAt}
          onChange={setDueAt}
        />
        <Typography.Text type="secondary">
          Каждое сообщение назначается своим действием процесса; если для какого-то оно недоступно, остальные всё равно
          будут назначены.
        </Typography.Text>
      </Space>
    </Modal>
  );
}
