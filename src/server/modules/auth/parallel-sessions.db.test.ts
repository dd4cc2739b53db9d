import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

// Several people at once: sign-ins and reads of different sessions run in parallel over the pool. On the
// embedded database this once mixed the protocol messages of two connections (500s, foreign sessions).
let server: TestServer;

before(async () => {
  server = await startTestServer();
});
after(async () => {
  await server.stop();
});

test('параллельные входы и запросы разных сотрудников не мешают друг другу', async () => {
  const logins = [
    'zarechny.mcu',
    'zarechny.im',
    'zarechny.pos',
    'zarechny.glava',
    'zarechny.executor',
    'zarechny.admin',
  ];
  const clients = logins.map(() => new TestHttpClient(server.url));
  const signIns = await Promise.allSettled(
    clients.map((client, index) => client.signIn(logins[index] ?? '', 'demo-otklik')),
  );
  const failures = signIns.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
  for (let round = 0; round < 5; round += 1) {
    const answers = await Promise.all(clients.map((client) => client.request('GET', '/api/auth/me')));
    answers.forEach((answer, index) => {
      if (answer.status !== 200) failures.push(`${logins[index]}: ${answer.status}`);
      else if (answer.body.user?.login !== logins[index])
        failures.push(`${logins[index]}: чужая сессия ${answer.body.user?.login}`);
    });
  }
  assert.deepEqual(failures, []);
});
