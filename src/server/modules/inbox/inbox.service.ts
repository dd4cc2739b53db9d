import type { CaseSummary } from '../../../shared/contracts/cases.contract.js';
import type {
  InboxBulkInput,
  InboxBulkResult,
  InboxCounts,
  InboxFilters,
  InboxItem,
  InboxPage,
  InboxQuery,
  SavedInboxFilter,
  SaveInboxFilterInput,
} from '../../../shared/contracts/inbox.contract.js';
import { InboxFiltersSchema } from '../../../shared/contracts/inbox.contract.js';
import type { CaseTimer } from '../../../shared/contracts/sla.contract.js';
import {
  defineInboxQueues,
  INBOX_QUEUES,
  type InboxQueue,
  type InboxSort,
  OPEN_GROUPS,
  RANKED_MATCHES_LIMIT,
} from '../../../shared/inbox/inbox-queues.js';
import { hasPermission } from '../../../shared/permissions.js';
import { findWorkflowById, findWorkflowState } from '../../../shared/workflow/index.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { caseScopeOf, endOfLocalDay, partyOf, performCaseAction } from '../cases/index.js';
import { listTenants } from '../organization/index.js';
import { describeCaseTimers } from '../sla/index.js';
import type { InboxCursor, InboxRow, InboxScope } from './inbox.repository.js';
import * as repository from './inbox.repository.js';

const EXCERPT_LENGTH = 180;
type Origin = { ipAddress: string; requestId: string };

/** The queues whose sizes the tabs show (the «all» tab has no count: it would read every case). */
export const COUNTED_QUEUES = INBOX_QUEUES.filter((queue) => queue !== 'all');

export function inboxScopeOf(context: AuthContext, tenantId?: string): InboxScope {
  return caseScopeOf(context, tenantId);
}

function personOf(context: AuthContext): repository.InboxPerson {
  return { personIds: context.actingForUserIds.length > 0 ? context.actingForUserIds : [context.userId] };
}

function filtersOf(query: InboxFilters): InboxFilters {
  const { channel, category, district, recipientId, executorId, state, receivedFrom, receivedTo, isFastTrack, q } =
    query;
  const filters: InboxFilters = {};
  if (channel) filters.channel = channel;
  if (category) filters.category = category;
  if (district) filters.district = district;
  if (recipientId) filters.recipientId = recipientId;
  if (executorId) filters.executorId = executorId;
  if (state) filters.state = state;
  if (receivedFrom) filters.receivedFrom = receivedFrom;
  if (receivedTo) filters.receivedTo = receivedTo;
  if (isFastTrack) filters.isFastTrack = isFastTrack;
  if (q?.trim()) filters.q = q.trim();
  if (receivedFrom && receivedTo && Date.parse(receivedFrom) > Date.parse(receivedTo)) {
    throw new AppError('VALIDATION_FAILED', 'Начало периода позже его конца.', [
      { field: 'receivedTo', message: 'Конец периода раньше начала' },
    ]);
  }
  return filters;
}

// ── Cursor ──────────────────────────────────────────────────────────────────────────────────────────

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(cursor: InboxCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.id]), 'utf8').toString('base64url');
}

function invalidCursor(message: string): AppError {
  return new AppError('INVALID_CURSOR', `Неверная позиция страницы: ${message}. Загрузите список заново.`, [
    { field: 'cursor', message },
  ]);
}

/** Reads a cursor given by the client; anything not made by encodeCursor for this sort is a 400. */
export function decodeCursor(text: string, sort: InboxSort): InboxCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('не удаётся прочитать');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor('не удаётся прочитать');
  const [cursorSort, value, id] = parsed as unknown[];
  if (cursorSort !== sort) throw invalidCursor('она от другого порядка сортировки');
  if (typeof id !== 'string' || !UUID.test(id)) throw invalidCursor('неверный идентификатор');
  if (sort === 'rank') {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidCursor('неверное значение');
  } else if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw invalidCursor('неверное значение');
  }
  return { sort, value: value as string | number, id };
}

/** The sort a cursor was made for, or undefined when it cannot be read (decodeCursor then says why). */
function cursorSortOf(text: string): InboxSort | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    const sort = Array.isArray(parsed) ? parsed[0] : undefined;
    return sort === 'received' || sort === 'due' || sort === 'rank' ? sort : undefined;
  } catch {
    return undefined;
  }
}

// ── Reading ─────────────────────────────────────────────────────────────────────────────────────────

/** One page of an inbox queue for the caller, newest (or soonest due, or best match) first, by keyset. */
export async function listInbox(
  database: Database,
  context: AuthContext,
  query: InboxQuery,
  options: { rankedMatchesLimit?: number } = {},
): Promise<InboxPage> {
  const rankedMatchesLimit = options.rankedMatchesLimit ?? RANKED_MATCHES_LIMIT;
  const scope = inboxScopeOf(context, query.tenantId);
  const filters = filtersOf(query);
  const definition = defineInboxQueues(context.roles)[query.queue];
  const person = personOf(context);
  const todayEnd = endOfLocalDay(new Date(), context.tenant.timezone);
  let sort: InboxSort = filters.q && query.order !== 'date' ? 'rank' : definition.sort;
  const readPage = (pageSort: InboxSort) =>
    repository.listInboxPage(database.pool, {
      scope,
      person,
      definition,
      filters,
      sort: pageSort,
      cursor: query.cursor ? decodeCursor(query.cursor, pageSort) : undefined,
      limit: query.limit,
      todayEnd,
    });
  let rows: InboxRow[] | undefined;
  // Only the archive («Все», closed cases included) can match without bound; a work queue holds open
  // cases only, and its matches are ranked all.
  if (sort === 'rank' && definition.queue === 'all') {
    if (query.cursor) {
      // A ranked search that fell back to the queue's order (too many matches) goes on in that order.
      if (cursorSortOf(query.cursor) === definition.sort) sort = definition.sort;
    } else {
      // The first page: the matches are counted (up to the limit) while the page in the queue's order is read
      // on another connection, so a search with too many matches to rank costs the longer of the two reads,
      // not their sum; with few matches that page is dropped and the ranked one read.
      const [matches, inQueueOrder] = await Promise.all([
        repository.countMatchesUpTo(database.pool, {
          scope,
          person,
          definition,
          filters,
          todayEnd,
          cap: rankedMatchesLimit,
        }),
        readPage(definition.sort),
      ]);
      if (matches > rankedMatchesLimit) {
        sort = definition.sort;
        rows = inQueueOrder;
      }
    }
  }
  rows ??= await readPage(sort);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor({
          sort,
          value:
            sort === 'rank'
              ? Number(last.rank ?? 0)
              : new Date((sort === 'due' ? last.dueAt : last.receivedAt) ?? 0).toISOString(),
          id: last.id,
        })
      : null;
  const timers = await describeTimers(
    database,
    context,
    page.map((row) => row.id),
  );
  return { items: page.map((row) => presentItem(row, timers.get(row.id))), nextCursor, sort };
}

/** The size of every queue for the caller, with the same filters. */
export async function countInbox(
  database: Database,
  context: AuthContext,
  query: InboxFilters & { tenantId?: string | undefined },
): Promise<InboxCounts> {
  const definitions = defineInboxQueues(context.roles);
  const counts = await repository.countInboxQueues(database.pool, {
    scope: inboxScopeOf(context, query.tenantId),
    person: personOf(context),
    definitions: COUNTED_QUEUES.map((queue) => definitions[queue]),
    filters: filtersOf(query),
    todayEnd: endOfLocalDay(new Date(), context.tenant.timezone),
  });
  return { counts: Object.fromEntries(counts) as InboxCounts['counts'] };
}

async function describeTimers(database: Database, context: AuthContext, caseIds: string[]) {
  if (caseIds.length === 0) return new Map<string, CaseTimer[]>();
  const tenants = (await listTenants(database.pool)).filter((tenant) => context.visibleTenantIds.includes(tenant.id));
  return describeCaseTimers(database.pool, tenants, caseIds);
}

function governingTimer(timers: CaseTimer[] | undefined): CaseSummary['sla'] {
  if (!timers || timers.length === 0) return null;
  const timer =
    timers.find((item) => item.kind === 'answer') ?? timers.find((item) => item.kind === 'resolution') ?? timers.at(-1);
  if (!timer) return null;
  return { kind: timer.kind, state: timer.state, dueAt: timer.dueAt, workingMinutesLeft: timer.workingMinutesLeft };
}

function presentItem(row: InboxRow, timers: CaseTimer[] | undefined): InboxItem {
  const dueAt = row.dueAt ? new Date(row.dueAt) : null;
  const workflow = row.workflowId ? findWorkflowById(row.workflowId) : undefined;
  const stateTitle = row.state && workflow ? (findWorkflowState(workflow, row.state)?.title ?? row.state) : row.state;
  return {
    id: row.id,
    tenantId: row.tenantId,
    tenantName: row.tenantName,
    number: row.number,
    channel: row.channel,
    kind: row.kind,
    status: row.status,
    category: row.category,
    excerpt: row.text.length > EXCERPT_LENGTH ? `${row.text.slice(0, EXCERPT_LENGTH - 1)}…` : row.text,
    address: row.address,
    isFastTrack: row.isFastTrack,
    receivedAt: new Date(row.receivedAt).toISOString(),
    dueAt: dueAt ? dueAt.toISOString() : null,
    closedAt: row.closedAt ? new Date(row.closedAt).toISOString() : null,
    isOverdue: dueAt !== null && OPEN_GROUPS.includes(row.status) && dueAt.getTime() < Date.now(),
    sla: governingTimer(timers),
    state: row.state,
    stateTitle,
    executorId: row.executorId,
    executorName: row.executorName,
    recipientName: row.recipientName,
    district: row.district,
    version: row.version,
  };
}

// ── Bulk ────────────────────────────────────────────────────────────────────────────────────────────

const BULK_DONE: Record<InboxBulkInput['action'], string> = {
  take: 'Взято в работу',
  assign: 'Назначено',
};

/**
 * Runs `take` or `assign` on each selected case through the workflow action service — each case in its
 * own transaction with its audit row — and reports every case's outcome in Russian. One case failing
 * (taken by someone else, wrong state, another tenant) never undoes or stops the others.
 */
export async function runBulkAction(
  database: Database,
  context: AuthContext,
  input: InboxBulkInput,
  origin: Origin,
): Promise<InboxBulkResult> {
  if (!hasPermission(context.roles, 'cases.bulk_actions')) {
    throw forbidden('Массовые действия доступны сотрудникам МЦУ, которые берут и распределяют сообщения.');
  }
  const body = input.input;
  if (input.action === 'assign' && typeof body.executorId !== 'string' && typeof body.recipientId !== 'string') {
    throw new AppError('VALIDATION_FAILED', 'Укажите исполнителя или ответственного получателя.', [
      { field: 'input.executorId', message: 'Выберите исполнителя' },
    ]);
  }
  const caseIds = [...new Set(input.caseIds)];
  const scope = inboxScopeOf(context);
  const numbers = await repository.findCaseNumbers(database.pool, scope, caseIds);
  const results: InboxBulkResult['results'] = [];
  for (const caseId of caseIds) {
    const number = numbers.get(caseId) ?? null;
    if (number === null) {
      results.push({
        caseId,
        number,
        ok: false,
        code: 'CASE_NOT_FOUND',
        message: 'Сообщение не найдено или недоступно.',
      });
      continue;
    }
    try {
      await performCaseAction(
        database,
        partyOf(context, input.action),
        { tenantIds: scope.tenantIds },
        caseId,
        input.action,
        { ...body },
        origin,
      );
      results.push({ caseId, number, ok: true, code: null, message: BULK_DONE[input.action] });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const field = error.fields?.[0];
      results.push({
        caseId,
        number,
        ok: false,
        code: error.code,
        message:
          field && !error.message.includes(field.message) ? `${error.message} (${field.message})` : error.message,
      });
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { succeeded, failed: results.length - succeeded, results };
}

// ── Saved filters ───────────────────────────────────────────────────────────────────────────────────

function presentSavedFilter(row: repository.SavedFilterRow): SavedInboxFilter {
  const filters = InboxFiltersSchema.safeParse(row.filters);
  return {
    id: row.id,
    name: row.name,
    queue: (INBOX_QUEUES as readonly string[]).includes(row.queue) ? (row.queue as InboxQueue) : 'all',
    filters: filters.success ? filters.data : {},
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

const nameTaken = (name: string) =>
  new AppError('CONFLICT', `Фильтр «${name}» у вас уже есть. Выберите другое название.`, [
    { field: 'name', message: 'Такое название уже есть' },
  ]);

export async function listSavedFilters(database: Database, context: AuthContext): Promise<SavedInboxFilter[]> {
  return (await repository.listSavedFilters(database.pool, context.tenant.id, context.userId)).map(presentSavedFilter);
}

export async function createSavedFilter(
  database: Database,
  context: AuthContext,
  input: SaveInboxFilterInput,
  origin: Origin,
): Promise<SavedInboxFilter> {
  const filters = filtersOf(input.filters);
  return withTransaction(database.pool, async (client) => {
    const row = await repository.insertSavedFilter(client, {
      tenantId: context.tenant.id,
      userId: context.userId,
      name: input.name,
      queue: input.queue,
      filters,
    });
    if (!row) throw nameTaken(input.name);
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'inbox.filter_created',
      objectType: 'inbox_filter',
      objectId: row.id,
      after: { name: row.name, queue: row.queue, filters },
      ...origin,
    });
    return presentSavedFilter(row);
  });
}

export async function updateSavedFilter(
  database: Database,
  context: AuthContext,
  id: string,
  input: SaveInboxFilterInput,
  origin: Origin,
): Promise<SavedInboxFilter> {
  const filters = filtersOf(input.filters);
  return withTransaction(database.pool, async (client) => {
    const before = await repository.findSavedFilter(client, context.tenant.id, context.userId, id);
    if (!before) throw notFound('Сохранённый фильтр не найден.');
    const owner = { tenantId: context.tenant.id, userId: context.userId };
    if (await repository.isSavedFilterNameTaken(client, { ...owner, name: input.name, exceptId: id }))
      throw nameTaken(input.name);
    const row = await repository.updateSavedFilter(client, {
      ...owner,
      id,
      name: input.name,
      queue: input.queue,
      filters,
    });
    if (!row) throw notFound('Сохранённый фильтр не найден.');
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'inbox.filter_updated',
      objectType: 'inbox_filter',
      objectId: id,
      before: { name: before.name, queue: before.queue, filters: before.filters },
      after: { name: row.name, queue: row.queue, filters },
      ...origin,
    });
    return presentSavedFilter(row);
  });
}

export async function deleteSavedFilter(
  database: Database,
  context: AuthContext,
  id: string,
  origin: Origin,
): Promise<void> {
  await withTransaction(database.pool, async (client) => {
    const row = await repository.deleteSavedFilter(client, context.tenant.id, context.userId, id);
    if (!row) throw notFound('Сохранённый фильтр не найден.');
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'inbox.filter_deleted',
      objectType: 'inbox_filter',
      objectId: id,
      before: { name: row.name, queue: row.queue, filters: row.filters },
      ...origin,
    });
  });
}
