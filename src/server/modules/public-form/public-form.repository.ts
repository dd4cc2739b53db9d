import type { Queryable } from '../../platform/audit.js';

/** The installation's secret for signing form tokens: created once (first writer wins), then read. */
export async function loadOrCreateSetting(database: Queryable, key: string, candidate: string): Promise<string> {
  await database.query('insert into intake_settings (key, value) values ($1, $2) on conflict (key) do nothing', [
    key,
    candidate,
  ]);
  const result = await database.query<{ value: string }>('select value from intake_settings where key = $1', [key]);
  const value = result.rows[0]?.value;
  if (!value) throw new Error(`intake setting ${key} missing`);
  return value;
}

export type StatusLinkRow = {
  tenantId: string;
  tenantName: string;
  caseId: string;
  number: string;
  state: string | null;
  rating: number | null;
};

export async function findByStatusTokenHash(database: Queryable, hash: string): Promise<StatusLinkRow | undefined> {
  const result = await database.query<StatusLinkRow>(
    `select s.tenant_id as "tenantId", t.name as "tenantName", s.case_id as "caseId", c.number, c.state, c.rating
       from intake_submissions s
       join cases c on c.tenant_id = s.tenant_id and c.id = s.case_id
       join tenants t on t.id = s.tenant_id
      where s.status_token_hash = $1`,
    [hash],
  );
  return result.rows[0];
}
