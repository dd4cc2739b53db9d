import { DEFAULT_WEEKLY_SCHEDULE, weeklyScheduleAt } from '../../../shared/analytics/report-schedule.js';
import {
  KpiDefinitionInputSchema,
  type KpiDefinitionSet,
  type KpiVersion,
  type ReportSchedule,
  type RestoreKpiVersionInput,
  type UpdateKpiDefinitionsInput,
  UpdateKpiDefinitionsSchema,
  type UpdateReportScheduleInput,
} from '../../../shared/contracts/reports.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, notFound } from '../../platform/errors.js';
import { listTenants, type TenantRow } from '../organization/index.js';
import { DEFAULT_KPI_DEFINITIONS, type KpiDefinition } from './kpi.js';
import * as repository from './report-settings.repository.js';

type Origin = { ipAddress: string; requestId: string };

function requireRole(context: AuthContext, permission: Permission, message: string): void {
  if (!hasPermission(context.roles, permission)) throw new AppError('FORBIDDEN', message);
}

// ---- the weekly note's schedule ----

export type EffectiveSchedule = {
  weekday: number;
  time: string;
  timezone: string;
  isEnabled: boolean;
  isDefault: boolean;
  emails: string[];
  updatedAt: Date | null;
};

/** The tenant's schedule as stored, or the default: Monday 07:00 in the tenant's zone, on, no outside addresses. */
export function effectiveSchedule(
  tenant: Pick<TenantRow, 'timezone'>,
  row: repository.ReportScheduleRow | undefined,
): EffectiveSchedule {
  if (!row) {
    return {
      ...DEFAULT_WEEKLY_SCHEDULE,
      timezone: tenant.timezone,
      isEnabled: true,
      isDefault: true,
      emails: [],
      updatedAt: null,
    };
  }
  return {
    weekday: row.weekday,
    time: row.localTime,
    timezone: row.timezone,
    isEnabled: row.isEnabled,
    isDefault: false,
    emails: row.subscriberEmails,
    updatedAt: row.updatedAt,
  };
}

export async function getSchedule(database: Database, context: AuthContext, now = new Date()): Promise<ReportSchedule> {
  requireRole(
    context,
    'reports.schedule_read',
    'Расписание отчётов видят администратор, руководитель и куратор МЦУ и глава.',
  );
  const schedule = effectiveSchedule(context.tenant, await repository.findSchedule(database.pool, context.tenant.id));
  const next = schedule.isEnabled ? weeklyScheduleAt(schedule, now) : undefined;
  const runs = await repository.listReportRuns(database.pool, context.tenant.id, 'weekly', 8);
  return {
    weekday: schedule.weekday,
    time: schedule.time,
    timezone: schedule.timezone,
    isEnabled: schedule.isEnabled,
    isDefault: schedule.isDefault,
    subscribers: await repository.listSubscriberPeople(database.pool, context.tenant.id),
    emails: schedule.emails,
    nextRunAt: next ? next.nextRunAt.toISOString() : null,
    nextWeek: next ? next.nextWeek : null,
    lastRuns: runs.map((run) => ({ period: run.period, status: run.status, startedAt: run.startedAt.toISOString() })),
    updatedAt: schedule.updatedAt ? schedule.updatedAt.toISOString() : null,
  };
}

export async function updateSchedule(
  database: Database,
  context: AuthContext,
  input: UpdateReportScheduleInput,
  origin: Origin,
): Promise<ReportSchedule> {
  requireRole(context, 'reports.schedule_manage', 'Расписание отчётов меняют администратор и руководитель МЦУ.');
  const tenantId = context.tenant.id;
  const userIds = [...new Set(input.subscriberUserIds)];
  const known = new Set(await repository.findActivePeople(database.pool, tenantId, userIds));
  const unknownIndex = input.subscriberUserIds.findIndex((id) => !known.has(id));
  if (unknownIndex >= 0) {
    throw new AppError('VALIDATION_FAILED', 'Подписчиком может быть только действующий сотрудник этого МЦУ.', [
      {
        field: `subscriberUserIds.${unknownIndex}`,
        message: 'Нет такого действующего сотрудника в вашем муниципалитете',
      },
    ]);
  }
  const emails = [...new Set(input.emails.map((email) => email.trim().toLowerCase()))];
  await withTransaction(database.pool, async (client) => {
    const beforeRow = await repository.findSchedule(client, tenantId);
    const beforeSubscribers = (await repository.listSubscriberPeople(client, tenantId)).map((row) => row.userId);
    await repository.saveSchedule(
      client,
      {
        tenantId,
        weekday: input.weekday,
        localTime: input.time,
        timezone: input.timezone,
        isEnabled: input.isEnabled,
        subscriberEmails: emails,
      },
      context.userId,
    );
    await repository.replaceSubscribers(client, tenantId, userIds);
    const before = effectiveSchedule(context.tenant, beforeRow);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'analytics.report_schedule_updated',
      objectType: 'report_schedule',
      objectId: tenantId,
      before: {
        weekday: before.weekday,
        time: before.time,
        timezone: before.timezone,
        isEnabled: before.isEnabled,
        emails: before.emails,
        subscriberUserIds: beforeSubscribers,
      },
      after: {
        weekday: input.weekday,
        time: input.time,
        timezone: input.timezone,
        isEnabled: input.isEnabled,
        emails,
        subscriberUserIds: userIds,
      },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return getSchedule(database, context);
}

// ---- KPI definitions ----

export type KpiDefinitionsInForce = {
  definitions: KpiDefinition[];
  source: 'defaults' | 'region' | 'own';
  tenantId: string | null;
  version: number | null;
  createdAt: Date | null;
  createdBy: string | null;
  comment: string | null;
};

/** Stored definitions that no longer pass validation (an older formula language) are left out, not guessed. */
function readDefinitions(value: unknown): KpiDefinition[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const parsed = KpiDefinitionInputSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The definitions in force for a tenant: its own latest version; for a municipality without one, its region's
 * latest; otherwise the ЦУР defaults shipped with Otklik.
 */
export async function resolveKpiDefinitions(
  database: Database,
  tenant: Pick<TenantRow, 'id' | 'parentId'>,
): Promise<KpiDefinitionsInForce> {
  const candidates: Array<{ id: string; source: 'own' | 'region' }> = [{ id: tenant.id, source: 'own' }];
  if (tenant.parentId) candidates.push({ id: tenant.parentId, source: 'region' });
  for (const candidate of candidates) {
    const row = await repository.findLatestKpiVersion(database.pool, candidate.id);
    if (!row) continue;
    const definitions = readDefinitions(row.definitions);
    if (definitions.length === 0) continue;
    return {
      definitions,
      source: candidate.source,
      tenantId: candidate.id,
      version: row.version,
      createdAt: row.createdAt,
      createdBy: row.createdBy,
      comment: row.comment,
    };
  }
  return {
    definitions: DEFAULT_KPI_DEFINITIONS.map((item) => ({ ...item })),
    source: 'defaults',
    tenantId: null,
    version: null,
    createdAt: null,
    createdBy: null,
    comment: null,
  };
}

/** The tenant a KPI request is about: the caller's own, or (for the ЦУР) one of its municipalities; else 404. */
async function targetTenantOf(database: Database, context: AuthContext, tenantId: string | undefined) {
  requireRole(context, 'analytics.read', 'Показатели КПЭ доступны сотрудникам МЦУ, главе и ЦУР.');
  const id = tenantId ?? context.tenant.id;
  const visible = id === context.tenant.id || context.visibleTenantIds.includes(id);
  const tenant = visible ? (await listTenants(database.pool)).find((item) => item.id === id) : undefined;
  if (!tenant) {
    throw new AppError('TENANT_NOT_FOUND', 'Муниципалитет или регион не найден или недоступен.', [
      { field: 'tenantId', message: 'Нет доступа к этому муниципалитету или региону' },
    ]);
  }
  return tenant;
}

function canEditKpi(context: AuthContext): boolean {
  return context.tenant.kind === 'region' && hasPermission(context.roles, 'kpi.manage');
}

export async function getKpiDefinitions(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
): Promise<KpiDefinitionSet> {
  const tenant = await targetTenantOf(database, context, tenantId);
  const inForce = await resolveKpiDefinitions(database, tenant);
  const history = await repository.listKpiVersions(database.pool, tenant.id);
  return {
    tenantId: tenant.id,
    tenantName: tenant.name,
    source: inForce.source,
    version: inForce.version,
    createdAt: inForce.createdAt ? inForce.createdAt.toISOString() : null,
    createdBy: inForce.createdBy,
    comment: inForce.comment,
    definitions: inForce.definitions,
    canEdit: canEditKpi(context),
    history: history.map((row) => ({
      version: row.version,
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      comment: row.comment,
      count: row.count,
    })),
  };
}

export async function updateKpiDefinitions(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
  input: UpdateKpiDefinitionsInput,
  origin: Origin,
): Promise<KpiDefinitionSet> {
  const tenant = await targetTenantOf(database, context, tenantId);
  requireKpiEditor(context);
  await saveKpiVersion(database, context, tenant, {
    definitions: input.definitions,
    comment: input.comment ?? null,
    action: 'analytics.kpi_definitions_updated',
    details: { comment: input.comment ?? null },
    origin,
  });
  return getKpiDefinitions(database, context, tenant.id);
}

function requireKpiEditor(context: AuthContext): void {
  if (!canEditKpi(context)) {
    throw new AppError(
      'FORBIDDEN',
      'Показатели КПЭ задаёт ЦУР: их меняют куратор ЦУР и системный администратор региона.',
    );
  }
}

/** A new version of the tenant's set (history is never rewritten), audited with the set before and after. */
async function saveKpiVersion(
  database: Database,
  context: AuthContext,
  tenant: TenantRow,
  change: {
    definitions: KpiDefinition[];
    comment: string | null;
    action: 'analytics.kpi_definitions_updated' | 'analytics.kpi_definitions_restored';
    details: Record<string, unknown>;
    origin: Origin;
  },
): Promise<number> {
  const before = await resolveKpiDefinitions(database, tenant);
  try {
    return await withTransaction(database.pool, async (client) => {
      const version = await repository.insertKpiVersion(client, {
        tenantId: tenant.id,
        definitions: change.definitions,
        comment: change.comment,
        userId: context.userId,
      });
      await recordAudit(client, {
        tenantId: tenant.id,
        actorUserId: context.userId,
        action: change.action,
        objectType: 'kpi_definitions',
        objectId: tenant.id,
        before: { source: before.source, version: before.version, definitions: before.definitions },
        after: { source: 'own', version, definitions: change.definitions },
        details: change.details,
        ipAddress: change.origin.ipAddress,
        requestId: change.origin.requestId,
      });
      return version;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AppError('CONFLICT', 'Показатели только что сохранил другой сотрудник: обновите страницу и повторите.');
    }
    throw error;
  }
}

async function findVersionOrFail(database: Database, tenant: TenantRow, version: number) {
  const row = await repository.findKpiVersion(database.pool, tenant.id, version);
  if (!row) {
    throw notFound(`Версии ${version} показателей КПЭ у «${tenant.name}» нет. Обновите список версий.`);
  }
  return row;
}

/** One stored version, whole (what «Восстановить» would bring back); another tenant's — 404. */
export async function getKpiVersion(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
  version: number,
): Promise<KpiVersion> {
  const tenant = await targetTenantOf(database, context, tenantId);
  const row = await findVersionOrFail(database, tenant, version);
  return {
    tenantId: tenant.id,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    comment: row.comment,
    definitions: readDefinitions(row.definitions),
  };
}

/**
 * «Восстановить»: saves version `version`'s set again as the tenant's next version — history is never rewritten,
 * so the restore itself is a version with its author, time and reason («Восстановлена версия K: …»). Same right as
 * editing (kpi.manage in a region); a version of a tenant the caller does not see — 404.
 */
export async function restoreKpiVersion(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
  version: number,
  input: RestoreKpiVersionInput,
  origin: Origin,
): Promise<KpiDefinitionSet> {
  const tenant = await targetTenantOf(database, context, tenantId);
  requireKpiEditor(context);
  const row = await findVersionOrFail(database, tenant, version);
  // An old version passes today's rules, or it is not brought back (a formula in an older language, say).
  const parsed = UpdateKpiDefinitionsSchema.safeParse({ definitions: row.definitions });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'VALIDATION_FAILED',
      `Версию ${version} нельзя восстановить: ${issue?.message ?? 'показатели не проходят проверку'}. Задайте показатели заново.`,
      [{ field: 'version', message: issue?.message ?? 'показатели не проходят проверку' }],
    );
  }
  const reason = input.comment?.trim() || null;
  await saveKpiVersion(database, context, tenant, {
    definitions: parsed.data.definitions,
    comment: reason ? `Восстановлена версия ${version}: ${reason}` : `Восстановлена версия ${version}`,
    action: 'analytics.kpi_definitions_restored',
    details: { restoredVersion: version, comment: reason },
    origin,
  });
  return getKpiDefinitions(database, context, tenant.id);
}
