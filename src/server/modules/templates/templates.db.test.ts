import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let coordinator: TestHttpClient;

before(async () => {
  server = await startTestServer();
  coordinator = new TestHttpClient(server.url);
  await coordinator.signIn('zarechny.im', 'demo-otklik');
});
after(async () => {
  await server.stop();
});

test('шаблон с подстановками заполняется по сообщению; чаще используемые — первыми; тема — выше всех', async () => {
  const roads = await coordinator.request('POST', '/api/answer-templates', {
    json: {
      title: 'Ямочный ремонт',
      topic: 'Дороги',
      body: 'Сообщение № {{номер}} от {{дата}}: ремонт по адресу {{адрес}} включён в план. {{исполнитель}}',
    },
  });
  assert.equal(roads.status, 201, JSON.stringify(roads.body));
  const general = await coordinator.request('POST', '/api/answer-templates', {
    json: { title: 'Общий ответ', topic: null, body: 'Ваше обращение № {{номер}} принято в работу.' },
  });
  const housing = (await coordinator.request('GET', '/api/cases?pageSize=200')).body.items.find(
    (item: { category: string; address: string | null }) => item.category === 'ЖКХ' && item.address,
  );
  const rendered = await coordinator.request('POST', `/api/answer-templates/${roads.body.id}/render`, {
    json: { caseId: housing.id },
  });
  assert.equal(rendered.status, 200);
  assert.match(rendered.body.text, new RegExp(`Сообщение № ${housing.number} от \\d{2}\\.\\d{2}\\.\\d{4}`));
  assert.ok(rendered.body.text.includes(housing.address));
  for (let use = 0; use < 2; use += 1) {
    await coordinator.request('POST', `/api/answer-templates/${general.body.id}/render`, {
      json: { caseId: housing.id },
    });
  }
  const byUse = (await coordinator.request('GET', '/api/answer-templates')).body.map(
    (item: { title: string }) => item.title,
  );
  assert.deepEqual(byUse.slice(0, 2), ['Общий ответ', 'Ямочный ремонт']);
  const byTopic = (await coordinator.request('GET', '/api/answer-templates?topic=Дороги')).body.map(
    (item: { title: string }) => item.title,
  );
  assert.equal(byTopic[0], 'Ямочный ремонт');
});

test('неизвестная подстановка — 400 с полем body; глава не меняет шаблоны; чужое сообщение — 404', async () => {
  const unknown = await coordinator.request('POST', '/api/answer-templates', {
    json: { title: 'X', body: 'Срок {{срок}}' },
  });
  assert.equal(unknown.status, 400);
  assert.equal(unknown.body.error.fields[0].field, 'body');
  const head = new TestHttpClient(server.url);
  await head.signIn('zarechny.glava', 'demo-otklik');
  assert.equal((await head.request('POST', '/api/answer-templates', { json: { title: 'X', body: 'Y' } })).status, 403);
  const template = (await coordinator.request('GET', '/api/answer-templates')).body[0];
  const neighbour = new TestHttpClient(server.url);
  await neighbour.signIn('sosnovsky.mcu', 'demo-otklik');
  const foreignCase = (await neighbour.request('GET', '/api/cases?pageSize=1')).body.items[0];
  const response = await coordinator.request('POST', `/api/answer-templates/${template.id}/render`, {
    json: { caseId: foreignCase.id },
  });
  assert.equal(response.status, 404);
});
