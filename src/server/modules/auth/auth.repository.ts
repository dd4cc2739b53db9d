import type { Queryable } from '../../platform/audit.js';

export type SessionRow = {
  tokenHash: string;
  tenantId: string;
  userId: string;
  csrfToken: string;
  lastSeenAt: Date;
  expiresAt: Date;
};

export async function insertSession(
  database: Queryable,
  session: Omit<SessionRow, 'lastSeenAt'> & { ipAddress: string | null; userAgent: string | null },
): Promise<void> {
  await database.query(
    `insert into sessions (token_hash, tenant_id, user_id, csrf_token, ip_address, user_agent, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      session.tokenHash,
      session.tenantId,
      session.userId,
      session.csrfToken,
      session.ipAddress,
      session.userAgent,
      session.expiresAt,
    ],
  );
}

export async function findSession(database: Queryable, tokenHash: string): Promise<SessionRow | undefined> {
  const result = await database.query<SessionRow>(
    `select token_hash as "tokenHash", tenant_id as "tenantId", user_id as "userId", csrf_token as "csrfToken",
            last_seen_at as "lastSeenAt", expires_at as "expiresAt"
       from sessions where token_hash = $1`,
    [tokenHash],
  );
  return result.rows[0];
}

export async function extendSession(database: Queryable, tokenHash: string, expiresAt: Date): Promise<void> {
  await database.query('update sessions set last_seen_at = now(), expires_at = $2 where token_hash = $1', [
    tokenHash,
    expiresAt,
  ]);
}

export async function deleteSession(database: Queryable, tokenHash: string): Promise<void> {
  await database.query('delete from sessions where token_hash = $1', [tokenHash]);
}

export async function deleteOtherSessions(database: Queryable, userId: string, keepTokenHash: string): Promise<number> {
  const result = await database.query('delete from sessions where user_id = $1 and token_hash <> $2', [
    userId,
    keepTokenHash,
  ]);
  return result.rowCount ?? 0;
}

export async function deleteExpiredSessions(database: Queryable): Promise<number> {
  const result = await database.query('delete from sessions where expires_at < now()');
  return result.rowCount ?? 0;
}

export async function recordLoginAttempt(
  database: Queryable,
  attempt: { login: string; ipAddress: string; isSuccess: boolean },
): Promise<void> {
  await database.query('insert into login_attempts (login, ip_address, is_success) values ($1, $2, $3)', [
    attempt.login,
    attempt.ipAddress,
    attempt.isSuccess,
  ]);
}

/** Failures since the last success for this login (and for this address) within the window. */
export async function countRecentFailures(
  database: Queryable,
  key: { login: string; ipAddress: string },
  windowSeconds: number,
): Promise<{ byLogin: number; byAddress: number; oldestLoginFailureAt: Date | null }> {
  const result = await database.query<{ byLogin: number; byAddress: number; oldestLoginFailureAt: Date | null }>(
    `with recent as (
       select login, ip_address, is_success, attempted_at from login_attempts
        where attempted_at > now() - make_interval(secs => $3) and (login = $1 or ip_address = $2)
     ),
     last_login_success as (
       select max(attempted_at) as at from recent where login = $1 and is_success
     )
     select
       (select count(*)::int from recent, last_login_success
         where login = $1 and not is_success and (last_login_success.at is null or attempted_at > last_login_success.at)) as "byLogin",
       (select count(*)::int from recent where ip_address = $2 and not is_success) as "byAddress",
       (select min(attempted_at) from recent, last_login_success
         where login = $1 and not is_success and (last_login_success.at is null or attempted_at > last_login_success.at)) as "oldestLoginFailureAt"`,
    [key.login, key.ipAddress, windowSeconds],
  );
  return result.rows[0] ?? { byLogin: 0, byAddress: 0, oldestLoginFailureAt: null };
}

export async function deleteOldLoginAttempts(database: Queryable, olderThanDays: number): Promise<number> {
  const result = await database.query(
    'delete from login_attempts where attempted_at < now() - make_interval(days => $1)',
    [olderThanDays],
  );
  return result.rowCount ?? 0;
}
