import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import type { InboxFilters } from '../../../shared/contracts/inbox.contract.js';
import type { InboxQueue, InboxQueueDefinition, InboxSort } from '../../../shared/inbox/inbox-queues.js';
import { FINAL_GROUPS, OPEN_GROUPS } from '../../../shared/inbox/inbox-queues.js';
import type { Queryable } from '../../platform/audit.js';
import { toJsonParameter } from '../../platform/db/json-parameter.js';

/** Whose cases a request reads: the visible tenants, and for executors only what is routed to them. */
export type InboxScope = {
  tenantIds: string[];
  routedTo?: { recipientIds: string[]; executorIds: string[] };
};

/** The caller as the queues see them: themselves and the people they substitute today. */
export type InboxPerson = { personIds: string[] };

export type InboxRow = {
  id: string;
  tenantId: string;
  tenantName: string;
  number: string;
  channel: Channel;
  kind: CaseKind;
  status: CaseStatus;
  workflowId: string | null;
  state: string | null;
  text: string;
  category: string | null;
  address: string | null;
  district: string | null;
  isFastTrack: boolean;
  receivedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
  executorId: string | null;
  executorName: string | null;
  recipientName: string | null;
  version: number;
  rank: number | null;
};

/** A keyset position: the sort key's value of the last row seen, then its id. */
export type InboxCursor = { sort: InboxSort; value: string | number; id: string };

/** A search string that is a case number (ГГГГ-NNNNNN) is also looked up exactly. */
const CASE_NUMBER = /^\d{4}-\d{6}$/;

// Constant SQL (never user input): literal so the planner matches the partial indexes of migration 0009.
const ACTIVE_SQL = `c.status not in (${FINAL_GROUPS.map((group) => `'${group}'`).join(', ')})`;
const OPEN_SQL = `c.status in (${OPEN_GROUPS.map((group) => `'${group}'`).join(', ')})`;

class SqlBuilder {
  readonly values: unknown[] = [];
  readonly conditions: string[] = [];

  param(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }

  where(condition: string): void {
    this.conditions.push(condition);
  }

  get sql(): string {
    return this.conditions.length === 0 ? 'true' : this.conditions.join(' and ');
  }
}

function addScope(builder: SqlBuilder, scope: InboxScope, options: { isBranching?: boolean } = {}): string[] | null {
  // One tenant (a municipality's staff): equality, so the (tenant_id, sort key, id) indexes give rows in order.
  if (scope.tenantIds.length === 1) builder.where(`c.tenant_id = ${builder.param(scope.tenantIds[0], '::uuid')}`);
  else builder.where(`c.tenant_id = any(${builder.param(scope.tenantIds, '::uuid[]')})`);
  if (!scope.routedTo) return null;
  if (!options.isBranching) {
    builder.where(
      `(c.recipient_id = any(${builder.param(scope.routedTo.recipientIds, '::uuid[]')}) or c.executor_id = any(${builder.param(scope.routedTo.executorIds, '::uuid[]')}))`,
    );
    return null;
  }
  // Alternatives of equalities, each read in order from its index: the recipient's cases and the person's
  // own (they may overlap: the page is merged with UNION, which drops repeats).
  return [
    ...scope.routedTo.recipientIds.map((id) => `c.recipient_id = ${builder.param(id, '::uuid')}`),
    ...scope.routedTo.executorIds.map((id) => `c.executor_id = ${builder.param(id, '::uuid')}`),
  ];
}

function combineBranches(left: string[] | null, right: string[] | null): string[] | null {
  if (!left) return right;
  if (!right) return left;
  return left.flatMap((first) => right.map((second) => `${first} and ${second}`));
}

/** The full-text query of a search string (websearch syntax: "фраза", -исключить, or). */
function searchQuerySql(builder: SqlBuilder, q: string): string {
  return `websearch_to_tsquery('russian', ${builder.param(q)})`;
}

function addFilters(builder: SqlBuilder, filters: InboxFilters): { rankSql: string | null } {
  if (filters.channel) builder.where(`c.channel = ${builder.param(filters.channel)}`);
  if (filters.category) builder.where(`c.category = ${builder.param(filters.category)}`);
  if (filters.district) builder.where(`c.district = ${builder.param(filters.district)}`);
  if (filters.recipientId) builder.where(`c.recipient_id = ${builder.param(filters.recipientId, '::uuid')}`);
  if (filters.executorId) builder.where(`c.executor_id = ${builder.param(filters.executorId, '::uuid')}`);
  if (filters.state) builder.where(`c.state = ${builder.param(filters.state)}`);
  if (filters.receivedFrom) builder.where(`c.received_at >= ${builder.param(filters.receivedFrom, '::timestamptz')}`);
  if (filters.receivedTo) builder.where(`c.received_at < ${builder.param(filters.receivedTo, '::timestamptz')}`);
  if (filters.isFastTrack) builder.where(`c.is_fast_track = ${builder.param(filters.isFastTrack === 'true')}`);
  const q = filters.q?.trim();
  if (!q) return { rankSql: null };
  const query = searchQuerySql(builder, q);
  if (CASE_NUMBER.test(q)) {
    const number = builder.param(q);
    builder.where(`(c.search @@ ${query} or c.number = ${number})`);
    return { rankSql: `(ts_rank(c.search, ${query}) + case when c.number = ${number} then 10 else 0 end)::real` };
  }
  builder.where(`c.search @@ ${query}`);
  return { rankSql: `ts_rank(c.search, ${query})::real` };
}

/**
 * SQL of a queue's definition (the caller's own ids bound as parameters): conditions every row meets, and
 * alternatives (`branches`, one of which a row meets) made of equalities only — one per workflow state,
 * one per person — so each can be read in sort order from its own index and the page merged from them
 * (PostgreSQL 15 reads `state = any(…)` unordered, which meant sorting every matching row).
 */
function queueSql(
  builder: SqlBuilder,
  definition: InboxQueueDefinition,
  person: InboxPerson,
  todayEnd: Date,
): { common: string; branches: string[] | null } {
  const parts: string[] = [];
  if (definition.queue !== 'all') parts.push(ACTIVE_SQL);
  let branches: string[] | null = null;
  const multiply = (alternatives: string[]) => {
    branches = branches
      ? branches.flatMap((left) => alternatives.map((right) => `${left} and ${right}`))
      : alternatives;
  };
  if (definition.states) {
    multiply(
      definition.states.map(
        (item) => `c.workflow_id = ${builder.param(item.workflowId)} and c.state = ${builder.param(item.state)}`,
      ),
    );
  }
  if (definition.person === 'executor_or_taker') {
    multiply(
      person.personIds.flatMap((id) => {
        const value = builder.param(id, '::uuid');
        return [`c.executor_id = ${value}`, `c.executor_id is null and c.taken_by_id = ${value}`];
      }),
    );
  }
  if (definition.isReturned) parts.push('c.returned_at is not null');
  if (definition.due === 'today') {
    parts.push(OPEN_SQL, `c.due_at >= now()`, `c.due_at < ${builder.param(todayEnd, '::timestamptz')}`);
  }
  if (definition.due === 'overdue') parts.push(OPEN_SQL, 'c.due_at < now()');
  return { common: parts.length === 0 ? 'true' : parts.join(' and '), branches };
}

/** The ORDER BY and the keyset condition of a sort. */
function sortSql(
  builder: SqlBuilder,
  sort: InboxSort,
  rankSql: string | null,
  cursor: InboxCursor | undefined,
): { orderBy: string; keyExpression: string } {
  const key = sort === 'rank' ? (rankSql ?? '0::real') : sort === 'due' ? 'c.due_at' : 'c.received_at';
  const direction = sort === 'due' ? 'asc' : 'desc';
  if (cursor) {
    const value =
      sort === 'rank' ? builder.param(cursor.value, '::real') : builder.param(cursor.value, '::timestamptz');
    const id = builder.param(cursor.id, '::uuid');
    builder.where(`(${key}, c.id) ${direction === 'asc' ? '>' : '<'} (${value}, ${id})`);
  }
  // due_at is never null in the due queues (their condition compares it).
  return { orderBy: `${key} ${direction}, c.id ${direction}`, keyExpression: key };
}

/**
 * One page of a queue: `limit + 1` rows are read to know whether another page follows. The page is chosen
 * on keys only — (tenant, id, sort key) of each alternative, read in order from its index (index-only where
 * no filter needs the row), merged and cut to the page — and only the page's rows are then read in full and
 * joined with tenants, executors and recipients: joining before the cut cost a lookup per candidate row of
 * every alternative (up to limit × alternatives), and per match of a ranked search.
 */
export async function listInboxPage(
  database: Queryable,
  request: {
    scope: InboxScope;
    person: InboxPerson;
    definition: InboxQueueDefinition;
    filters: InboxFilters;
    sort: InboxSort;
    cursor: InboxCursor | undefined;
    limit: number;
    todayEnd: Date;
  },
): Promise<InboxRow[]> {
  const builder = new SqlBuilder();
  const scopeBranches = addScope(builder, request.scope, { isBranching: true });
  const queue = queueSql(builder, request.definition, request.person, request.todayEnd);
  queue.branches = combineBranches(queue.branches, scopeBranches);
  builder.where(queue.common);
  const { rankSql } = addFilters(builder, request.filters);
  const { orderBy, keyExpression } = sortSql(builder, request.sort, rankSql, request.cursor);
  const limit = builder.param(request.limit + 1, '::int');
  if (queue.branches?.length === 0) return [];
  const direction = request.sort === 'due' ? 'asc' : 'desc';
  const keys = (extra: string) =>
    `select c.tenant_id, c.id, ${keyExpression} as sort_key
       from cases c
      where ${builder.sql}${extra}
      order by ${orderBy}
      limit ${limit}`;
  // Each alternative reads its first rows in order from its index; the page is merged from them.
  const page =
    !queue.branches || queue.branches.length === 1
      ? keys(queue.branches ? ` and ${queue.branches[0]}` : '')
      : `select * from (${queue.branches.map((branch) => `(${keys(` and ${branch}`)})`).join(' union ')}) merged
          order by merged.sort_key ${direction}, merged.id ${direction}
          limit ${limit}`;
  const result = await database.query<InboxRow>(
    `select c.id, c.tenant_id as "tenantId", t.short_name as "tenantName", c.number, c.channel, c.kind, c.status,
            c.workflow_id as "workflowId", c.state, left(c.text, 400) as text, c.category, c.address, c.district,
            c.is_fast_track as "isFastTrack", c.received_at as "receivedAt", c.due_at as "dueAt",
            c.closed_at as "closedAt", c.executor_id as "executorId", e.full_name as "executorName",
            r.name as "recipientName", c.version, ${request.sort === 'rank' ? 'p.sort_key::real' : 'null::real'} as rank
       from (${page}) p
       join cases c on c.tenant_id = p.tenant_id and c.id = p.id
       join tenants t on t.id = c.tenant_id
       left join users e on e.id = c.executor_id
       left join recipients r on r.id = c.recipient_id
      order by p.sort_key ${direction}, p.id ${direction}`,
    builder.values,
  );
  return result.rows;
}

/**
 * How many cases match a queue with its filters, counting no further than `cap + 1` (a ranked search
 * asks whether its match set is small enough to rank every match).
 */
export async function countMatchesUpTo(
  database: Queryable,
  request: {
    scope: InboxScope;
    person: InboxPerson;
    definition: InboxQueueDefinition;
    filters: InboxFilters;
    todayEnd: Date;
    cap: number;
  },
): Promise<number> {
  const builder = new SqlBuilder();
  addScope(builder, request.scope);
  const queue = queueSql(builder, request.definition, request.person, request.todayEnd);
  if (queue.branches?.length === 0) return 0;
  builder.where(queue.common);
  if (queue.branches) builder.where(`(${queue.branches.map((branch) => `(${branch})`).join(' or ')})`);
  addFilters(builder, request.filters);
  const result = await database.query<{ count: number }>(
    `select count(*)::int as count from (select 1 from cases c where ${builder.sql} limit ${builder.param(request.cap + 1, '::int')}) matched`,
    builder.values,
  );
  return result.rows[0]?.count ?? 0;
}

/** How many cases each queue holds for the caller, with the same filters. */
export async function countInboxQueues(
  database: Queryable,
  request: {
    scope: InboxScope;
    person: InboxPerson;
    definitions: InboxQueueDefinition[];
    filters: InboxFilters;
    todayEnd: Date;
  },
): Promise<Map<InboxQueue, number>> {
  const builder = new SqlBuilder();
  const routedTo = request.scope.routedTo;
  if (routedTo) {
    // An executor's scope is their recipient's and their own open cases (thousands at most): one pass over
    // them counts every queue, instead of a subquery per queue and alternative each planned on its own
    // (planning those cost more than reading the rows). The recipient's cases are read index-only from
    // cases_inbox_recipient_state_idx (it INCLUDEs what the queues test); the person's own cases outside
    // that recipient are added (disjoint, so nothing is counted twice).
    addScope(builder, { tenantIds: request.scope.tenantIds });
    builder.where(ACTIVE_SQL);
    addFilters(builder, request.filters);
    const base = builder.sql;
    const recipients = builder.param(routedTo.recipientIds, '::uuid[]');
    const executors = builder.param(routedTo.executorIds, '::uuid[]');
    const columns = request.definitions.map((definition, index) => {
      const queue = queueSql(builder, definition, request.person, request.todayEnd);
      if (queue.branches?.length === 0) return `0 as q${index}`;
      const branches = queue.branches ? ` and (${queue.branches.map((branch) => `(${branch})`).join(' or ')})` : '';
      return `(count(*) filter (where ${queue.common}${branches}))::int as q${index}`;
    });
    const fields = 'c.workflow_id, c.state, c.status, c.executor_id, c.taken_by_id, c.returned_at, c.due_at';
    const result = await database.query<Record<string, number>>(
      `select ${columns.join(', ')}
         from (select ${fields} from cases c where ${base} and c.recipient_id = any(${recipients})
               union all
               select ${fields} from cases c
                where ${base} and c.executor_id = any(${executors})
                  and (c.recipient_id is null or c.recipient_id <> all(${recipients}))) c`,
      builder.values,
    );
    const row = result.rows[0] ?? {};
    return new Map(request.definitions.map((definition, index) => [definition.queue, row[`q${index}`] ?? 0]));
  }
  addScope(builder, request.scope);
  builder.where(ACTIVE_SQL);
  addFilters(builder, request.filters);
  const base = builder.sql;
  // One scalar subquery per queue and alternative: each is planned on its own and counted from its own
  // index (index-only where the queue's columns are in it); the alternatives are disjoint, so they add up.
  const columns = request.definitions.map((definition, index) => {
    const queue = queueSql(builder, definition, request.person, request.todayEnd);
    const count = (condition: string) => `(select count(*) from cases c where ${base} and ${condition})`;
    if (!queue.branches) return `${count(queue.common)}::int as q${index}`;
    if (queue.branches.length === 0) return `0 as q${index}`;
    return `(${queue.branches.map((branch) => count(`${queue.common} and ${branch}`)).join(' + ')})::int as q${index}`;
  });
  const result = await database.query<Record<string, number>>(`select ${columns.join(', ')}`, builder.values);
  const row = result.rows[0] ?? {};
  return new Map(request.definitions.map((definition, index) => [definition.queue, row[`q${index}`] ?? 0]));
}

// ── Live updates ────────────────────────────────────────────────────────────────────────────────────

export type ChangedCase = {
  id: string;
  tenantId: string;
  recipientId: string | null;
  executorId: string | null;
  version: number;
  updatedAt: Date;
};

/** Cases of these tenants written since `since` (inserted or changed), oldest first. */
export async function listChangedCases(
  database: Queryable,
  tenantIds: string[],
  since: Date,
  limit: number,
): Promise<ChangedCase[]> {
  const result = await database.query<ChangedCase>(
    `select c.id, c.tenant_id as "tenantId", c.recipient_id as "recipientId", c.executor_id as "executorId",
            c.version, c.updated_at as "updatedAt"
       from cases c
      where c.tenant_id = any($1::uuid[]) and c.updated_at > $2
      order by c.updated_at
      limit $3`,
    [tenantIds, since, limit],
  );
  return result.rows;
}

/** A case that left someone's scope: the routing it had, and the routing it has now (null when gone). */
export type ScopeExit = {
  id: string;
  caseId: string;
  tenantId: string;
  recipientId: string | null;
  executorId: string | null;
  currentRecipientId: string | null;
  currentExecutorId: string | null;
};

/**
 * Routing changes of these tenants' cases since `since` (table case_scope_exits, written by the trigger of
 * migration 0020 in the changing transaction), with each case's present routing to tell whether the old
 * scope still sees it.
 */
export async function listScopeExits(
  database: Queryable,
  tenantIds: string[],
  since: Date,
  limit: number,
): Promise<ScopeExit[]> {
  const result = await database.query<ScopeExit>(
    `select x.id::text as id, x.case_id as "caseId", x.tenant_id as "tenantId", x.recipient_id as "recipientId",
            x.executor_id as "executorId", c.recipient_id as "currentRecipientId", c.executor_id as "currentExecutorId"
       from case_scope_exits x
       left join cases c on c.tenant_id = x.tenant_id and c.id = x.case_id
      where x.tenant_id = any($1::uuid[]) and x.left_at > $2
      order by x.left_at, x.id
      limit $3`,
    [tenantIds, since, limit],
  );
  return result.rows;
}

/** Drops routing changes older than `before`: the streams look back seconds, not hours. */
export async function pruneScopeExits(database: Queryable, before: Date): Promise<void> {
  await database.query('delete from case_scope_exits where left_at < $1', [before]);
}

/** The database's clock (the poller compares `updated_at`, written by the database, with it). */
export async function readDatabaseNow(database: Queryable): Promise<Date> {
  const result = await database.query<{ now: Date }>('select clock_timestamp() as now');
  return result.rows[0]?.now ?? new Date();
}

// ── Bulk ────────────────────────────────────────────────────────────────────────────────────────────

export async function findCaseNumbers(
  database: Queryable,
  scope: InboxScope,
  caseIds: string[],
): Promise<Map<string, string>> {
  const builder = new SqlBuilder();
  addScope(builder, scope);
  builder.where(`c.id = any(${builder.param(caseIds, '::uuid[]')})`);
  const result = await database.query<{ id: string; number: string }>(
    `select c.id, c.number from cases c where ${builder.sql}`,
    builder.values,
  );
  return new Map(result.rows.map((row) => [row.id, row.number]));
}

// ── Saved filters ───────────────────────────────────────────────────────────────────────────────────

export type SavedFilterRow = {
  id: string;
  tenantId: string;
  userId: string;
  name: string;
  queue: string;
  filters: InboxFilters;
  createdAt: Date;
  updatedAt: Date;
};

const SAVED_FILTER_COLUMNS = `id, tenant_id as "tenantId", user_id as "userId", name, queue, filters,
  created_at as "createdAt", updated_at as "updatedAt"`;

export async function listSavedFilters(
  database: Queryable,
  tenantId: string,
  userId: string,
): Promise<SavedFilterRow[]> {
  const result = await database.query<SavedFilterRow>(
    `select ${SAVED_FILTER_COLUMNS} from inbox_saved_filters where tenant_id = $1 and user_id = $2 order by name, id`,
    [tenantId, userId],
  );
  return result.rows;
}

export async function findSavedFilter(
  database: Queryable,
  tenantId: string,
  userId: string,
  id: string,
): Promise<SavedFilterRow | undefined> {
  const result = await database.query<SavedFilterRow>(
    `select ${SAVED_FILTER_COLUMNS} from inbox_saved_filters where tenant_id = $1 and user_id = $2 and id = $3`,
    [tenantId, userId, id],
  );
  return result.rows[0];
}

/** Inserts a saved filter; undefined when the person already has one with this name. */
export async function insertSavedFilter(
  database: Queryable,
  filter: { tenantId: string; userId: string; name: string; queue: string; filters: InboxFilters },
): Promise<SavedFilterRow | undefined> {
  const result = await database.query<SavedFilterRow>(
    `insert into inbox_saved_filters (tenant_id, user_id, name, queue, filters) values ($1, $2, $3, $4, $5)
     on conflict (tenant_id, user_id, name) do nothing
     returning ${SAVED_FILTER_COLUMNS}`,
    [filter.tenantId, filter.userId, filter.name, filter.queue, toJsonParameter(filter.filters)],
  );
  return result.rows[0];
}

export async function updateSavedFilter(
  database: Queryable,
  filter: { tenantId: string; userId: string; id: string; name: string; queue: string; filters: InboxFilters },
): Promise<SavedFilterRow | undefined> {
  const result = await database.query<SavedFilterRow>(
    `update inbox_saved_filters set name = $4, queue = $5, filters = $6, updated_at = now()
      where tenant_id = $1 and user_id = $2 and id = $3
      returning ${SAVED_FILTER_COLUMNS}`,
    [filter.tenantId, filter.userId, filter.id, filter.name, filter.queue, toJsonParameter(filter.filters)],
  );
  return result.rows[0];
}

export async function isSavedFilterNameTaken(
  database: Queryable,
  filter: { tenantId: string; userId: string; name: string; exceptId: string },
): Promise<boolean> {
  const result = await database.query(
    'select 1 from inbox_saved_filters where tenant_id = $1 and user_id = $2 and name = $3 and id <> $4',
    [filter.tenantId, filter.userId, filter.name, filter.exceptId],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function deleteSavedFilter(
  database: Queryable,
  tenantId: string,
  userId: string,
  id: string,
): Promise<SavedFilterRow | undefined> {
  const result = await database.query<SavedFilterRow>(
    `delete from inbox_saved_filters where tenant_id = $1 and user_id = $2 and id = $3 returning ${SAVED_FILTER_COLUMNS}`,
    [tenantId, userId, id],
  );
  return result.rows[0];
}
