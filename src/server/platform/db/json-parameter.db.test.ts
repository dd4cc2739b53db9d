import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase } from '../../test-support/test-database.js';
import type { Database } from './database.js';
import { toJsonParameter } from './json-parameter.js';

// A broken emoji (one half of a surrogate pair) in something a resident sent must not fail a jsonb write.
let database: Database;

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

test('toJsonParameter: одиночный суррогат — U+FFFD, пара и экранированная косая черта — как есть', async () => {
  const value = { text: 'обрыв \ud83d, целый 🙂, косая \\ud83d как текст', list: ['\udc00'] };
  const result = await database.pool.query<{ value: unknown }>('select $1::jsonb as value', [toJsonParameter(value)]);
  assert.deepEqual(result.rows[0]?.value, {
    text: 'обрыв \ufffd, целый 🙂, косая \\ud83d как текст',
    list: ['\ufffd'],
  });
  assert.equal(toJsonParameter(undefined), undefined);
});

test('объект параметром запроса (драйвер сериализует сам) с одиночным суррогатом записывается, не ошибка', async () => {
  const viaPool = await database.pool.query<{ value: unknown }>('select $1::jsonb as value', [{ comment: 'a\ud800b' }]);
  assert.deepEqual(viaPool.rows[0]?.value, { comment: 'a\ufffdb' });
  const client = await database.pool.connect();
  try {
    const viaConfig = await client.query<{ value: unknown; tags: string[] }>({
      text: 'select $1::jsonb as value, $2::text[] as tags',
      values: [{ comment: 'c\udfffd' }, ['x', 'y']],
    });
    assert.deepEqual(viaConfig.rows[0]?.value, { comment: 'c\ufffdd' });
    assert.deepEqual(viaConfig.rows[0]?.tags, ['x', 'y']);
  } finally {
    client.release();
  }
});
