import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
const adminOf = () => {
  const account = server.demoUsers.find((user) => user.role === 'admin');
  assert.ok(account);
  return account;
};

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

describe('вход в систему', () => {
  test('верный пароль: HttpOnly SameSite cookie, пользователь и CSRF-токен', async () => {
    const account = adminOf();
    const response = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: account.login, password: account.password }),
    });
    assert.equal(response.status, 200);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('otklik_session='));
    assert.ok(cookie, 'cookie сессии поставлена');
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
    const body = (await response.json()) as { user: { login: string; roles: string[] }; csrfToken: string };
    assert.equal(body.user.login, account.login);
    assert.deepEqual(body.user.roles, ['admin']);
    assert.ok(body.csrfToken.length >= 20);
  });

  test('неверный пароль и неизвестный логин отвечают одинаково: 401 INVALID_CREDENTIALS', async () => {
    const client = new TestHttpClient(server.url);
    const wrong = await client.request('POST', '/api/auth/login', {
      json: { login: adminOf().login, password: 'x'.repeat(12) },
    });
    const unknown = await client.request('POST', '/api/auth/login', {
      json: { login: 'nobody.here', password: 'x'.repeat(12) },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(wrong.body.error.code, 'INVALID_CREDENTIALS');
    assert.equal(wrong.body.error.message, unknown.body.error.message);
    assert.equal(client.hasSessionCookie, false);
  });

  test('пустое тело и лишние типы: 400 с названием поля, не 500', async () => {
    const client = new TestHttpClient(server.url);
    const empty = await client.request('POST', '/api/auth/login', { json: { login: '', password: 'secret' } });
    assert.equal(empty.status, 400);
    assert.equal(empty.body.error.code, 'VALIDATION_FAILED');
    assert.ok(empty.body.error.fields.some((field: { field: string }) => field.field === 'login'));
    assert.match(empty.body.error.message, /login/);

    const notJson = await client.request('POST', '/api/auth/login', {
      headers: { 'content-type': 'application/json' },
      json: undefined,
    });
    assert.ok(notJson.status >= 400 && notJson.status < 500, `статус ${notJson.status}`);

    const broken = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"login": ',
    });
    assert.equal(broken.status, 400);
    const brokenBody = (await broken.json()) as { error: { code: string; message: string } };
    assert.equal(brokenBody.error.code, 'VALIDATION_FAILED');
    assert.match(brokenBody.error.message, /JSON/);
  });

  test('после 5 неудачных попыток логин блокируется (429 с Retry-After), даже с верным паролем', async () => {
    const account = server.demoUsers.find((user) => user.role === 'head');
    assert.ok(account);
    const client = new TestHttpClient(server.url);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await client.request('POST', '/api/auth/login', {
        json: { login: account.login, password: `wrong-password-${attempt}` },
      });
      assert.equal(response.status, 401);
    }
    const blocked = await client.request('POST', '/api/auth/login', {
      json: { login: account.login, password: account.password },
    });
    assert.equal(blocked.status, 429);
    assert.equal(blocked.body.error.code, 'TOO_MANY_ATTEMPTS');
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
  });
});

describe('сессия, CSRF, выход и смена пароля', () => {
  test('без входа — 401; после входа /api/auth/me отдаёт пользователя', async () => {
    const client = new TestHttpClient(server.url);
    assert.equal((await client.request('GET', '/api/auth/me')).status, 401);
    await client.signIn(adminOf().login, adminOf().password);
    const me = await client.request('GET', '/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.tenant.kind, 'municipality');
    assert.equal(me.body.csrfToken, client.csrfToken);
  });

  test('изменяющий запрос без CSRF-токена отклоняется (403), с токеном проходит', async () => {
    const client = new TestHttpClient(server.url);
    await client.signIn(adminOf().login, adminOf().password);
    const withoutToken = await client.request('POST', '/api/auth/logout', { withCsrf: false });
    assert.equal(withoutToken.status, 403);
    assert.equal(withoutToken.body.error.code, 'CSRF_TOKEN_INVALID');
    const wrongToken = await client.request('POST', '/api/auth/logout', {
      withCsrf: false,
      headers: { 'x-csrf-token': 'not-the-token' },
    });
    assert.equal(wrongToken.status, 403);
    assert.equal((await client.request('GET', '/api/auth/me')).status, 200, 'сессия жива');
    const logout = await client.request('POST', '/api/auth/logout');
    assert.equal(logout.status, 204);
  });

  test('выход закрывает сессию на сервере: копия старой cookie больше не действует', async () => {
    const client = new TestHttpClient(server.url);
    await client.signIn(adminOf().login, adminOf().password);
    const copy = Object.assign(Object.create(Object.getPrototypeOf(client)), client) as TestHttpClient;
    assert.equal((await copy.request('GET', '/api/auth/me')).status, 200);
    assert.equal((await client.request('POST', '/api/auth/logout')).status, 204);
    assert.equal((await copy.request('GET', '/api/auth/me')).status, 401);
  });

  test('смена пароля: проверка текущего, длина нового, другие сессии закрываются, старый пароль не работает', async () => {
    const account = server.demoUsers.find((user) => user.role === 'coordinator_pos');
    assert.ok(account);
    const first = new TestHttpClient(server.url);
    const second = new TestHttpClient(server.url);
    await first.signIn(account.login, account.password);
    await second.signIn(account.login, account.password);

    const wrongCurrent = await first.request('POST', '/api/auth/password', {
      json: { currentPassword: 'not-my-password', newPassword: 'новый-пароль-2026' },
    });
    assert.equal(wrongCurrent.status, 400);
    assert.equal(wrongCurrent.body.error.code, 'WRONG_PASSWORD');

    const tooShort = await first.request('POST', '/api/auth/password', {
      json: { currentPassword: account.password, newPassword: 'short' },
    });
    assert.equal(tooShort.status, 400);
    assert.equal(tooShort.body.error.fields[0].field, 'newPassword');

    const changed = await first.request('POST', '/api/auth/password', {
      json: { currentPassword: account.password, newPassword: 'новый-пароль-2026' },
    });
    assert.equal(changed.status, 204);
    assert.equal((await first.request('GET', '/api/auth/me')).status, 200, 'своя сессия остаётся');
    assert.equal((await second.request('GET', '/api/auth/me')).status, 401, 'другая сессия закрыта');

    const oldPassword = await new TestHttpClient(server.url).request('POST', '/api/auth/login', {
      json: { login: account.login, password: account.password },
    });
    assert.equal(oldPassword.status, 401);
    await new TestHttpClient(server.url).signIn(account.login, 'новый-пароль-2026');
  });

  test('вход, выход и смена пароля попадают в журнал аудита', async () => {
    const result = await server.server.database.pool.query<{ action: string }>(
      "select distinct action from audit_log where action like 'auth.%' order by action",
    );
    const actions = result.rows.map((row) => row.action);
    for (const action of ['auth.login', 'auth.login_failed', 'auth.logout', 'auth.password_changed']) {
      assert.ok(actions.includes(action), `нет ${action} в ${actions.join(', ')}`);
    }
  });

  test('хеш пароля — argon2id', async () => {
    const result = await server.server.database.pool.query<{ hash: string }>(
      'select password_hash as hash from users limit 1',
    );
    assert.match(result.rows[0]?.hash ?? '', /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
