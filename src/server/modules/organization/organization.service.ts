import { REGION_ROLES, ROLE_TITLES, ROLES, type Role } from '../../../shared/roles.js';
import { recordAudit } from '../../platform/audit.js';
import { hashPassword } from '../../platform/auth/password-hashing.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { TenantRow, UserRow } from './organization.repository.js';
import * as repository from './organization.repository.js';

const LOGIN_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export type CreateUserInput = {
  tenantSlug: string;
  login: string;
  password: string;
  fullName: string;
  position?: string | null;
  roles: string[];
  actorUserId?: string | null;
};

/** Creates an account with argon2id password and roles, in one transaction with its audit row. */
export async function createUser(database: Database, input: CreateUserInput): Promise<UserRow> {
  const login = repository.normalizeLogin(input.login);
  if (!LOGIN_PATTERN.test(login)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Логин: 2–63 символа, латинские буквы, цифры, точка, дефис, подчёркивание.',
      [{ field: 'login', message: 'Латинские буквы, цифры, «.», «-», «_»; от 2 до 63 символов' }],
    );
  }
  if (input.password.length < 10) {
    throw new AppError('VALIDATION_FAILED', 'Пароль должен быть не короче 10 символов.', [
      { field: 'password', message: 'Не короче 10 символов' },
    ]);
  }
  const unknownRoles = input.roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (input.roles.length === 0 || unknownRoles.length > 0) {
    throw new AppError(
      'ROLE_NOT_ALLOWED',
      `Неизвестная роль: ${unknownRoles.join(', ') || '(не указана)'}. Допустимые роли: ${ROLES.join(', ')}.`,
      [{ field: 'role', message: 'Неизвестная роль' }],
    );
  }
  const roles = input.roles as Role[];
  const tenant = await repository.findTenantBySlug(database.pool, input.tenantSlug);
  if (!tenant) {
    throw new AppError('TENANT_NOT_FOUND', `Муниципалитет или регион «${input.tenantSlug}» не найден.`, [
      { field: 'tenant', message: 'Нет такого кода (slug)' },
    ]);
  }
  assertRolesFitTenant(tenant, roles);
  const passwordHash = await hashPassword(input.password);
  try {
    return await withTransaction(database.pool, async (client) => {
      const user = await repository.insertUser(client, {
        tenantId: tenant.id,
        login,
        fullName: input.fullName,
        position: input.position ?? null,
        passwordHash,
      });
      await repository.insertUserRoles(client, tenant.id, user.id, roles);
      await recordAudit(client, {
        tenantId: tenant.id,
        actorUserId: input.actorUserId ?? null,
        action: 'user.created',
        objectType: 'user',
        objectId: user.id,
        details: { login, roles },
      });
      return user;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AppError('LOGIN_TAKEN', `Логин «${login}» уже занят.`, [{ field: 'login', message: 'Уже занят' }]);
    }
    throw error;
  }
}

function assertRolesFitTenant(tenant: TenantRow, roles: Role[]): void {
  const misplaced = roles.filter((role) =>
    tenant.kind === 'region' ? !REGION_ROLES.includes(role) : role === 'cur_curator',
  );
  if (misplaced.length > 0) {
    const where = tenant.kind === 'region' ? 'региона (ЦУР)' : 'муниципалитета (МЦУ)';
    throw new AppError(
      'ROLE_NOT_ALLOWED',
      `Роль «${misplaced.map((role) => ROLE_TITLES[role]).join('», «')}» не назначается пользователю ${where}.`,
      [{ field: 'role', message: 'Роль не подходит для этого уровня' }],
    );
  }
}

/** The tenants a user of `tenant` may read: itself, and for a region every municipality under it. */
export async function resolveVisibleTenantIds(database: Database, tenant: TenantRow): Promise<string[]> {
  if (tenant.kind === 'municipality') return [tenant.id];
  return repository.listChildTenantIds(database.pool, tenant.id);
}

export type CreateTenantInput = {
  slug: string;
  name: string;
  shortName: string;
  kind: 'region' | 'municipality';
  parentSlug: string | null;
  timezone: string;
};

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** Creates a region (ЦУР) or a municipality (МЦУ) under a region. */
export async function createTenant(database: Database, input: CreateTenantInput): Promise<TenantRow> {
  if (!SLUG_PATTERN.test(input.slug)) {
    throw new AppError('VALIDATION_FAILED', 'Код: латинские строчные буквы, цифры и дефис, 2–63 символа.', [
      { field: 'slug', message: 'Латинские строчные буквы, цифры, дефис' },
    ]);
  }
  if (!isKnownTimezone(input.timezone)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Неизвестный часовой пояс «${input.timezone}» (пример: Asia/Novokuznetsk).`,
      [{ field: 'timezone', message: 'Ожидается зона IANA' }],
    );
  }
  let parentId: string | null = null;
  if (input.parentSlug) {
    const parent = await repository.findTenantBySlug(database.pool, input.parentSlug);
    if (parent?.kind !== 'region') {
      throw new AppError('TENANT_NOT_FOUND', `Регион «${input.parentSlug}» не найден.`, [
        { field: 'parent', message: 'Нет такого региона' },
      ]);
    }
    parentId = parent.id;
  }
  if (input.kind === 'region' && parentId) {
    throw new AppError('VALIDATION_FAILED', 'Регион не может входить в другой регион.', [
      { field: 'parent', message: 'Не указывается для региона' },
    ]);
  }
  try {
    return await withTransaction(database.pool, async (client) => {
      const tenant = await repository.insertTenant(client, {
        parentId,
        kind: input.kind,
        slug: input.slug,
        name: input.name,
        shortName: input.shortName,
        timezone: input.timezone,
      });
      await recordAudit(client, {
        tenantId: tenant.id,
        actorUserId: null,
        action: 'tenant.created',
        objectType: 'tenant',
        objectId: tenant.id,
        details: { slug: tenant.slug, kind: tenant.kind },
      });
      return tenant;
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new AppError('CONFLICT', `Код «${input.slug}» уже занят.`, [{ field: 'slug', message: 'Уже занят' }]);
    }
    throw error;
  }
}

function isKnownTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('ru', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}
