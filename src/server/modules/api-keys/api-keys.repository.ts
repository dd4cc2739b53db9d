import type { Queryable } from '../../platform/audit.js';

export type ApiKeyRow = {
  id: string;
  tenantId: string;
  name: string;
  keyPrefix: string;
  createdAt: Date;
  createdByName: string | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
};

const COLUMNS = `k.id, k.tenant_id as "tenantId", k.name, k.key_prefix as "keyPrefix", k.created_at as "createdAt",
  u.full_name as "createdByName", k.revoked_at as "revokedAt", k.last_used_at as "lastUsedAt"`;

export async function insertApiKey(
  database: Queryable,
  key: { tenantId: string; name: string; keyPrefix: string; keyHash: string; createdBy: string | null },
): Promise<ApiKeyRow> {
  const result = await database.query<{ id: string }>(
    `insert into api_keys (tenant_id, name, key_prefix, key_hash, created_by) values ($1, $2, $3, $4, $5) returning id`,
    [key.tenantId, key.name, key.keyPrefix, key.keyHash, key.createdBy],
  );
  const id = result.rows[0]?.id;
  const row = id ? await findApiKey(database, key.tenantId, id) : undefined;
  if (!row) throw new Error('insertApiKey: no row');
  return row;
}

export async function findApiKey(database: Queryable, tenantId: string, id: string): Promise<ApiKeyRow | undefined> {
  const result = await database.query<ApiKeyRow>(
    `select ${COLUMNS} from api_keys k left join users u on u.id = k.created_by where k.tenant_id = $1 and k.id = $2`,
    [tenantId, id],
  );
  return result.rows[0];
}

export async function listApiKeys(database: Queryable, tenantId: string): Promise<ApiKeyRow[]> {
  const result = await database.query<ApiKeyRow>(
    `select ${COLUMNS} from api_keys k left join users u on u.id = k.created_by
      where k.tenant_id = $1 order by k.revoked_at nulls first, k.created_at desc`,
    [tenantId],
  );
  return result.rows;
}

export async function revokeApiKey(
  database: Queryable,
  tenantId: string,
  id: string,
  revokedBy: string | null,
): Promise<boolean> {
  const result = await database.query(
    'update api_keys set revoked_at = now(), revoked_by = $3 where tenant_id = $1 and id = $2 and revoked_at is null',
    [tenantId, id, revokedBy],
  );
  return (result.rowCount ?? 0) > 0;
}

export type ApiKeyOwner = {
  keyId: string;
  tenantId: string;
  tenantSlug: string;
  tenantKind: 'region' | 'municipality';
  timezone: string;
  name: string;
};

/** The active key with this hash and its tenant, or nothing (unknown or revoked). */
export async function findActiveKeyByHash(database: Queryable, keyHash: string): Promise<ApiKeyOwner | undefined> {
  const result = await database.query<ApiKeyOwner>(
    `select k.id as "keyId", k.tenant_id as "tenantId", t.slug as "tenantSlug", t.kind as "tenantKind", t.timezone, k.name
       from api_keys k join tenants t on t.id = k.tenant_id
      where k.key_hash = $1 and k.revoked_at is null`,
    [keyHash],
  );
  return result.rows[0];
}

export async function touchApiKey(database: Queryable, tenantId: string, id: string): Promise<void> {
  await database.query('update api_keys set last_used_at = now() where tenant_id = $1 and id = $2', [tenantId, id]);
}
