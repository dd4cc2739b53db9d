import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

const TILES = 'https://tiles.example.org/{z}/{x}/{y}.png';
let server: TestServer;

before(async () => {
  server = await startTestServer({ OTKLIK_MAP_TILES_URL: TILES, OTKLIK_MAP_ATTRIBUTION: '© Пример' });
});
after(async () => {
  await server.stop();
});

test('every map reads the one basemap setting; its tile server is the only outside origin in the CSP', async () => {
  const anonymous = await new TestHttpClient(server.url).request('GET', '/api/map/settings');
  assert.equal(anonymous.status, 401);

  // Both the case card and analytics read this: the head (analytics) and an executor (case card) alike.
  for (const role of ['head', 'executor']) {
    const user = server.demoUsers.find((item) => item.role === role);
    assert.ok(user, `нет демо-пользователя ${role}`);
    const client = new TestHttpClient(server.url);
    await client.signIn(user.login, user.password);
    const settings = await client.request('GET', '/api/map/settings');
    assert.equal(settings.status, 200);
    assert.deepEqual(settings.body, { tilesUrl: TILES, attribution: '© Пример' });
    const csp = settings.headers.get('content-security-policy') ?? '';
    assert.match(csp, /img-src [^;]*https:\/\/tiles\.example\.org/);
    assert.match(csp, /connect-src [^;]*https:\/\/tiles\.example\.org/);
  }

  // The analytics settings no longer carry a basemap of their own.
  const head = server.demoUsers.find((item) => item.role === 'head');
  assert.ok(head);
  const client = new TestHttpClient(server.url);
  await client.signIn(head.login, head.password);
  const analytics = await client.request('GET', '/api/analytics/config');
  assert.equal(analytics.status, 200);
  assert.deepEqual(Object.keys(analytics.body), ['isSubscribed']);
});
