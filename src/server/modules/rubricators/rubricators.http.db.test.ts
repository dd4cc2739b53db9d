import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { TestHttpClient } from '../../test-support/http-client.js';
import { startTestServer, type TestServer } from '../../test-support/test-server.js';

let server: TestServer;
let manager: TestHttpClient;

before(async () => {
  server = await startTestServer();
  manager = new TestHttpClient(server.url);
  await manager.signIn('zarechny.mcu', 'demo-otklik');
});
after(async () => {
  await server.stop();
});

async function auditActions(objectId: string): Promise<string[]> {
  const result = await server.server.database.pool.query<{ action: string }>(
    'select action from audit_log where object_id = $1 order by id',
    [objectId],
  );
  return result.rows.map((row) => row.action);
}

test('темы ЦУР и классификатор 59-ФЗ загружаются; повторная загрузка ничего не добавляет; дерево листается и ищется', async () => {
  const first = await manager.request('POST', '/api/rubricators/load', { json: { rubricator: 'cur' } });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual([first.body.inserted, first.body.total], [385, 385]);
  const again = await manager.request('POST', '/api/rubricators/load', { json: { rubricator: 'cur' } });
  assert.deepEqual([again.body.inserted, again.body.rubricatorId], [0, first.body.rubricatorId]);
  const fz59 = await manager.request('POST', '/api/rubricators/load', { json: { rubricator: 'fz59' } });
  assert.equal(fz59.body.inserted, 2108);

  const list = (await manager.request('GET', '/api/rubricators')).body;
  const cur = list.find((item: { code: string }) => item.code === 'cur');
  assert.deepEqual([cur.itemCount, cur.isEditable], [385, false]);

  const top = await manager.request('GET', `/api/rubricators/${cur.id}/items`);
  assert.equal(top.body.total, 26);
  const roads = top.body.items.find((item: { name: string }) => item.name === 'ДОРОГИ');
  assert.equal(roads.childCount > 5, true, 'в группе «Дороги» есть темы');
  const children = await manager.request('GET', `/api/rubricators/${cur.id}/items?parentId=${roads.id}`);
  assert.equal(children.body.total, roads.childCount);
  assert.equal(
    children.body.items.every((item: { description: string }) => item.description.length > 0),
    true,
    'у тем есть описания',
  );
  const found = await manager.request('GET', `/api/rubricators/${fz59.body.rubricatorId}/items?q=0002.0014.0143.0416`);
  assert.equal(found.body.items[0].name, 'Качество оказания медицинской помощи взрослым в стационарных условиях');
  assert.equal(found.body.items[0].level, 4);
  const byWord = await manager.request('GET', `/api/rubricators/${cur.id}/items?q=${encodeURIComponent('ямочн')}`);
  assert.equal(byWord.body.total, 1);
  assert.equal(
    (await auditActions(first.body.rubricatorId)).filter((action) => action === 'rubricator.loaded').length,
    2,
  );
});

test('позицию поставляемого можно отключить (аудит, повторная загрузка не включает), но не переименовать', async () => {
  const cur = (await manager.request('GET', '/api/rubricators')).body.find(
    (item: { code: string }) => item.code === 'cur',
  );
  const topic = (await manager.request('GET', `/api/rubricators/${cur.id}/items?q=${encodeURIComponent('ямочн')}`)).body
    .items[0];
  const rename = await manager.request('PATCH', `/api/rubricator-items/${topic.id}`, { json: { name: 'Ямы' } });
  assert.equal(rename.status, 400);
  assert.equal(rename.body.error.fields[0].field, 'name');
  const off = await manager.request('PATCH', `/api/rubricator-items/${topic.id}`, { json: { isActive: false } });
  assert.equal(off.body.isActive, false);
  await manager.request('POST', '/api/rubricators/load', { json: { rubricator: 'cur' } });
  assert.equal((await manager.request('GET', `/api/rubricator-items/${topic.id}`)).body.isActive, false);
  const active = await manager.request(
    'GET',
    `/api/rubricators/${cur.id}/items?q=${encodeURIComponent('ямочн')}&includeInactive=false`,
  );
  assert.equal(
    active.body.items.some((item: { id: string }) => item.id === topic.id),
    false,
    'отключённая тема скрыта',
  );
  assert.deepEqual(await auditActions(topic.id), ['rubricator_item.deactivated']);
});

test('собственный рубрикатор: позиции, блок и получатель по умолчанию, соответствие коду 59-ФЗ', async () => {
  const own = await manager.request('POST', '/api/rubricators', { json: { code: 'zarechny', name: 'Темы Заречного' } });
  assert.equal(own.status, 201, JSON.stringify(own.body));
  const duplicate = await manager.request('POST', '/api/rubricators', { json: { code: 'zarechny', name: 'X' } });
  assert.equal(duplicate.status, 409);
  const badCode = await manager.request('POST', '/api/rubricators', { json: { code: 'Заречный', name: 'X' } });
  assert.equal(badCode.status, 400);
  assert.equal(badCode.body.error.fields[0].field, 'code');

  const parent = await manager.request('POST', `/api/rubricators/${own.body.id}/items`, {
    json: { name: 'Дороги', code: 'roads' },
  });
  const child = await manager.request('POST', `/api/rubricators/${own.body.id}/items`, {
    json: { name: 'Ямы во дворах', parentId: parent.body.id, description: 'Ямы на внутриквартальных проездах' },
  });
  assert.equal(child.status, 201);
  assert.equal(child.body.level, 2);
  const renamed = await manager.request('PATCH', `/api/rubricator-items/${child.body.id}`, {
    json: { name: 'Ямы во дворе' },
  });
  assert.equal(renamed.body.name, 'Ямы во дворе');

  const recipient = (await manager.request('GET', '/api/recipients')).body[0];
  assert.ok(recipient?.id, 'в демо есть получатели');
  const assigned = await manager.request('PUT', `/api/rubricator-items/${child.body.id}/assignment`, {
    json: { blockId: null, recipientId: recipient.id },
  });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  assert.equal(assigned.body.recipientName, recipient.name);
  const foreign = await manager.request('PUT', `/api/rubricator-items/${child.body.id}/assignment`, {
    json: { blockId: crypto.randomUUID(), recipientId: null },
  });
  assert.equal(foreign.status, 400);
  assert.equal(foreign.body.error.fields[0].field, 'blockId');

  const fz59 = (await manager.request('GET', '/api/rubricators')).body.find(
    (item: { code: string }) => item.code === 'fz59',
  );
  const code = (await manager.request('GET', `/api/rubricators/${fz59.id}/items?q=0003.0009.0099.0742.0110`)).body
    .items[0];
  assert.ok(code, 'код 59-ФЗ о ремонте дорог найден');
  const links = await manager.request('POST', `/api/rubricator-items/${child.body.id}/links`, {
    json: { toItemId: code.id },
  });
  assert.deepEqual(
    links.body.map((link: { code: string; direction: string }) => [link.code, link.direction]),
    [[code.code, 'to']],
  );
  const reverse = await manager.request('GET', `/api/rubricator-items/${code.id}/links`);
  assert.deepEqual(
    reverse.body.map((link: { itemId: string; direction: string }) => [link.itemId, link.direction]),
    [[child.body.id, 'from']],
  );
  const same = await manager.request('POST', `/api/rubricator-items/${child.body.id}/links`, {
    json: { toItemId: parent.body.id },
  });
  assert.equal(same.status, 400);
  const removed = await manager.request('DELETE', `/api/rubricator-items/${child.body.id}/links/${code.id}`);
  assert.deepEqual(removed.body, []);
  assert.deepEqual(await auditActions(child.body.id), [
    'rubricator_item.created',
    'rubricator_item.updated',
    'rubricator_item.assigned',
    'rubricator_item.linked',
    'rubricator_item.unlinked',
  ]);
});

test('исполнитель видит рубрикаторы, но не меняет; чужой муниципалитет не видит позиции', async () => {
  const executor = new TestHttpClient(server.url);
  await executor.signIn('zarechny.executor', 'demo-otklik');
  assert.equal((await executor.request('GET', '/api/rubricators')).status, 200);
  assert.equal((await executor.request('POST', '/api/rubricators/load', { json: { rubricator: 'cur' } })).status, 403);
  const cur = (await manager.request('GET', '/api/rubricators')).body.find(
    (item: { code: string }) => item.code === 'cur',
  );
  const neighbour = new TestHttpClient(server.url);
  await neighbour.signIn('sosnovsky.mcu', 'demo-otklik');
  assert.equal((await neighbour.request('GET', `/api/rubricators/${cur.id}/items`)).status, 404);
  const bad = await manager.request('POST', '/api/rubricators/load', { json: { rubricator: 'okved' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.fields[0].field, 'rubricator');
});
