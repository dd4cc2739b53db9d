import type { CaseStatus } from '../../../shared/channels.js';
import type { UploadImportFormat } from '../../../shared/contracts/intake.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { findWorkflow } from '../../../shared/workflow/index.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import {
  findExistingExternalIds,
  type ImportedCaseEventRow,
  type ImportedCaseRow,
  insertImportedCaseEvents,
  insertImportedCases,
} from '../cases/index.js';
import { findTenantById, insertRecipients, listRecipients } from '../organization/index.js';
import { type CaseRouting, describeRouting, loadTenantRouter } from '../routing/index.js';
import {
  findRubricatorByCode,
  type RubricatorItemInput,
  type RubricatorSource,
  upsertRubricator,
  upsertRubricatorItems,
} from '../rubricators/index.js';
import { planImportedCaseTimers, saveImportedCaseTimers } from '../sla/index.js';
import {
  type ImportFormat,
  type ImportOutcome,
  type ImportRecord,
  insertImportRecord,
  listImportRecords,
  MAX_STORED_REJECTIONS,
} from './intake.repository.js';
import { readImportTable } from './intake-files.js';
import { IMPORT_ACTOR_ROLE, type ImportedCase, pluralRu, type RejectedLine } from './intake-record.js';

/** The rubricator an importer files categories into (level 1 category, level 2 subcategory). */
export type ImportRubricator = { code: string; name: string; source: RubricatorSource };

export type ImportActor = {
  userId: string | null;
  /** A login, or «CLI (user@host)». */
  label: string;
  ipAddress?: string | null;
  requestId?: string | null;
};

export type ImportRequest = {
  tenant: { id: string; slug: string; timezone: string };
  format: ImportFormat;
  fileName: string;
  cases: ImportedCase[];
  rejected: RejectedLine[];
  totalLines: number;
  /** Write the valid lines even when some are rejected. */
  skipInvalid: boolean;
  rubricator: ImportRubricator;
  actor: ImportActor;
  startedAt: Date;
  onProgress?: (written: number, total: number) => void;
};

export type ImportReport = {
  importId: string;
  format: ImportFormat;
  fileName: string;
  tenant: string;
  outcome: ImportOutcome;
  totalLines: number;
  created: number;
  present: number;
  rejectedCount: number;
  /** The first rejected lines with reasons, in line order. */
  rejected: RejectedLine[];
  newRecipients: number;
  newRubrics: number;
  timers: number;
  /** New cases a routing rule or a topic's default recipient routed. */
  routed: number;
  seconds: number;
};

const CASE_BATCH = 2_000;
/** `OTKLIK_IMPORT_TRACE=1`: time and CPU of the process (PGlite's worker included) per step, on stderr. */
const trace = (label: string, since: number) => {
  if (process.env.OTKLIK_IMPORT_TRACE) {
    const cpu = process.cpuUsage();
    process.stderr.write(
      `[trace] ${label}: ${Date.now() - since} ms; CPU всего ${((cpu.user + cpu.system) / 1e6).toFixed(1)} с\n`,
    );
  }
  return Date.now();
};
const EVENT_BATCH = 25_000;

/**
 * Writes what an importer read: all of it in one transaction (cases, timelines, recipients, rubrics,
 * timers, the import journal row and its audit row), or — when lines were rejected and `skipInvalid` is
 * off — nothing but the journal row of the rejected run. Cases the tenant already has by (channel,
 * external id), and repeats inside the file, count as present and are not touched.
 */
export async function runImport(database: Database, request: ImportRequest): Promise<ImportReport> {
  const rejected = [...request.rejected].sort((a, b) => a.line - b.line);
  if (rejected.length > 0 && !request.skipInvalid) {
    const record = await withTransaction(database.pool, (client) =>
      journal(client, request, { outcome: 'rejected', created: 0, present: 0, rejected }),
    );
    return buildReport(request, record, { newRecipients: 0, newRubrics: 0, timers: 0, routed: 0 });
  }

  // Repeats inside the file: the first line wins, the rest are «already present».
  const seen = new Set<string>();
  const unique: ImportedCase[] = [];
  for (const item of request.cases) {
    const key = `${item.channel}\u0000${item.externalId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    unique.push(item);
  }
  unique.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.line - b.line);

  const outcome = await withTransaction(database.pool, async (client) => {
    let mark = Date.now();
    const tenantId = request.tenant.id;
    const fresh: ImportedCase[] = [];
    for (const channel of new Set(unique.map((item) => item.channel))) {
      const ofChannel = unique.filter((item) => item.channel === channel);
      const existing = await findExistingExternalIds(
        client,
        tenantId,
        channel,
        ofChannel.map((item) => item.externalId),
      );
      for (const item of ofChannel) if (!existing.has(item.externalId)) fresh.push(item);
    }
    fresh.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.line - b.line);
    const present = request.cases.length - fresh.length;
    mark = trace('existing', mark);

    const newRubrics = await fileRubrics(client, tenantId, request.rubricator, unique);
    const { recipientIds, created: newRecipients } = await ensureRecipients(client, tenantId, fresh);

    mark = trace('rubrics+recipients', mark);
    // Routing rules in batch: the tenant's rules compiled once, evaluated in memory for every new case.
    const router = await loadTenantRouter(client, request.tenant);
    const routings = fresh.map((item) => routeImported(router, item));
    let routed = 0;
    mark = trace('routing', mark);
    const workflowOf = (item: ImportedCase) => findWorkflow(item.channel, item.kind);
    const plans = await planImportedCaseTimers(
      client,
      request.tenant,
      fresh.map((item, index) => ({
        channel: item.channel,
        kind: item.kind,
        category: routings[index]?.outcome.category ?? item.category,
        isFastTrack: routings[index]?.outcome.isFastTrack ?? item.isFastTrack,
        receivedAt: item.receivedAt,
        isOpen: !(workflowOf(item).states.find((state) => state.code === item.state)?.isFinal ?? false),
      })),
    );

    mark = trace('plan timers', mark);
    let created = 0;
    let timers = 0;
    for (let start = 0; start < fresh.length; start += CASE_BATCH) {
      const batch = fresh.slice(start, start + CASE_BATCH);
      const rows: ImportedCaseRow[] = batch.map((item, index) => {
        const workflow = workflowOf(item);
        const outcome = routings[start + index]?.outcome ?? { tags: [] };
        const sourceRecipientId = item.recipientName ? (recipientIds.get(foldName(item.recipientName)) ?? null) : null;
        const group = (workflow.states.find((state) => state.code === item.state)?.group ?? 'new') as CaseStatus;
        return {
          channel: item.channel,
          kind: item.kind,
          externalId: item.externalId,
          status: group,
          workflowId: workflow.id,
          state: item.state,
          result: item.result,
          rating: item.rating,
          reopenCount: item.reopenCount,
          lifecycle: item.lifecycle,
          text: item.text,
          category: outcome.category ?? item.category,
          subcategory: outcome.subcategory ?? item.subcategory,
          address: item.address,
          district: item.district,
          latitude: item.latitude,
          longitude: item.longitude,
          applicantName: item.applicantName,
          // The organisation that answered is a fact of the history: it wins over a rule's recipient.
          recipientId: sourceRecipientId ?? outcome.recipientId ?? routings[start + index]?.defaultRecipientId ?? null,
          executorId: outcome.executorId ?? null,
          priority: outcome.priority ?? 'normal',
          tags: outcome.tags,
          isFastTrack: outcome.isFastTrack ?? item.isFastTrack,
          receivedAt: item.receivedAt,
          dueAt: plans[start + index]?.dueAt ?? null,
          closedAt: item.closedAt,
        };
      });
      mark = trace('rows', mark);
      const inserted = await insertImportedCases(client, tenantId, rows, request.tenant.timezone);
      mark = trace('insert cases', mark);
      created += inserted.length;
      const idByKey = new Map(inserted.map((row) => [`${row.channel}\u0000${row.externalId}`, row.id]));
      const events: ImportedCaseEventRow[] = [];
      const timerRows: Parameters<typeof saveImportedCaseTimers>[2] = [];
      batch.forEach((item, index) => {
        const caseId = idByKey.get(`${item.channel}\u0000${item.externalId}`);
        if (!caseId) return;
        const routing = routings[start + index];
        const isRouted = routing !== undefined && (routing.fired.length > 0 || routing.defaultRecipientId !== null);
        item.events.forEach((event, eventIndex) => {
          events.push({
            caseId,
            action: event.action,
            actorRole: IMPORT_ACTOR_ROLE,
            fromState: event.fromState,
            toState: event.toState,
            payload: event.payload,
            createdAt: event.at,
          });
          // «Автоправила» right after the registration entry, at the moment of receipt, as live channels write it.
          if (eventIndex === 0 && isRouted) events.push(routedEvent(caseId, routing, item.receivedAt));
        });
        if (item.events.length === 0 && isRouted) events.push(routedEvent(caseId, routing, item.receivedAt));
        if (isRouted) routed += 1;
        for (const timer of plans[start + index]?.timers ?? []) timerRows.push({ ...timer, caseId });
      });
      for (let eventStart = 0; eventStart < events.length; eventStart += EVENT_BATCH) {
        await insertImportedCaseEvents(client, tenantId, events.slice(eventStart, eventStart + EVENT_BATCH));
      }
      mark = trace(`events ${events.length}`, mark);
      timers += await saveImportedCaseTimers(client, tenantId, timerRows);
      mark = trace('timers', mark);
      request.onProgress?.(Math.min(start + batch.length, fresh.length), fresh.length);
    }
    const record = await journal(client, request, {
      outcome: rejected.length > 0 ? 'completed_with_rejections' : 'completed',
      created,
      present: present + (fresh.length - created),
      rejected,
    });
    return { record, newRecipients, newRubrics, timers, routed };
  });
  trace('commit', Date.now());
  return buildReport(request, outcome.record, outcome);
}

async function journal(
  client: Queryable,
  request: ImportRequest,
  counts: { outcome: ImportOutcome; created: number; present: number; rejected: RejectedLine[] },
): Promise<ImportRecord> {
  const record = await insertImportRecord(client, {
    tenantId: request.tenant.id,
    format: request.format,
    fileName: request.fileName,
    actorUserId: request.actor.userId,
    actorLabel: request.actor.label,
    outcome: counts.outcome,
    totalLines: request.totalLines,
    createdCount: counts.created,
    presentCount: counts.present,
    rejectedCount: counts.rejected.length,
    rejectedLines: counts.rejected,
    startedAt: request.startedAt,
    options: { skipInvalid: request.skipInvalid },
  });
  await recordAudit(client, {
    tenantId: request.tenant.id,
    actorUserId: request.actor.userId,
    action: 'intake.import',
    objectType: 'intake_import',
    objectId: record.id,
    after: {
      format: request.format,
      fileName: request.fileName,
      outcome: counts.outcome,
      created: counts.created,
      present: counts.present,
      rejected: counts.rejected.length,
    },
    details: { actor: request.actor.label },
    ipAddress: request.actor.ipAddress ?? null,
    requestId: request.actor.requestId ?? null,
  });
  return record;
}

function buildReport(
  request: ImportRequest,
  record: ImportRecord,
  extra: { newRecipients: number; newRubrics: number; timers: number; routed: number },
): ImportReport {
  return {
    importId: record.id,
    format: request.format,
    fileName: request.fileName,
    tenant: request.tenant.slug,
    outcome: record.outcome,
    totalLines: record.totalLines,
    created: record.createdCount,
    present: record.presentCount,
    rejectedCount: record.rejectedCount,
    rejected: [...request.rejected].sort((a, b) => a.line - b.line).slice(0, MAX_STORED_REJECTIONS),
    newRecipients: extra.newRecipients,
    newRubrics: extra.newRubrics,
    timers: extra.timers,
    routed: extra.routed,
    seconds: (Date.now() - request.startedAt.getTime()) / 1000,
  };
}

/** What the tenant's routing rules decide for an imported case (its source fields as the rules see them). */
function routeImported(router: Awaited<ReturnType<typeof loadTenantRouter>>, item: ImportedCase): CaseRouting {
  return router.route({
    channel: item.channel,
    kind: item.kind,
    text: item.text,
    category: item.category,
    subcategory: item.subcategory,
    district: item.district,
    address: item.address,
    latitude: item.latitude,
    longitude: item.longitude,
    receivedAt: item.receivedAt.getTime(),
    priority: 'normal',
    applicantType: 'unknown',
  });
}

function routedEvent(caseId: string, routing: CaseRouting, at: Date): ImportedCaseEventRow {
  return {
    caseId,
    action: 'routed',
    actorRole: null,
    fromState: null,
    toState: null,
    payload: describeRouting(routing),
    createdAt: at,
  };
}

export function foldName(name: string): string {
  return name.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/** Categories as level 1, subcategories as level 2 of the rubricator; codes are the folded names. */
async function fileRubrics(
  client: Queryable,
  tenantId: string,
  rubricator: ImportRubricator,
  cases: readonly ImportedCase[],
): Promise<number> {
  const items = new Map<string, RubricatorItemInput>();
  for (const item of cases) {
    if (!item.category) continue;
    const categoryCode = foldName(item.category);
    if (!items.has(categoryCode)) {
      items.set(categoryCode, {
        code: categoryCode,
        name: item.category,
        parentCode: null,
        description: null,
        level: 1,
        sortOrder: 0,
      });
    }
    if (!item.subcategory) continue;
    const code = `${categoryCode} / ${foldName(item.subcategory)}`;
    if (!items.has(code)) {
      items.set(code, {
        code,
        name: item.subcategory,
        parentCode: categoryCode,
        description: null,
        level: 2,
        sortOrder: 0,
      });
    }
  }
  if (items.size === 0) return 0;
  const collator = new Intl.Collator('ru');
  const sorted = [...items.values()].sort((a, b) => collator.compare(a.name, b.name));
  sorted.forEach((item, index) => {
    item.sortOrder = index;
  });
  const target =
    (await findRubricatorByCode(client, tenantId, rubricator.code)) ??
    (await upsertRubricator(client, { tenantId, ...rubricator }));
  const { inserted } = await upsertRubricatorItems(client, tenantId, target.id, sorted);
  return inserted;
}

/** The answering organisations as recipients of the tenant, matched by name (case and «ё» folded). */
async function ensureRecipients(
  client: Queryable,
  tenantId: string,
  cases: readonly ImportedCase[],
): Promise<{ recipientIds: Map<string, string>; created: number }> {
  const recipientIds = new Map<string, string>();
  for (const recipient of await listRecipients(client, [tenantId])) {
    recipientIds.set(foldName(recipient.name), recipient.id);
  }
  const missing = new Map<string, { kind: string; name: string }>();
  for (const item of cases) {
    if (!item.recipientName) continue;
    const key = foldName(item.recipientName);
    if (recipientIds.has(key) || missing.has(key)) continue;
    missing.set(key, { kind: guessRecipientKind(item.recipientName), name: item.recipientName });
  }
  const inserted = await insertRecipients(client, tenantId, [...missing.values()]);
  for (const row of inserted) recipientIds.set(foldName(row.name), row.id);
  const created = inserted.length;
  return { recipientIds, created };
}

/** The kind of an organisation from its name: administrations, their departments, institutions. */
export function guessRecipientKind(name: string): 'administration' | 'department' | 'institution' {
  const folded = foldName(name);
  if (/^(администрация|правительство|мэрия)\b/.test(folded)) return 'administration';
  if (/^(комитет|управление|департамент|отдел|министерство|служба|инспекция)\b/.test(folded)) return 'department';
  return 'institution';
}

// ── Uploads through the API (ПОС and ИМ exports) ────────────────────────────────────────────────────

const UPLOAD_PERMISSION: Record<UploadImportFormat, Permission> = {
  pos: 'intake.import_pos',
  im: 'intake.import_im',
};

export type UploadRequest = {
  format: UploadImportFormat;
  fileName: string;
  content: Buffer;
  skipInvalid: boolean;
  tenantId?: string;
};

/**
 * Imports an uploaded export for the caller's municipality (or a visible municipality named by a region
 * user). A run with rejected lines and no `skipInvalid` writes nothing and answers 422 with the report.
 */
export async function importUpload(
  database: Database,
  context: AuthContext,
  upload: UploadRequest,
  origin: { ipAddress: string; requestId: string },
): Promise<ImportReport> {
  if (!hasPermission(context.roles, UPLOAD_PERMISSION[upload.format])) throw forbidden();
  const tenant = await resolveUploadTenant(database, context, upload.tenantId);
  const startedAt = new Date();
  const input = await readImportTable(upload.format, upload.fileName, upload.content, { timeZone: tenant.timezone });
  const report = await runImport(database, {
    tenant,
    format: upload.format,
    fileName: upload.fileName.slice(0, 255) || 'без имени',
    cases: input.cases,
    rejected: input.rejected,
    totalLines: input.totalLines,
    skipInvalid: upload.skipInvalid,
    rubricator: input.rubricator,
    actor: { userId: context.userId, label: context.login, ipAddress: origin.ipAddress, requestId: origin.requestId },
    startedAt,
  });
  if (report.outcome === 'rejected') {
    throw new AppError(
      'IMPORT_REJECTED',
      `Файл не загружен: ${report.rejectedCount} ${pluralRu(report.rejectedCount, 'строка', 'строки', 'строк')} с ошибками, ничего не записано. Исправьте их или включите «Пропустить ошибочные строки».`,
      report.rejected.slice(0, 20).map((item) => ({
        field: item.line > 0 ? `строка ${item.line}` : 'file',
        message: item.message,
      })),
      undefined,
      { report },
    );
  }
  return report;
}

async function resolveUploadTenant(
  database: Database,
  context: AuthContext,
  tenantId: string | undefined,
): Promise<{ id: string; slug: string; timezone: string }> {
  const id = tenantId ?? context.tenant.id;
  if (!context.visibleTenantIds.includes(id)) throw notFound('Муниципалитет не найден или недоступен.');
  const tenant = await findTenantById(database.pool, id);
  if (!tenant) throw notFound('Муниципалитет не найден или недоступен.');
  if (tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Выгрузку загружают в муниципалитет: выберите его.', [
      { field: 'tenantId', message: 'Нужен муниципалитет' },
    ]);
  }
  return tenant;
}

/** The journal of imports of the visible tenants, newest first. */
export async function listImports(database: Database, context: AuthContext): Promise<ImportRecord[]> {
  if (!hasPermission(context.roles, 'intake.import_pos') && !hasPermission(context.roles, 'intake.import_im')) {
    throw forbidden();
  }
  return listImportRecords(database.pool, context.visibleTenantIds, 50);
}
