import { canViewApplicantData, maskContact, maskPersonName } from '../../../shared/access.js';
import {
  buildDocumentFrequencies,
  DEFAULT_GROUPING_OPTIONS,
  type DocumentFrequencies,
  findSimilarCase,
  type GroupingCase,
  type PreparedCase,
  prepareCase,
} from '../../../shared/clusters/index.js';
import type {
  AnswerClusterResult,
  ClusterDetail,
  ClusterList,
  ClusterListQuery,
  ClusterSummary,
  RecomputeResult,
  RepeatList,
} from '../../../shared/contracts/clusters.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { performAction } from '../cases/index.js';
import * as repository from './clusters.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };
type Tenant = { id: string; timezone: string };

const DAY_MS = 86_400_000;
/** Repeat appeals: the same phone or e-mail within this many days. */
export const REPEAT_PERIOD_DAYS = 30;
const CANDIDATE_LIMIT = 500;
const FREQUENCY_SAMPLE = 3000;
const FREQUENCY_CACHE_MS = 30 * 60_000;
const TITLE_LENGTH = 120;

const frequencyCache = new Map<string, { frequencies: DocumentFrequencies; loadedAt: number }>();

/** Document frequencies of stems over the tenant's latest cases (cached for half an hour per process). */
async function loadFrequencies(database: Queryable, tenantId: string): Promise<DocumentFrequencies> {
  const cached = frequencyCache.get(tenantId);
  if (cached && Date.now() - cached.loadedAt < FREQUENCY_CACHE_MS) return cached.frequencies;
  const frequencies = buildDocumentFrequencies(await repository.listRecentTexts(database, tenantId, FREQUENCY_SAMPLE));
  frequencyCache.set(tenantId, { frequencies, loadedAt: Date.now() });
  return frequencies;
}

const toGroupingCase = (row: repository.CandidateRow): GroupingCase => ({
  id: row.id,
  text: row.text,
  latitude: row.latitude,
  longitude: row.longitude,
  address: row.address,
  receivedAt: new Date(row.receivedAt).getTime(),
});

const titleOf = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > TITLE_LENGTH ? `${line.slice(0, TITLE_LENGTH - 1)}…` : line;
};

export type CaseGrouping = { clusterId: string; matchedCaseId: string; similarity: number; isNewCluster: boolean };

/**
 * Groups a case that has just arrived (in the caller's transaction): it joins the cluster of its most similar
 * earlier case at the same place within the window, or forms a new cluster with it. Also records repeat
 * appeals of the same applicant. Answers the grouping, or null when the case stands alone.
 */
export async function groupNewCase(
  client: Queryable,
  tenant: Tenant,
  caseId: string,
): Promise<{ grouping: CaseGrouping | null; repeats: number }> {
  const target = await repository.findCandidate(client, tenant.id, caseId);
  if (!target) return { grouping: null, repeats: 0 };
  const receivedAt = new Date(target.receivedAt);
  const repeats = await repository.recordRepeats(
    client,
    tenant.id,
    caseId,
    new Date(receivedAt.getTime() - REPEAT_PERIOD_DAYS * DAY_MS),
    10,
  );
  if (target.clusterId) return { grouping: null, repeats };
  const options = DEFAULT_GROUPING_OPTIONS;
  const candidates = await repository.listNearbyCases(
    client,
    tenant.id,
    {
      latitude: target.latitude,
      longitude: target.longitude,
      address: target.address,
      radiusMeters: options.radiusMeters,
    },
    { from: new Date(receivedAt.getTime() - options.windowDays * DAY_MS), to: receivedAt },
    CANDIDATE_LIMIT,
  );
  if (candidates.length <= 1) return { grouping: null, repeats };
  const frequencies = await loadFrequencies(client, tenant.id);
  const prepared = prepareCase(toGroupingCase(target), frequencies);
  const clusterOf = new Map(candidates.map((row) => [row.id, row.clusterId]));
  const found = findSimilarCase(
    prepared,
    candidates.map((row) => prepareCase(toGroupingCase(row), frequencies)),
    options,
  );
  if (!found) return { grouping: null, repeats };
  return { grouping: await attach(client, tenant.id, prepared, found, clusterOf.get(found.match.id) ?? null), repeats };
}

async function attach(
  client: Queryable,
  tenantId: string,
  target: PreparedCase,
  found: { match: PreparedCase; similarity: number },
  existingClusterId: string | null,
): Promise<CaseGrouping> {
  const similarity = Math.round(found.similarity * 1000) / 1000;
  if (existingClusterId) {
    await repository.insertMembers(client, tenantId, existingClusterId, [{ caseId: target.id, similarity }], 'auto');
    return { clusterId: existingClusterId, matchedCaseId: found.match.id, similarity, isNewCluster: false };
  }
  const clusterId = await repository.insertCluster(client, tenantId, titleOf(found.match.text));
  await repository.insertMembers(
    client,
    tenantId,
    clusterId,
    [
      { caseId: found.match.id, similarity: 1 },
      { caseId: target.id, similarity },
    ],
    'auto',
  );
  return { clusterId, matchedCaseId: found.match.id, similarity, isNewCluster: true };
}

/**
 * Regroups the tenant's cases of the last `days` days: automatic memberships of open clusters are dropped and
 * every case not kept in a cluster (by a person, a merge, or an answered cluster) is grouped again in receiving
 * order, as if it arrived now. Repeat appeals of the period are recorded too. One transaction.
 */
export async function recomputeClusters(
  database: Database,
  tenant: Tenant,
  days: number,
  actor: { userId: string | null; origin: RequestOrigin | null },
): Promise<RecomputeResult> {
  const to = new Date();
  const from = new Date(to.getTime() - days * DAY_MS);
  return withTransaction(database.pool, async (client) => {
    const before = await repository.listCasesReceivedBetween(client, tenant.id, { from, to });
    const released = await repository.dropAutomaticMemberships(
      client,
      tenant.id,
      before.map((row) => row.id),
    );
    const rows = await repository.listCasesReceivedBetween(client, tenant.id, { from, to });
    const frequencies = buildDocumentFrequencies(rows.map((row) => row.text));
    frequencyCache.set(tenant.id, { frequencies, loadedAt: Date.now() });
    const clusterOf = new Map(rows.map((row) => [row.id, row.clusterId]));
    const seen: PreparedCase[] = [];
    const clusterIds = new Set<string>();
    let grouped = 0;
    const options = DEFAULT_GROUPING_OPTIONS;
    for (const row of rows) {
      const prepared = prepareCase(toGroupingCase(row), frequencies);
      if (!clusterOf.get(row.id)) {
        const nearby = seen.filter((item) => prepared.receivedAt - item.receivedAt <= options.windowDays * DAY_MS);
        const found = findSimilarCase(prepared, nearby, options);
        if (found) {
          const grouping = await attach(client, tenant.id, prepared, found, clusterOf.get(found.match.id) ?? null);
          clusterOf.set(row.id, grouping.clusterId);
          clusterOf.set(found.match.id, grouping.clusterId);
          clusterIds.add(grouping.clusterId);
          grouped += 1;
        }
      }
      seen.push(prepared);
      // Only the window matters: drop what is older than it.
      while (seen.length > 0 && prepared.receivedAt - (seen[0]?.receivedAt ?? 0) > options.windowDays * DAY_MS)
        seen.shift();
    }
    let repeats = 0;
    for (const caseId of await repository.listCaseIdsReceivedSince(client, tenant.id, from)) {
      const target = rows.find((row) => row.id === caseId);
      const since = new Date(new Date(target?.receivedAt ?? to).getTime() - REPEAT_PERIOD_DAYS * DAY_MS);
      repeats += await repository.recordRepeats(client, tenant.id, caseId, since, 10);
    }
    const result = { cases: rows.length, released, grouped, clusters: clusterIds.size, repeats };
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: actor.userId,
      action: 'clusters.recomputed',
      objectType: 'case_clusters',
      details: { days, ...result },
      ipAddress: actor.origin?.ipAddress ?? null,
      requestId: actor.origin?.requestId ?? null,
    });
    return result;
  });
}

function tenantOf(context: AuthContext, permission: Permission): Tenant {
  if (!hasPermission(context.roles, permission)) throw forbidden();
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Массовые проблемы ведёт муниципалитет.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return { id: context.tenant.id, timezone: context.tenant.timezone };
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

function presentSummary(record: repository.ClusterRecord): ClusterSummary {
  return {
    id: record.id,
    title: record.title,
    status: record.status,
    memberCount: record.memberCount,
    firstReceivedAt: iso(record.firstReceivedAt),
    lastReceivedAt: iso(record.lastReceivedAt),
    district: record.district,
    address: record.address,
    answeredAt: iso(record.answeredAt),
    updatedAt: new Date(record.updatedAt).toISOString(),
  };
}

export async function listClusters(
  database: Database,
  context: AuthContext,
  query: ClusterListQuery,
): Promise<ClusterList> {
  const tenant = tenantOf(context, 'cases.read_all');
  const { rows, total } = await repository.listClusters(
    database.pool,
    tenant.id,
    query.status ? { status: query.status } : {},
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: rows.map(presentSummary), total };
}

async function requireCluster(database: Queryable, tenantId: string, id: string): Promise<ClusterDetail> {
  const record = await repository.findCluster(database, tenantId, id);
  if (!record) throw notFound('Группа не найдена.');
  const members = await repository.listMembers(database, tenantId, id);
  return {
    ...presentSummary(record),
    answerText: record.answerText,
    members: members.map((member) => ({
      caseId: member.caseId,
      number: member.number,
      excerpt: titleOf(member.text),
      address: member.address,
      district: member.district,
      status: member.status,
      category: member.category,
      receivedAt: new Date(member.receivedAt).toISOString(),
      similarity: member.similarity,
      source: member.source,
    })),
  };
}

export async function getCluster(database: Database, context: AuthContext, id: string): Promise<ClusterDetail> {
  const tenant = tenantOf(context, 'cases.read_all');
  return requireCluster(database.pool, tenant.id, id);
}

/** Merges other clusters into this one (their members move, they disappear); audited. */
export async function mergeClusters(
  database: Database,
  context: AuthContext,
  id: string,
  clusterIds: string[],
  origin: RequestOrigin,
): Promise<ClusterDetail> {
  const tenant = tenantOf(context, 'clusters.manage');
  const sources = [...new Set(clusterIds)].filter((clusterId) => clusterId !== id);
  if (sources.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Укажите другие группы для объединения.', [
      { field: 'clusterIds', message: 'Нет других групп' },
    ]);
  }
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.lockCluster(client, tenant.id, id))) throw notFound('Группа не найдена.');
    const moved: Record<string, number> = {};
    for (const [index, sourceId] of sources.entries()) {
      if (!(await repository.lockCluster(client, tenant.id, sourceId))) {
        throw new AppError('NOT_FOUND', 'Одна из объединяемых групп не найдена.', [
          { field: `clusterIds.${index}`, message: 'Нет такой группы' },
        ]);
      }
      moved[sourceId] = await repository.moveMembers(client, tenant.id, sourceId, id);
      await repository.deleteCluster(client, tenant.id, sourceId);
    }
    await repository.touchCluster(client, tenant.id, id);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'cluster.merged',
      objectType: 'case_cluster',
      objectId: id,
      details: { merged: moved },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return requireCluster(database.pool, tenant.id, id);
}

/** Puts a case into a cluster by hand (it leaves its previous cluster, if any); audited. */
export async function addMember(
  database: Database,
  context: AuthContext,
  id: string,
  caseId: string,
  origin: RequestOrigin,
): Promise<ClusterDetail> {
  const tenant = tenantOf(context, 'clusters.manage');
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.lockCluster(client, tenant.id, id))) throw notFound('Группа не найдена.');
    if (!(await repository.findCaseOfTenant(client, tenant.id, caseId))) {
      throw new AppError('NOT_FOUND', 'Сообщение не найдено.', [{ field: 'caseId', message: 'Нет такого сообщения' }]);
    }
    const previous = (await repository.findCandidate(client, tenant.id, caseId))?.clusterId ?? null;
    await repository.insertMembers(client, tenant.id, id, [{ caseId, similarity: 1 }], 'manual');
    if (previous && previous !== id) await repository.deleteSmallClusters(client, tenant.id);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'cluster.member_added',
      objectType: 'case_cluster',
      objectId: id,
      before: { caseId, clusterId: previous },
      after: { caseId, clusterId: id },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return requireCluster(database.pool, tenant.id, id);
}

/** Takes a case out of a cluster (unmerge); a cluster left with one case is dissolved. Audited. */
export async function removeMember(
  database: Database,
  context: AuthContext,
  id: string,
  caseId: string,
  origin: RequestOrigin,
): Promise<ClusterDetail | null> {
  const tenant = tenantOf(context, 'clusters.manage');
  await withTransaction(database.pool, async (client) => {
    if (!(await repository.lockCluster(client, tenant.id, id))) throw notFound('Группа не найдена.');
    if (!(await repository.deleteMember(client, tenant.id, id, caseId))) throw notFound('Сообщения нет в этой группе.');
    await repository.deleteSmallClusters(client, tenant.id);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'cluster.member_removed',
      objectType: 'case_cluster',
      objectId: id,
      before: { caseId, clusterId: id },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  const record = await repository.findCluster(database.pool, tenant.id, id);
  return record ? requireCluster(database.pool, tenant.id, id) : null;
}

/**
 * Answers every open case of the cluster with one text: for each member the workflow's «подготовить ответ»
 * action runs through the case action service (its own transaction, checks and audit). Members whose state
 * does not allow it are reported, not forced. The cluster is marked answered when at least one case took it.
 */
export async function answerCluster(
  database: Database,
  context: AuthContext,
  id: string,
  text: string,
  origin: RequestOrigin,
): Promise<AnswerClusterResult> {
  const tenant = tenantOf(context, 'clusters.manage');
  const cluster = await requireCluster(database.pool, tenant.id, id);
  const results: AnswerClusterResult['results'] = [];
  for (const member of cluster.members) {
    try {
      await performAction(database, context, member.caseId, 'draft-answer', { text }, origin);
      results.push({ caseId: member.caseId, number: member.number, isDone: true, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ caseId: member.caseId, number: member.number, isDone: false, error: error.message });
    }
  }
  const answered = results.filter((result) => result.isDone).length;
  await withTransaction(database.pool, async (client) => {
    if (answered > 0) await repository.markAnswered(client, tenant.id, id, text);
    await recordAudit(client, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'cluster.answered',
      objectType: 'case_cluster',
      objectId: id,
      after: { text },
      details: { answered, skipped: results.filter((result) => !result.isDone).map((result) => result.number) },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return { answered, results, cluster: await requireCluster(database.pool, tenant.id, id) };
}

export async function recomputeForContext(
  database: Database,
  context: AuthContext,
  days: number,
  origin: RequestOrigin,
): Promise<RecomputeResult> {
  const tenant = tenantOf(context, 'clusters.manage');
  return recomputeClusters(database, tenant, days, { userId: context.userId, origin });
}

/** Repeat appeals of the period; the applicant is shown only to roles that may see personal data (audited). */
export async function listRepeatAppeals(
  database: Database,
  context: AuthContext,
  query: { days: number; page: number; pageSize: number },
  origin: RequestOrigin,
): Promise<RepeatList> {
  const tenant = tenantOf(context, 'cases.read_all');
  const { rows, total } = await repository.listRepeats(
    database.pool,
    tenant.id,
    new Date(Date.now() - query.days * DAY_MS),
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  const isUnmasked = canViewApplicantData(context.roles);
  if (isUnmasked && rows.some((row) => row.applicantName !== null || row.contact !== null)) {
    await recordAudit(database.pool, {
      tenantId: tenant.id,
      actorUserId: context.userId,
      action: 'case.personal_data_viewed',
      objectType: 'repeat_appeals',
      details: { caseIds: rows.map((row) => row.caseId) },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  }
  return {
    items: rows.map((row) => ({
      caseId: row.caseId,
      number: row.number,
      receivedAt: new Date(row.receivedAt).toISOString(),
      excerpt: row.excerpt,
      matchedBy: row.matchedBy,
      applicantName: isUnmasked ? row.applicantName : maskPersonName(row.applicantName),
      contact: isUnmasked ? row.contact : maskContact(row.contact),
      previous: row.previous.map((item) => ({ ...item, receivedAt: new Date(item.receivedAt).toISOString() })),
    })),
    total,
  };
}
