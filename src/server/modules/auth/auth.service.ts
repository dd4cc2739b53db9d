import crypto from 'node:crypto';
import type { ChangePasswordInput, LoginInput, SessionResponse } from '../../../shared/contracts/auth.contract.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import { isRole } from '../../../shared/roles.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import { getDecoyHash, hashPassword, verifyPassword } from '../../platform/auth/password-hashing.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import * as organization from '../organization/index.js';
import * as repository from './auth.repository.js';

/** Sign-in throttling, counted in the database so it holds across app processes. */
export const LOGIN_LIMITS = {
  windowSeconds: 15 * 60,
  failuresPerLogin: 5,
  failuresPerAddress: 30,
} as const;

export type RequestOrigin = { ipAddress: string; userAgent: string | null; requestId: string };

export type LoginResult = SessionResponse & { sessionToken: string; expiresAt: Date };

export function hashSessionToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export async function login(
  database: Database,
  input: LoginInput,
  origin: RequestOrigin,
  sessionHours: number,
): Promise<LoginResult> {
  const normalizedLogin = input.login.trim().toLowerCase();
  const failures = await repository.countRecentFailures(
    database.pool,
    { login: normalizedLogin, ipAddress: origin.ipAddress },
    LOGIN_LIMITS.windowSeconds,
  );
  if (failures.byLogin >= LOGIN_LIMITS.failuresPerLogin || failures.byAddress >= LOGIN_LIMITS.failuresPerAddress) {
    const oldest = failures.oldestLoginFailureAt ? new Date(failures.oldestLoginFailureAt).getTime() : Date.now();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + LOGIN_LIMITS.windowSeconds * 1000 - Date.now()) / 1000));
    throw new AppError(
      'TOO_MANY_ATTEMPTS',
      `Слишком много неудачных попыток входа. Повторите через ${Math.ceil(retryAfterSeconds / 60)} мин.`,
      undefined,
      retryAfterSeconds,
    );
  }

  const user = await organization.findUserByLogin(database.pool, normalizedLogin);
  const isPasswordValid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyPassword(await getDecoyHash(), input.password).then(() => false);

  if (!user || !isPasswordValid || !user.isActive) {
    await withTransaction(database.pool, async (client) => {
      await repository.recordLoginAttempt(client, {
        login: normalizedLogin,
        ipAddress: origin.ipAddress,
        isSuccess: false,
      });
      await recordAudit(client, {
        tenantId: user?.tenantId ?? null,
        actorUserId: user?.id ?? null,
        action: 'auth.login_failed',
        details: { login: normalizedLogin, reason: !user || !isPasswordValid ? 'credentials' : 'disabled' },
        ipAddress: origin.ipAddress,
        requestId: origin.requestId,
      });
    });
    if (user && isPasswordValid && !user.isActive) {
      throw new AppError('ACCOUNT_DISABLED', 'Учётная запись отключена. Обратитесь к администратору МЦУ.');
    }
    throw new AppError('INVALID_CREDENTIALS', 'Неверный логин или пароль.');
  }

  const sessionToken = crypto.randomBytes(32).toString('base64url');
  const csrfToken = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + sessionHours * 3600_000);
  await withTransaction(database.pool, async (client) => {
    await repository.insertSession(client, {
      tokenHash: hashSessionToken(sessionToken),
      tenantId: user.tenantId,
      userId: user.id,
      csrfToken,
      expiresAt,
      ipAddress: origin.ipAddress,
      userAgent: origin.userAgent,
    });
    await repository.recordLoginAttempt(client, {
      login: normalizedLogin,
      ipAddress: origin.ipAddress,
      isSuccess: true,
    });
    await organization.touchUserLogin(client, user.id);
    await recordAudit(client, {
      tenantId: user.tenantId,
      actorUserId: user.id,
      action: 'auth.login',
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  const context = await loadAuthContext(database, user, hashSessionToken(sessionToken), csrfToken);
  return { ...presentSession(context), sessionToken, expiresAt };
}

/**
 * Resolves a session cookie into who is calling, or undefined when it is unknown, expired or the
 * account was switched off. Sliding expiry: activity extends it (written at most once a minute).
 */
export async function resolveSession(
  database: Database,
  sessionToken: string,
  sessionHours: number,
): Promise<AuthContext | undefined> {
  const tokenHash = hashSessionToken(sessionToken);
  const session = await repository.findSession(database.pool, tokenHash);
  if (!session) return undefined;
  if (new Date(session.expiresAt).getTime() <= Date.now()) {
    await repository.deleteSession(database.pool, tokenHash);
    return undefined;
  }
  const user = await organization.findUserById(database.pool, session.userId);
  if (!user?.isActive) return undefined;
  if (Date.now() - new Date(session.lastSeenAt).getTime() > 60_000) {
    await repository.extendSession(database.pool, tokenHash, new Date(Date.now() + sessionHours * 3600_000));
  }
  return loadAuthContext(database, user, tokenHash, session.csrfToken);
}

async function loadAuthContext(
  database: Database,
  user: organization.UserRow,
  tokenHash: string,
  csrfToken: string,
): Promise<AuthContext> {
  const tenant = await organization.findTenantById(database.pool, user.tenantId);
  if (!tenant) throw new Error(`tenant ${user.tenantId} of user ${user.id} is missing`);
  const ownRoles = (await organization.listUserRoles(database.pool, user.id)).filter(isRole);
  const today = formatLocalDate(new Date(), tenant.timezone);
  const delegation = await organization.findDelegation(database.pool, user.id, today);
  const roles = [...new Set([...ownRoles, ...delegation.roles.filter(isRole)])];
  return {
    userId: user.id,
    login: user.login ?? '',
    fullName: user.fullName,
    roles,
    ownRoles,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, kind: tenant.kind, timezone: tenant.timezone },
    visibleTenantIds: await organization.resolveVisibleTenantIds(database, tenant),
    actingForUserIds: [user.id, ...delegation.absentUserIds],
    recipientIds: delegation.recipientIds,
    sessionTokenHash: tokenHash,
    csrfToken,
  };
}

export function presentSession(context: AuthContext): SessionResponse {
  return {
    user: {
      id: context.userId,
      login: context.login,
      fullName: context.fullName,
      roles: context.roles,
      tenant: context.tenant,
    },
    csrfToken: context.csrfToken,
  };
}

export async function logout(database: Database, context: AuthContext, origin: RequestOrigin): Promise<void> {
  await withTransaction(database.pool, async (client) => {
    await repository.deleteSession(client, context.sessionTokenHash);
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: context.userId,
      action: 'auth.logout',
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
}

/** Changes the password after checking the current one; other sessions of the user are signed out. */
export async function changePassword(
  database: Database,
  context: AuthContext,
  input: ChangePasswordInput,
  origin: RequestOrigin,
): Promise<void> {
  const user = await organization.findUserById(database.pool, context.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError('WRONG_PASSWORD', 'Текущий пароль указан неверно.', [
      { field: 'currentPassword', message: 'Неверный пароль' },
    ]);
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError('VALIDATION_FAILED', 'Новый пароль совпадает с текущим.', [
      { field: 'newPassword', message: 'Должен отличаться от текущего' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(database.pool, async (client) => {
    await organization.updateUserPassword(client, user.id, passwordHash);
    const signedOut = await repository.deleteOtherSessions(client, user.id, context.sessionTokenHash);
    await recordAudit(client, {
      tenantId: context.tenant.id,
      actorUserId: user.id,
      action: 'auth.password_changed',
      objectType: 'user',
      objectId: user.id,
      details: { otherSessionsClosed: signedOut },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
}

/** Housekeeping job: expired sessions and sign-in attempts older than 30 days. */
export async function purgeExpiredAuthData(database: Database): Promise<{ sessions: number; attempts: number }> {
  const sessions = await repository.deleteExpiredSessions(database.pool);
  const attempts = await repository.deleteOldLoginAttempts(database.pool, 30);
  return { sessions, attempts };
}
