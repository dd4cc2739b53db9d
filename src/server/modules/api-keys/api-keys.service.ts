import crypto from 'node:crypto';
import type { ApiKey, IssueApiKeyInput, IssuedApiKey } from '../../../shared/contracts/api-keys.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { findTenantBySlug } from '../organization/index.js';
import * as repository from './api-keys.repository.js';

type Origin = { ipAddress: string | null; requestId: string | null };

const KEY_PREFIX = 'otk_';

/** SHA-256 of a key: what the database keeps and looks keys up by. */
export function hashApiKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

function generateKey(): string {
  return `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
}

function present(row: repository.ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    createdAt: new Date(row.createdAt).toISOString(),
    createdByName: row.createdByName,
    revokedAt: row.revokedAt ? new Date(row.revokedAt).toISOString() : null,
    lastUsedAt: row.lastUsedAt ? new Date(row.lastUsedAt).toISOString() : null,
  };
}

function municipalityOf(context: AuthContext): string {
  if (!hasPermission(context.roles, 'api_keys.manage')) throw forbidden('Ключами API управляет администратор.');
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Ключи API выдаются муниципалитету.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return context.tenant.id;
}

async function issue(
  database: Database,
  tenantId: string,
  name: string,
  createdBy: string | null,
  origin: Origin,
): Promise<IssuedApiKey> {
  const key = generateKey();
  const row = await withTransaction(database.pool, async (client) => {
    const inserted = await repository.insertApiKey(client, {
      tenantId,
      name,
      keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
      keyHash: hashApiKey(key),
      createdBy,
    });
    await recordAudit(client, {
      tenantId,
      actorUserId: createdBy,
      action: 'api_key.issued',
      objectType: 'api_key',
      objectId: inserted.id,
      after: { name, keyPrefix: inserted.keyPrefix },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return inserted;
  });
  return { ...present(row), key };
}

export async function listApiKeys(database: Database, context: AuthContext): Promise<ApiKey[]> {
  return (await repository.listApiKeys(database.pool, municipalityOf(context))).map(present);
}

export async function issueApiKey(
  database: Database,
  context: AuthContext,
  input: IssueApiKeyInput,
  origin: Origin,
): Promise<IssuedApiKey> {
  return issue(database, municipalityOf(context), input.name, context.userId, origin);
}

/** `otklik apikey create`: a key for the municipality with this code, issued by the command line. */
export async function issueApiKeyForTenant(
  database: Database,
  tenantSlug: string,
  name: string,
): Promise<IssuedApiKey> {
  const tenant = await findTenantBySlug(database.pool, tenantSlug);
  if (!tenant) throw new AppError('TENANT_NOT_FOUND', `Муниципалитет «${tenantSlug}» не найден.`);
  if (tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', `«${tenantSlug}» — регион; ключи API выдаются муниципалитету.`);
  }
  return issue(database, tenant.id, name, null, { ipAddress: null, requestId: null });
}

export async function revokeApiKey(
  database: Database,
  context: AuthContext,
  id: string,
  origin: Origin,
): Promise<ApiKey> {
  const tenantId = municipalityOf(context);
  const row = await withTransaction(database.pool, async (client) => {
    const existing = await repository.findApiKey(client, tenantId, id);
    if (!existing) throw notFound('Ключ не найден.');
    if (await repository.revokeApiKey(client, tenantId, id, context.userId)) {
      await recordAudit(client, {
        tenantId,
        actorUserId: context.userId,
        action: 'api_key.revoked',
        objectType: 'api_key',
        objectId: id,
        before: { name: existing.name, keyPrefix: existing.keyPrefix },
        ipAddress: origin.ipAddress,
        requestId: origin.requestId,
      });
    }
    return repository.findApiKey(client, tenantId, id);
  });
  keyCache.clear();
  if (!row) throw notFound('Ключ не найден.');
  return present(row);
}

// ── Authentication of API callers ──────────────────────────────────────────────────────────────────

export type ApiKeyOwner = repository.ApiKeyOwner;

/** Keys seen recently: a revocation in this process applies at once, in other processes within the TTL. */
const KEY_CACHE_MILLISECONDS = 10_000;
const keyCache = new Map<string, { owner: ApiKeyOwner | null; loadedAt: number }>();
const LAST_USED_INTERVAL_MILLISECONDS = 60_000;
const lastTouched = new Map<string, number>();

/**
 * The tenant of an API key, or null for an unknown or revoked one. Cached for 10 s (the Open311 hot
 * path does not read the database for the key); `last_used_at` is written at most once a minute.
 */
export async function authenticateApiKey(database: Database, key: string): Promise<ApiKeyOwner | null> {
  if (key.length < 8 || key.length > 200) return null;
  const hash = hashApiKey(key);
  const now = Date.now();
  let cached = keyCache.get(hash);
  if (!cached || now - cached.loadedAt > KEY_CACHE_MILLISECONDS) {
    if (keyCache.size > 10_000) keyCache.clear();
    cached = { owner: (await repository.findActiveKeyByHash(database.pool, hash)) ?? null, loadedAt: now };
    keyCache.set(hash, cached);
  }
  const owner = cached.owner;
  if (owner && now - (lastTouched.get(owner.keyId) ?? 0) > LAST_USED_INTERVAL_MILLISECONDS) {
    lastTouched.set(owner.keyId, now);
    repository.touchApiKey(database.pool, owner.tenantId, owner.keyId).catch(() => {
      lastTouched.delete(owner.keyId); // the next request tries again
    });
  }
  return owner;
}
