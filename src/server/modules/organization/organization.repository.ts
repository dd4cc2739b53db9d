import type { Role } from '../../../shared/roles.js';
import type { Queryable } from '../../platform/audit.js';

export type TenantRow = {
  id: string;
  parentId: string | null;
  kind: 'region' | 'municipality';
  slug: string;
  name: string;
  shortName: string;
  timezone: string;
};

export type UserRow = {
  id: string;
  tenantId: string;
  login: string | null;
  fullName: string;
  passwordHash: string | null;
  isActive: boolean;
};

const TENANT_COLUMNS = `id, parent_id as "parentId", kind, slug, name, short_name as "shortName", timezone`;
const USER_COLUMNS = `id, tenant_id as "tenantId", login, full_name as "fullName", password_hash as "passwordHash", is_active as "isActive"`;

export async function findTenantBySlug(database: Queryable, slug: string): Promise<TenantRow | undefined> {
  const result = await database.query<TenantRow>(`select ${TENANT_COLUMNS} from tenants where slug = $1`, [slug]);
  return result.rows[0];
}

export async function findTenantById(database: Queryable, id: string): Promise<TenantRow | undefined> {
  const result = await database.query<TenantRow>(`select ${TENANT_COLUMNS} from tenants where id = $1`, [id]);
  return result.rows[0];
}

export async function listTenants(database: Queryable): Promise<TenantRow[]> {
  const result = await database.query<TenantRow>(`select ${TENANT_COLUMNS} from tenants order by kind, slug`);
  return result.rows;
}

export async function listChildTenantIds(database: Queryable, parentId: string): Promise<string[]> {
  const result = await database.query<{ id: string }>('select id from tenants where parent_id = $1 order by slug', [
    parentId,
  ]);
  return result.rows.map((row) => row.id);
}

export async function insertTenant(database: Queryable, tenant: Omit<TenantRow, 'id'>): Promise<TenantRow> {
  const result = await database.query<TenantRow>(
    `insert into tenants (parent_id, kind, slug, name, short_name, timezone) values ($1, $2, $3, $4, $5, $6)
     returning ${TENANT_COLUMNS}`,
    [tenant.parentId, tenant.kind, tenant.slug, tenant.name, tenant.shortName, tenant.timezone],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert into tenants returned no row');
  return row;
}

export async function findUserByLogin(database: Queryable, login: string): Promise<UserRow | undefined> {
  const result = await database.query<UserRow>(`select ${USER_COLUMNS} from users where login = $1`, [
    normalizeLogin(login),
  ]);
  return result.rows[0];
}

export async function findUserById(database: Queryable, id: string): Promise<UserRow | undefined> {
  const result = await database.query<UserRow>(`select ${USER_COLUMNS} from users where id = $1`, [id]);
  return result.rows[0];
}

export async function insertUser(
  database: Queryable,
  user: { tenantId: string; login: string; fullName: string; position: string | null; passwordHash: string },
): Promise<UserRow> {
  const result = await database.query<UserRow>(
    `insert into users (tenant_id, login, full_name, position, password_hash) values ($1, $2, $3, $4, $5)
     returning ${USER_COLUMNS}`,
    [user.tenantId, normalizeLogin(user.login), user.fullName, user.position, user.passwordHash],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert into users returned no row');
  return row;
}

export async function insertUserRoles(
  database: Queryable,
  tenantId: string,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  if (roles.length === 0) return;
  await database.query(
    `insert into user_roles (tenant_id, user_id, role) select $1, $2, unnest($3::text[]) on conflict do nothing`,
    [tenantId, userId, roles],
  );
}

export async function listUserRoles(database: Queryable, userId: string): Promise<Role[]> {
  const result = await database.query<{ role: Role }>('select role from user_roles where user_id = $1 order by role', [
    userId,
  ]);
  return result.rows.map((row) => row.role);
}

export async function updateUserPassword(database: Queryable, userId: string, passwordHash: string): Promise<void> {
  await database.query(
    'update users set password_hash = $2, password_changed_at = now(), updated_at = now() where id = $1',
    [userId, passwordHash],
  );
}

export async function touchUserLogin(database: Queryable, userId: string): Promise<void> {
  await database.query('update users set last_login_at = now() where id = $1', [userId]);
}

export function normalizeLogin(login: string): string {
  return login.trim().toLowerCase();
}

export type Delegation = { absentUserIds: string[]; roles: Role[]; recipientIds: string[] };

/**
 * What a person acts for on `today` (YYYY-MM-DD in the tenant's zone): the people they substitute, those
 * people's roles, and the responsible recipients of the person and of those they substitute.
 */
export async function findDelegation(database: Queryable, userId: string, today: string): Promise<Delegation> {
  const result = await database.query<Delegation>(
    `with absent as (
       select s.absent_id as id from substitutions s
        join users u on u.id = s.absent_id
        where s.substitute_id = $1 and s.starts_on <= $2::date and s.ends_on >= $2::date and u.is_active
     )
     select
       coalesce((select array_agg(id) from absent), '{}') as "absentUserIds",
       coalesce((select array_agg(distinct r.role) from user_roles r where r.user_id in (select id from absent)), '{}') as roles,
       coalesce((select array_agg(distinct u.recipient_id) from users u
                  where u.recipient_id is not null and (u.id = $1 or u.id in (select id from absent))), '{}') as "recipientIds"`,
    [userId, today],
  );
  return result.rows[0] ?? { absentUserIds: [], roles: [], recipientIds: [] };
}
