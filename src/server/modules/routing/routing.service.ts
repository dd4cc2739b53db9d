import type {
  RoutingRule,
  RoutingRuleVersion,
  RoutingTestResult,
  SaveRoutingRuleInput,
  TestRoutingInput,
} from '../../../shared/contracts/routing.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import {
  type CompiledRoutingRules,
  compileRoutingRules,
  evaluateRoutingRules,
  type RoutingEnvironment,
  type RoutingInput,
  type RoutingResult,
  type RoutingRuleDefinition,
  RoutingRuleDefinitionSchema,
  type RuleToEvaluate,
} from '../../../shared/routing/index.js';
import { findWorkflowById } from '../../../shared/workflow/index.js';
import { isWorkingMoment } from '../../../shared/working-time/index.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { loadOnce } from '../../platform/shared-load.js';
import { listDefaultRecipientsByTopic } from '../rubricators/index.js';
import { loadTimeContext } from '../sla/index.js';
import * as repository from './routing.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };
type Tenant = { id: string; timezone: string };

function tenantOf(context: AuthContext): Tenant {
  if (!hasPermission(context.roles, 'routing.manage')) throw forbidden();
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Автоправила ведёт муниципалитет.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return { id: context.tenant.id, timezone: context.tenant.timezone };
}

/** A stored rule as the engine and the API see it; a definition that no longer validates is kept switched off. */
function toEvaluated(record: repository.RuleRecord): RuleToEvaluate {
  const parsed = RoutingRuleDefinitionSchema.safeParse({
    ...record.definition,
    name: record.name,
    isActive: record.isActive,
  });
  if (parsed.success)
    return {
      id: record.id,
      name: record.name,
      position: record.position,
      isActive: record.isActive,
      definition: parsed.data,
    };
  return {
    id: record.id,
    name: record.name,
    position: record.position,
    isActive: false,
    definition: {
      name: record.name,
      isActive: false,
      match: 'all',
      conditions: [],
      actions: { tags: [] },
      stopOnMatch: false,
    },
  };
}

function present(record: repository.RuleRecord): RoutingRule {
  const { definition } = toEvaluated(record);
  return {
    id: record.id,
    position: record.position,
    name: record.name,
    isActive: record.isActive,
    match: definition.match,
    conditions: definition.conditions,
    actions: definition.actions,
    stopOnMatch: definition.stopOnMatch,
    version: record.version,
    updatedAt: new Date(record.updatedAt).toISOString(),
    updatedByName: record.updatedByName,
  };
}

const storedDefinition = (definition: RoutingRuleDefinition) => ({
  match: definition.match,
  conditions: definition.conditions,
  actions: definition.actions,
  stopOnMatch: definition.stopOnMatch,
});
const snapshotOf = (definition: RoutingRuleDefinition, position: number) => ({ ...definition, position });

async function buildEnvironment(database: Queryable, tenant: Tenant): Promise<RoutingEnvironment> {
  const time = await loadTimeContext(database, tenant);
  return {
    timeZone: tenant.timezone,
    isWorkingMoment: (scheduleId, instant) => {
      const schedule = time.findSchedule(scheduleId);
      return schedule ? isWorkingMoment(schedule, time.calendar, instant, tenant.timezone) : undefined;
    },
  };
}

/** References a rule makes must exist in the tenant: 400 naming the field otherwise. */
async function checkReferences(database: Queryable, tenant: Tenant, definition: RoutingRuleDefinition): Promise<void> {
  const { actions } = definition;
  if (actions.recipientId && !(await repository.findRecipientName(database, tenant.id, actions.recipientId))) {
    throw new AppError('VALIDATION_FAILED', 'Такого ответственного получателя в муниципалитете нет.', [
      { field: 'actions.recipientId', message: 'Нет такого получателя' },
    ]);
  }
  if (actions.executorId && !(await repository.findUserName(database, tenant.id, actions.executorId))) {
    throw new AppError('VALIDATION_FAILED', 'Такого сотрудника в муниципалитете нет.', [
      { field: 'actions.executorId', message: 'Нет такого сотрудника' },
    ]);
  }
  if (actions.workflowId && !findWorkflowById(actions.workflowId)) {
    throw new AppError('VALIDATION_FAILED', `Нет процесса «${actions.workflowId}».`, [
      { field: 'actions.workflowId', message: 'Нет такого процесса' },
    ]);
  }
  const time = await loadTimeContext(database, tenant);
  for (const [index, condition] of definition.conditions.entries()) {
    if (condition.type === 'workingHours' && !time.findSchedule(condition.scheduleId)) {
      throw new AppError('VALIDATION_FAILED', `Нет графика работы «${condition.scheduleId}».`, [
        { field: `conditions.${index}.scheduleId`, message: 'Нет такого графика' },
      ]);
    }
  }
}

async function requireRule(database: Queryable, tenantId: string, id: string): Promise<repository.RuleRecord> {
  const rule = await repository.findRule(database, tenantId, id);
  if (!rule) throw notFound('Правило не найдено.');
  return rule;
}

export async function listRules(database: Database, context: AuthContext): Promise<RoutingRule[]> {
  const tenant = tenantOf(context);
  return (await repository.listRules(database.pool, tenant.id)).map(present);
}

export async function createRule(
  database: Database,
  context: AuthContext,
  input: SaveRoutingRuleInput,
  origin: RequestOrigin,
): Promise<RoutingRule> {
  const tenant = tenantOf(context);
  const { version: _ignored, ...definition } = input;
  await checkReferences(database.pool, tenant, definition);
  const id = await withTransaction(database.pool, async (client) => {
    const existing = await repository.lockRules(client, tenant.id);
    const position = (existing.at(-1)?.position ?? 0) + 1;
    const ruleId = await repository.insertRule(client, {
      tenantId: tenant.id,
      position,
      name: definition.name,
      isActive: definition.isActive,
      definition: storedDefinition(definition),
      userId: context.userId,
    });
    await repository.insertVersion(client, {
      tenantId: tenant.id,
      ruleId,
      version: 1,
      change: 'created',
      snapshot: snapshotOf(definition, position),
      userId: context.userId,
    });
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'routing_rule.created',
      objectType: 'routing_rule',
      objectId: ruleId,
      after: snapshotOf(definition, position),
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return ruleId;
  });
  invalidateTenantRouter(tenant.id);
  return present(await requireRule(database.pool, tenant.id, id));
}

export async function updateRule(
  database: Database,
  context: AuthContext,
  id: string,
  input: SaveRoutingRuleInput,
  origin: RequestOrigin,
): Promise<RoutingRule> {
  const tenant = tenantOf(context);
  const { version: expectedVersion, ...definition } = input;
  await checkReferences(database.pool, tenant, definition);
  await withTransaction(database.pool, async (client) => {
    await repository.lockRules(client, tenant.id);
    const before = await requireRule(client, tenant.id, id);
    if (expectedVersion !== undefined && expectedVersion !== before.version) {
      throw new AppError(
        'VERSION_CONFLICT',
        'Правило уже изменили. Обновите список и повторите.',
        undefined,
        undefined,
        {
          currentVersion: before.version,
        },
      );
    }
    const previous = toEvaluated(before).definition;
    const isOnlyToggle =
      JSON.stringify({ ...storedDefinition(previous), name: before.name }) ===
        JSON.stringify({ ...storedDefinition(definition), name: definition.name }) &&
      previous.isActive !== definition.isActive;
    const version = await repository.updateRule(client, tenant.id, id, {
      name: definition.name,
      isActive: definition.isActive,
      definition: storedDefinition(definition),
      userId: context.userId,
    });
    const change = isOnlyToggle ? (definition.isActive ? 'enabled' : 'disabled') : 'updated';
    await repository.insertVersion(client, {
      tenantId: tenant.id,
      ruleId: id,
      version,
      change,
      snapshot: snapshotOf(definition, before.position),
      userId: context.userId,
    });
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: `routing_rule.${change}`,
      objectType: 'routing_rule',
      objectId: id,
      before: snapshotOf({ ...previous, name: before.name, isActive: before.isActive }, before.position),
      after: snapshotOf(definition, before.position),
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTenantRouter(tenant.id);
  return present(await requireRule(database.pool, tenant.id, id));
}

/** Switches a rule on or off (a new version with the change «включено»/«выключено»). */
export async function setRuleActive(
  database: Database,
  context: AuthContext,
  id: string,
  isActive: boolean,
  origin: RequestOrigin,
): Promise<RoutingRule> {
  const tenant = tenantOf(context);
  const rule = await requireRule(database.pool, tenant.id, id);
  const definition = toEvaluated(rule).definition;
  return updateRule(database, context, id, { ...definition, name: rule.name, isActive }, origin);
}

export async function deleteRule(database: Database, context: AuthContext, id: string, origin: RequestOrigin) {
  const tenant = tenantOf(context);
  await withTransaction(database.pool, async (client) => {
    await repository.lockRules(client, tenant.id);
    const before = await requireRule(client, tenant.id, id);
    const definition = { ...toEvaluated(before).definition, name: before.name, isActive: before.isActive };
    await repository.insertVersion(client, {
      tenantId: tenant.id,
      ruleId: id,
      version: before.version + 1,
      change: 'deleted',
      snapshot: snapshotOf(definition, before.position),
      userId: context.userId,
    });
    await repository.deleteRule(client, tenant.id, id);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'routing_rule.deleted',
      objectType: 'routing_rule',
      objectId: id,
      before: snapshotOf(definition, before.position),
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTenantRouter(tenant.id);
}

/** Puts the rules in the given order; the list must name every rule of the tenant exactly once. */
export async function reorderRules(
  database: Database,
  context: AuthContext,
  ruleIds: string[],
  origin: RequestOrigin,
): Promise<RoutingRule[]> {
  const tenant = tenantOf(context);
  await withTransaction(database.pool, async (client) => {
    const existing = await repository.lockRules(client, tenant.id);
    const known = new Set(existing.map((rule) => rule.id));
    if (
      ruleIds.length !== existing.length ||
      new Set(ruleIds).size !== ruleIds.length ||
      ruleIds.some((id) => !known.has(id))
    ) {
      throw new AppError('VALIDATION_FAILED', 'Порядок должен перечислять все правила муниципалитета по одному разу.', [
        { field: 'ruleIds', message: 'Нужен полный список правил без повторов' },
      ]);
    }
    const before = existing.map((rule) => rule.id);
    for (const [index, ruleId] of ruleIds.entries()) {
      const position = index + 1;
      const current = existing.find((rule) => rule.id === ruleId);
      if (current?.position === position) continue;
      const version = await repository.setRulePosition(client, tenant.id, ruleId, position, context.userId);
      const record = await requireRule(client, tenant.id, ruleId);
      await repository.insertVersion(client, {
        tenantId: tenant.id,
        ruleId,
        version,
        change: 'moved',
        snapshot: snapshotOf(
          { ...toEvaluated(record).definition, name: record.name, isActive: record.isActive },
          position,
        ),
        userId: context.userId,
      });
    }
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'routing_rule.reordered',
      objectType: 'routing_rules',
      before: { order: before },
      after: { order: ruleIds },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateTenantRouter(tenant.id);
  return listRules(database, context);
}

export async function listRuleVersions(
  database: Database,
  context: AuthContext,
  id: string,
): Promise<RoutingRuleVersion[]> {
  const tenant = tenantOf(context);
  const versions = await repository.listVersions(database.pool, tenant.id, id);
  if (versions.length === 0) throw notFound('Правило не найдено.');
  return versions.map((version) => ({
    ...version,
    change: version.change as RoutingRuleVersion['change'],
    changedAt: new Date(version.changedAt).toISOString(),
  }));
}

/** The test panel: which rules would fire for this case and why (saved rules, a draft tried in place of one). */
export async function testRules(
  database: Database,
  context: AuthContext,
  input: TestRoutingInput,
): Promise<RoutingTestResult> {
  const tenant = tenantOf(context);
  let rules = (await repository.listRules(database.pool, tenant.id)).map(toEvaluated);
  if (input.draft) {
    const draftId = input.draft.ruleId ?? 'draft';
    const replaced = rules.find((rule) => rule.id === draftId);
    const draft: RuleToEvaluate = {
      id: draftId,
      name: input.draft.definition.name,
      position: replaced?.position ?? (rules.at(-1)?.position ?? 0) + 1,
      isActive: input.draft.definition.isActive,
      definition: input.draft.definition,
    };
    rules = [...rules.filter((rule) => rule.id !== draftId), draft];
  }
  const routingInput: RoutingInput = {
    channel: input.case.channel,
    kind: input.case.kind,
    text: input.case.text,
    category: input.case.category ?? null,
    subcategory: input.case.subcategory ?? null,
    district: input.case.district ?? null,
    address: input.case.address ?? null,
    latitude: input.case.latitude ?? null,
    longitude: input.case.longitude ?? null,
    receivedAt: input.case.receivedAt ? Date.parse(input.case.receivedAt) : Date.now(),
    priority: input.case.priority,
    applicantType: input.case.applicantType,
  };
  const result = evaluateRoutingRules(rules, routingInput, await buildEnvironment(database.pool, tenant));
  return {
    fired: result.fired.map(({ ruleId, name }) => ({ ruleId, name })),
    outcome: result.outcome,
    recipientName: result.outcome.recipientId
      ? await repository.findRecipientName(database.pool, tenant.id, result.outcome.recipientId)
      : null,
    executorName: result.outcome.executorId
      ? await repository.findUserName(database.pool, tenant.id, result.outcome.executorId)
      : null,
    trace: result.trace,
  };
}

/** What routing decided for a new case: the engine's result, and the recipient taken from the rubricator if any. */
export type CaseRouting = RoutingResult & { defaultRecipientId: string | null };

/**
 * A tenant's routing compiled for registering cases: its rules (ordered, words stemmed), the working-time
 * facts its conditions need, and the default recipients of its rubricator topics by folded name.
 */
export type TenantRouter = {
  readonly ruleCount: number;
  route(input: RoutingInput): CaseRouting;
};

type CachedRouter = { router: TenantRouter; stamp: string; loadedAt: number; checkedAt: number };

/** How often a cached router is compared with the rules in the database (other processes' edits). */
const ROUTER_CHECK_MILLISECONDS = 1_000;
/** A router is rebuilt at least this often (rubricator topics and their recipients, schedules). */
const ROUTER_RELOAD_MILLISECONDS = 30_000;
const routers = new Map<string, CachedRouter>();

/** Forgets a tenant's compiled routing (after a change of its rules in this process). */
export function invalidateTenantRouter(tenantId: string): void {
  routers.delete(tenantId);
}

/** The same folding as foldCaseSql (Cyrillic and Latin capitals only) plus «ё» = «е», for topic names. */
export function foldTopicName(name: string): string {
  return name.replace(/[A-ZА-ЯЁ]/g, (letter) => letter.toLowerCase()).replaceAll('ё', 'е');
}

function buildRouter(
  rules: RuleToEvaluate[],
  environment: RoutingEnvironment,
  defaults: Map<string, string>,
): TenantRouter {
  const compiled: CompiledRoutingRules | null = rules.length > 0 ? compileRoutingRules(rules) : null;
  return {
    ruleCount: rules.length,
    route(input) {
      const result = compiled ? compiled.evaluate(input, environment) : { fired: [], outcome: { tags: [] }, trace: [] };
      const category = result.outcome.category ?? input.category;
      const defaultRecipientId =
        result.outcome.recipientId === undefined && category ? (defaults.get(foldTopicName(category)) ?? null) : null;
      return { ...result, defaultRecipientId };
    },
  };
}

/**
 * The tenant's compiled router, cached in the process: rebuilt when its rules change (immediately for a
 * change made in this process, within a second for another process's — a cheap stamp of the rules is
 * compared at most once a second) and at least every 30 s. Reads through `database` (the caller's
 * transaction when it has one).
 */
export async function loadTenantRouter(database: Queryable, tenant: Tenant): Promise<TenantRouter> {
  const cached = routers.get(tenant.id);
  const now = Date.now();
  if (
    cached &&
    now - cached.loadedAt < ROUTER_RELOAD_MILLISECONDS &&
    now - cached.checkedAt < ROUTER_CHECK_MILLISECONDS
  ) {
    return cached.router;
  }
  // One check (or reload) per tenant at a time; the requests meanwhile wait for it rather than repeat it.
  return loadOnce(database, `routing:${tenant.id}`, () => checkTenantRouter(database, tenant));
}

async function checkTenantRouter(database: Queryable, tenant: Tenant): Promise<TenantRouter> {
  const now = Date.now();
  const cached = routers.get(tenant.id);
  if (cached && now - cached.loadedAt < ROUTER_RELOAD_MILLISECONDS) {
    if (now - cached.checkedAt < ROUTER_CHECK_MILLISECONDS) return cached.router;
    const stamp = await repository.findRulesStamp(database, tenant.id);
    if (stamp === cached.stamp) {
      cached.checkedAt = now;
      return cached.router;
    }
  }
  const stamp = await repository.findRulesStamp(database, tenant.id);
  const rules = (await repository.listRules(database, tenant.id)).map(toEvaluated);
  const environment = rules.length > 0 ? await buildEnvironment(database, tenant) : NO_ENVIRONMENT;
  const defaults = new Map<string, string>();
  for (const topic of await listDefaultRecipientsByTopic(database, tenant.id)) {
    const key = foldTopicName(topic.name);
    if (!defaults.has(key)) defaults.set(key, topic.recipientId);
  }
  const router = buildRouter(rules, environment, defaults);
  routers.set(tenant.id, { router, stamp, loadedAt: now, checkedAt: now });
  return router;
}

const NO_ENVIRONMENT: RoutingEnvironment = { timeZone: 'UTC', isWorkingMoment: () => undefined };

/**
 * Routes a case about to be registered: the tenant's active rules in order, then — when no rule named a
 * recipient — the default recipient of the rubricator topic its category names.
 */
export async function routeNewCase(client: Queryable, tenant: Tenant, input: RoutingInput): Promise<CaseRouting> {
  return (await loadTenantRouter(client, tenant)).route(input);
}

/** The timeline entry of a routing decision: which rules fired and why (only the conditions of fired rules). */
export function describeRouting(routing: CaseRouting): Record<string, unknown> {
  return {
    rules: routing.fired.map((rule) => ({
      id: rule.ruleId,
      name: rule.name,
      why:
        routing.trace
          .find((trace) => trace.ruleId === rule.ruleId)
          ?.conditions.map((condition) => condition.explanation) ?? [],
    })),
    outcome: routing.outcome,
    ...(routing.defaultRecipientId ? { defaultRecipientId: routing.defaultRecipientId } : {}),
  };
}
