import type { Queryable } from '../../platform/audit.js';

// SQL of mass-problem clusters, their members and repeat appeals; no business rules.

export type CandidateRow = {
  id: string;
  text: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  receivedAt: Date;
  clusterId: string | null;
};

const CANDIDATE_COLUMNS = `c.id, c.text, c.latitude, c.longitude, c.address, c.received_at as "receivedAt",
  m.cluster_id as "clusterId"`;

export async function findCandidate(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<CandidateRow | undefined> {
  const result = await database.query<CandidateRow>(
    `select ${CANDIDATE_COLUMNS} from cases c
       left join case_cluster_members m on m.tenant_id = c.tenant_id and m.case_id = c.id
      where c.tenant_id = $1 and c.id = $2`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

/**
 * Cases of the tenant received in [from, to] near a point (a bounding box of the radius) or, without
 * coordinates, with the same address text; with their cluster, if any.
 */
export async function listNearbyCases(
  database: Queryable,
  tenantId: string,
  near: { latitude: number | null; longitude: number | null; address: string | null; radiusMeters: number },
  period: { from: Date; to: Date },
  limit: number,
): Promise<CandidateRow[]> {
  const values: unknown[] = [tenantId, period.from, period.to, limit];
  let place: string;
  if (near.latitude !== null && near.longitude !== null) {
    const latitudeDelta = near.radiusMeters / 111_000;
    const longitudeDelta = latitudeDelta / Math.max(Math.cos((near.latitude * Math.PI) / 180), 0.01);
    // The bands of 0.001° of latitude the box touches (cases_place_idx, migration 0028): each is read for
    // the period only. floor(x * 1000) in JavaScript and in SQL is the same double arithmetic.
    const bands: number[] = [];
    for (
      let band = Math.floor((near.latitude - latitudeDelta) * 1000);
      band <= Math.floor((near.latitude + latitudeDelta) * 1000);
      band += 1
    ) {
      bands.push(band);
    }
    values.push(
      near.latitude - latitudeDelta,
      near.latitude + latitudeDelta,
      near.longitude - longitudeDelta,
      near.longitude + longitudeDelta,
      bands,
    );
    place =
      'floor(c.latitude * 1000) = any($9::float8[]) and c.latitude between $5 and $6 and c.longitude between $7 and $8' +
      ' and c.longitude is not null';
  } else if (near.address) {
    values.push(near.address);
    place = 'c.latitude is null and c.address is not null and lower(c.address) = lower($5)';
  } else {
    return [];
  }
  const result = await database.query<CandidateRow>(
    `select ${CANDIDATE_COLUMNS} from cases c
       left join case_cluster_members m on m.tenant_id = c.tenant_id and m.case_id = c.id
      where c.tenant_id = $1 and c.received_at between $2 and $3 and ${place}
      order by c.received_at desc limit $4`,
    values,
  );
  return result.rows;
}

/** Texts of the tenant's latest cases: the document frequencies of stems are counted over them. */
export async function listRecentTexts(database: Queryable, tenantId: string, limit: number): Promise<string[]> {
  const result = await database.query<{ text: string }>(
    'select text from cases where tenant_id = $1 order by received_at desc limit $2',
    [tenantId, limit],
  );
  return result.rows.map((row) => row.text);
}

export async function listCasesReceivedBetween(
  database: Queryable,
  tenantId: string,
  period: { from: Date; to: Date },
): Promise<CandidateRow[]> {
  const result = await database.query<CandidateRow>(
    `select ${CANDIDATE_COLUMNS} from cases c
       left join case_cluster_members m on m.tenant_id = c.tenant_id and m.case_id = c.id
      where c.tenant_id = $1 and c.received_at between $2 and $3 order by c.received_at, c.id`,
    [tenantId, period.from, period.to],
  );
  return result.rows;
}

export async function insertCluster(database: Queryable, tenantId: string, title: string): Promise<string> {
  const result = await database.query<{ id: string }>(
    'insert into case_clusters (tenant_id, title) values ($1, $2) returning id',
    [tenantId, title],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insertCluster returned no row');
  return row.id;
}

export async function insertMembers(
  database: Queryable,
  tenantId: string,
  clusterId: string,
  members: Array<{ caseId: string; similarity: number }>,
  source: 'auto' | 'manual' | 'merge',
): Promise<void> {
  if (members.length === 0) return;
  await database.query(
    `insert into case_cluster_members (tenant_id, case_id, cluster_id, similarity, source)
     select $1, m.case_id, $2, m.similarity, $5 from unnest($3::uuid[], $4::float8[]) as m(case_id, similarity)
     on conflict (tenant_id, case_id) do update set cluster_id = excluded.cluster_id, source = excluded.source,
       similarity = excluded.similarity, added_at = now()`,
    [tenantId, clusterId, members.map((member) => member.caseId), members.map((member) => member.similarity), source],
  );
  await touchCluster(database, tenantId, clusterId);
}

export async function touchCluster(database: Queryable, tenantId: string, clusterId: string): Promise<void> {
  await database.query('update case_clusters set updated_at = now() where tenant_id = $1 and id = $2', [
    tenantId,
    clusterId,
  ]);
}

export async function deleteMember(
  database: Queryable,
  tenantId: string,
  clusterId: string,
  caseId: string,
): Promise<boolean> {
  const result = await database.query(
    'delete from case_cluster_members where tenant_id = $1 and cluster_id = $2 and case_id = $3',
    [tenantId, clusterId, caseId],
  );
  return (result.rowCount ?? 0) > 0;
}

/** Removes automatic memberships of open clusters among the given cases, then clusters left with fewer than two. */
export async function dropAutomaticMemberships(
  database: Queryable,
  tenantId: string,
  caseIds: string[],
): Promise<number> {
  const result = await database.query(
    `delete from case_cluster_members m using case_clusters k
      where m.tenant_id = $1 and m.case_id = any($2::uuid[]) and m.source = 'auto'
        and k.tenant_id = m.tenant_id and k.id = m.cluster_id and k.status = 'open'`,
    [tenantId, caseIds],
  );
  await deleteSmallClusters(database, tenantId);
  return result.rowCount ?? 0;
}

/** A cluster of one case is no mass problem: its last member is released and the cluster removed. */
export async function deleteSmallClusters(database: Queryable, tenantId: string): Promise<void> {
  await database.query(
    `delete from case_clusters k where k.tenant_id = $1 and k.status = 'open'
        and (select count(*) from case_cluster_members m where m.tenant_id = k.tenant_id and m.cluster_id = k.id) < 2`,
    [tenantId],
  );
}

export type ClusterRecord = {
  id: string;
  title: string;
  status: 'open' | 'answered';
  answerText: string | null;
  answeredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  memberCount: number;
  firstReceivedAt: Date | null;
  lastReceivedAt: Date | null;
  district: string | null;
  address: string | null;
};

const CLUSTER_COLUMNS = `k.id, k.title, k.status, k.answer_text as "answerText", k.answered_at as "answeredAt",
  k.created_at as "createdAt", k.updated_at as "updatedAt",
  (select count(*)::int from case_cluster_members m where m.tenant_id = k.tenant_id and m.cluster_id = k.id) as "memberCount",
  (select min(c.received_at) from case_cluster_members m join cases c on c.tenant_id = m.tenant_id and c.id = m.case_id
    where m.tenant_id = k.tenant_id and m.cluster_id = k.id) as "firstReceivedAt",
  (select max(c.received_at) from case_cluster_members m join cases c on c.tenant_id = m.tenant_id and c.id = m.case_id
    where m.tenant_id = k.tenant_id and m.cluster_id = k.id) as "lastReceivedAt",
  (select c.district from case_cluster_members m join cases c on c.tenant_id = m.tenant_id and c.id = m.case_id
    where m.tenant_id = k.tenant_id and m.cluster_id = k.id and c.district is not null order by c.received_at limit 1) as district,
  (select c.address from case_cluster_members m join cases c on c.tenant_id = m.tenant_id and c.id = m.case_id
    where m.tenant_id = k.tenant_id and m.cluster_id = k.id and c.address is not null order by c.received_at limit 1) as address`;

export async function listClusters(
  database: Queryable,
  tenantId: string,
  filter: { status?: 'open' | 'answered' },
  page: { limit: number; offset: number },
): Promise<{ rows: ClusterRecord[]; total: number }> {
  const values: unknown[] = [tenantId];
  let where = 'k.tenant_id = $1';
  if (filter.status) {
    values.push(filter.status);
    where += ` and k.status = $${values.length}`;
  }
  const total = await database.query<{ count: number }>(
    `select count(*)::int as count from case_clusters k where ${where}`,
    values,
  );
  values.push(page.limit, page.offset);
  const rows = await database.query<ClusterRecord>(
    `select ${CLUSTER_COLUMNS} from case_clusters k where ${where}
      order by k.updated_at desc, k.id limit $${values.length - 1} offset $${values.length}`,
    values,
  );
  return { rows: rows.rows, total: total.rows[0]?.count ?? 0 };
}

export async function findCluster(
  database: Queryable,
  tenantId: string,
  id: string,
): Promise<ClusterRecord | undefined> {
  const result = await database.query<ClusterRecord>(
    `select ${CLUSTER_COLUMNS} from case_clusters k where k.tenant_id = $1 and k.id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

export async function lockCluster(database: Queryable, tenantId: string, id: string): Promise<boolean> {
  const result = await database.query('select 1 from case_clusters where tenant_id = $1 and id = $2 for update', [
    tenantId,
    id,
  ]);
  return result.rows.length > 0;
}

export type MemberRecord = {
  caseId: string;
  number: string;
  text: string;
  address: string | null;
  district: string | null;
  status: string;
  category: string | null;
  receivedAt: Date;
  similarity: number;
  source: 'auto' | 'manual' | 'merge';
};

export async function listMembers(database: Queryable, tenantId: string, clusterId: string): Promise<MemberRecord[]> {
  const result = await database.query<MemberRecord>(
    `select c.id as "caseId", c.number, c.text, c.address, c.district, c.status, c.category,
            c.received_at as "receivedAt", m.similarity, m.source
       from case_cluster_members m join cases c on c.tenant_id = m.tenant_id and c.id = m.case_id
      where m.tenant_id = $1 and m.cluster_id = $2 order by c.received_at, c.id`,
    [tenantId, clusterId],
  );
  return result.rows;
}

export async function moveMembers(
  database: Queryable,
  tenantId: string,
  fromClusterId: string,
  toClusterId: string,
): Promise<number> {
  const result = await database.query(
    `update case_cluster_members set cluster_id = $3, source = 'merge', added_at = now()
      where tenant_id = $1 and cluster_id = $2`,
    [tenantId, fromClusterId, toClusterId],
  );
  return result.rowCount ?? 0;
}

export async function deleteCluster(database: Queryable, tenantId: string, id: string): Promise<void> {
  await database.query('delete from case_clusters where tenant_id = $1 and id = $2', [tenantId, id]);
}

export async function markAnswered(database: Queryable, tenantId: string, id: string, text: string): Promise<void> {
  await database.query(
    `update case_clusters set status = 'answered', answer_text = $3, answered_at = now(), updated_at = now()
      where tenant_id = $1 and id = $2`,
    [tenantId, id, text],
  );
}

export async function findCaseOfTenant(database: Queryable, tenantId: string, caseId: string): Promise<boolean> {
  const result = await database.query('select 1 from cases where tenant_id = $1 and id = $2', [tenantId, caseId]);
  return result.rows.length > 0;
}

// ── Repeat appeals ──────────────────────────────────────────────────────────────────────────────────

/** The last ten digits of a phone: «+7 900 111-22-33» and «8 (900) 111-22-33» are one number. */
const phoneKey = (column: string) => `right(regexp_replace(coalesce(${column}, ''), '\\D', '', 'g'), 10)`;

/** Records earlier cases of the same applicant (phone or e-mail) within the period; answers how many. */
export async function recordRepeats(
  database: Queryable,
  tenantId: string,
  caseId: string,
  since: Date,
  limit: number,
): Promise<number> {
  // Two lookups, each reading its partial index (migration 0027) backwards from the case for at most
  // `limit` rows, however many cases the contact has: the same phone (last 10 digits, at least 6), the same
  // e-mail; a case matched both ways counts once, as a phone match.
  const result = await database.query(
    `with n as (
       select id, received_at, ${phoneKey('applicant_phone')} as phone, lower(applicant_email) as email
         from cases where tenant_id = $1 and id = $2
     ), matches as (
       select p.id, p.received_at, 'phone' as matched_by
         from n cross join lateral (
           select id, received_at from cases
            where tenant_id = $1 and applicant_phone is not null and ${phoneKey('applicant_phone')} = n.phone
              and received_at >= $3 and received_at <= n.received_at and id <> n.id
            order by received_at desc limit $4
         ) p
        where length(n.phone) >= 6
       union all
       select p.id, p.received_at, 'email'
         from n cross join lateral (
           select id, received_at from cases
            where tenant_id = $1 and applicant_email is not null and lower(applicant_email) = n.email
              and received_at >= $3 and received_at <= n.received_at and id <> n.id
            order by received_at desc limit $4
         ) p
        where n.email is not null
     )
     insert into case_repeats (tenant_id, case_id, previous_case_id, matched_by)
     select $1, $2, m.id, m.matched_by
       from (select distinct on (id) id, received_at, matched_by from matches order by id, matched_by desc) m
      order by m.received_at desc limit $4
     on conflict do nothing`,
    [tenantId, caseId, since, limit],
  );
  return result.rowCount ?? 0;
}

export type RepeatRecord = {
  caseId: string;
  number: string;
  receivedAt: Date;
  excerpt: string;
  matchedBy: 'phone' | 'email';
  applicantName: string | null;
  contact: string | null;
  previous: Array<{ caseId: string; number: string; receivedAt: string }>;
};

export async function listRepeats(
  database: Queryable,
  tenantId: string,
  since: Date,
  page: { limit: number; offset: number },
): Promise<{ rows: RepeatRecord[]; total: number }> {
  const total = await database.query<{ count: number }>(
    `select count(distinct r.case_id)::int as count from case_repeats r join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id
      where r.tenant_id = $1 and c.received_at >= $2`,
    [tenantId, since],
  );
  const rows = await database.query<RepeatRecord>(
    `select c.id as "caseId", c.number, c.received_at as "receivedAt", left(c.text, 180) as excerpt,
            min(r.matched_by) as "matchedBy", c.applicant_name as "applicantName",
            coalesce(c.applicant_phone, c.applicant_email) as contact,
            json_agg(json_build_object('caseId', p.id, 'number', p.number, 'receivedAt', p.received_at) order by p.received_at desc) as previous
       from case_repeats r
       join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id
       join cases p on p.tenant_id = r.tenant_id and p.id = r.previous_case_id
      where r.tenant_id = $1 and c.received_at >= $2
      group by c.id, c.number, c.received_at, c.text, c.applicant_name, c.applicant_phone, c.applicant_email
      order by c.received_at desc limit $3 offset $4`,
    [tenantId, since, page.limit, page.offset],
  );
  return { rows: rows.rows, total: total.rows[0]?.count ?? 0 };
}

export async function listCaseIdsReceivedSince(database: Queryable, tenantId: string, since: Date): Promise<string[]> {
  const result = await database.query<{ id: string }>(
    `select id from cases where tenant_id = $1 and received_at >= $2
        and (applicant_phone is not null or applicant_email is not null) order by received_at`,
    [tenantId, since],
  );
  return result.rows.map((row) => row.id);
}
