import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

// Every route in the OpenAPI document, fed garbage as an anonymous and as a signed-in caller:
// the answer is never a 5xx, and every 4xx carries the one error body (Open311: the specification's error list).
let server: TestServer;
let routes: Array<{ method: string; path: string }> = [];

before(async () => {
  server = await startTestServer();
  const document = (await (await fetch(`${server.url}/api/docs/json`)).json()) as {
    paths: Record<string, Record<string, unknown>>;
  };
  routes = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  );
  assert.ok(routes.length >= 7, `маршрутов: ${routes.length}`);
});
after(async () => {
  await server.stop();
});

const garbageText = fc.oneof(fc.string(), fc.constantFrom('', '%', '../../etc/passwd', "' or 1=1 --", 'ё'.repeat(300)));

test('мусор на входе любого маршрута: никогда 5xx, ошибки — в общей модели', async () => {
  const admin = server.demoUsers.find((user) => user.role === 'manager');
  assert.ok(admin);
  const signedIn = new TestHttpClient(server.url);
  await signedIn.signIn(admin.login, admin.password);
  const anonymous = new TestHttpClient(server.url);

  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...routes),
      fc.boolean(),
      garbageText,
      fc.dictionary(
        fc.constantFrom('page', 'pageSize', 'channel', 'status', 'q', 'tenantId', 'isOverdue', 'x'),
        garbageText,
      ),
      fc.anything(),
      async (route, isSignedIn, idValue, query, body) => {
        if (route.path === '/api/auth/logout' || route.path === '/api/auth/password') return; // would end the shared session
        if (route.path.endsWith('/stream')) return; // a live event stream answers and stays open by design
        const client = isSignedIn ? signedIn : anonymous;
        const path = route.path.replace('{id}', encodeURIComponent(idValue || 'x'));
        const search = new URLSearchParams(query).toString();
        const response = await client.request(route.method, `${path}${search ? `?${search}` : ''}`, {
          ...(route.method === 'GET' ? {} : { json: body ?? null }),
          timeoutMs: 15_000,
        });
        assert.ok(
          response.status < 500,
          `${route.method} ${path}?${search} → ${response.status} ${JSON.stringify(response.body)}`,
        );
        if (response.status >= 400 && route.path.startsWith('/open311/')) {
          // Open311 clients get the GeoReport v2 error list (docs/open311.md), in XML or JSON as asked.
          const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
          assert.match(
            text,
            route.path.endsWith('.xml')
              ? /<errors><error><code>\d+<\/code><description>/
              : /"code":\d+,"description":"/,
            `${route.method} ${path}: ${text}`,
          );
        } else if (response.status >= 400 && route.path !== '/metrics') {
          assert.equal(
            typeof response.body?.error?.code,
            'string',
            `${route.method} ${path}: ${JSON.stringify(response.body)}`,
          );
          assert.equal(typeof response.body?.error?.message, 'string');
        }
      },
    ),
    { numRuns: 300 },
  );
});
