import type { Queryable } from '../../platform/audit.js';

export type RecentCaseRow = { id: string; number: string; channel: string; receivedAt: Date; text: string };

/** Cases of the tenant since `since` whose applicant phone ends with the same ten digits. */
export async function listRecentCasesByPhone(
  database: Queryable,
  tenantId: string,
  phoneDigits: string,
  since: Date,
): Promise<RecentCaseRow[]> {
  const result = await database.query<RecentCaseRow>(
    `select id, number, channel, received_at as "receivedAt", text
       from cases
      where tenant_id = $1 and received_at >= $2 and applicant_phone is not null
        and right(regexp_replace(applicant_phone, '[^0-9]', '', 'g'), 10) = $3
      order by received_at desc limit 50`,
    [tenantId, since, phoneDigits],
  );
  return result.rows;
}
