import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase } from '../../test-support/test-database.js';
import { arrayParameter, encodeColumn, joinColumns, textArrayLiteral } from './binary-array.js';
import type { Database } from './database.js';

// Binary array parameters read by the database itself (PGlite, or the server of TEST_DATABASE_URL): what
// unnest gives back must be what was encoded.
let database: Database;

before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  await database.close();
});

async function readBack(sql: string, parameter: Buffer): Promise<unknown[]> {
  const result = await database.pool.query<{ value: unknown }>(
    `select value from unnest(${sql}) with ordinality as u(value, position) order by position`,
    [parameter],
  );
  return result.rows.map((row) => row.value);
}

test('текст: UTF-8 как есть, NULL, пустая строка, одиночный суррогат становится U+FFFD', async () => {
  const values = ['Парадная № 3, «кв. 19»\r\nвторая строка', null, '', 'эмодзи 🙂 и обрыв \ud83d.', 'x'.repeat(70_000)];
  const back = await readBack('$1::text[]', arrayParameter(encodeColumn('text', values)));
  assert.deepEqual(back, [
    'Парадная № 3, «кв. 19»\r\nвторая строка',
    null,
    '',
    'эмодзи 🙂 и обрыв \ufffd.',
    'x'.repeat(70_000),
  ]);
});

test('числа, логические, UUID в любом регистре', async () => {
  assert.deepEqual(
    await readBack('$1::int4[]', arrayParameter(encodeColumn('int4', [0, -1, 2_147_483_647, -2_147_483_648, null]))),
    [0, -1, 2_147_483_647, -2_147_483_648, null],
  );
  const floats = await readBack(
    '$1::float8[]',
    arrayParameter(encodeColumn('float8', [59.9386, -30.3141, 1e-9, null])),
  );
  assert.deepEqual(floats, [59.9386, -30.3141, 1e-9, null]);
  assert.deepEqual(await readBack('$1::bool[]', arrayParameter(encodeColumn('bool', [true, false, null]))), [
    true,
    false,
    null,
  ]);
  const ids = ['0190a6e4-7c1b-7000-8000-00000000000a', 'F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6', null];
  assert.deepEqual(await readBack('$1::uuid[]', arrayParameter(encodeColumn('uuid', ids))), [
    '0190a6e4-7c1b-7000-8000-00000000000a',
    'f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
    null,
  ]);
  assert.throws(() => encodeColumn('uuid', ['не uuid']), /not a UUID/);
  assert.throws(() => encodeColumn('int4', [1.5]), /not an int4/);
});

test('моменты времени до и после 2000 года, с миллисекундами', async () => {
  const moments = [
    new Date('2020-10-22T13:33:46.128Z'),
    new Date('1999-12-31T23:59:59.999Z'),
    new Date('1970-01-01T00:00:00.000Z'),
    new Date('2000-01-01T00:00:00.001Z'),
    null,
  ];
  const back = await readBack('$1::timestamptz[]', arrayParameter(encodeColumn('timestamptz', moments)));
  assert.deepEqual(
    back.map((value) => (value instanceof Date ? value.toISOString() : value)),
    moments.map((value) => value?.toISOString() ?? null),
  );
  assert.throws(() => encodeColumn('timestamptz', [new Date(Number.NaN)]), /invalid Date/);
});

test('jsonb, пустой массив, склейка кусков равна целому', async () => {
  const documents = ['{"text": "ответ", "b": [1, 2]}', null, '{}'];
  const back = await readBack('$1::jsonb[]', arrayParameter(encodeColumn('jsonb', documents)));
  assert.deepEqual(back, [{ text: 'ответ', b: [1, 2] }, null, {}]);
  assert.deepEqual(await readBack('$1::text[]', arrayParameter(encodeColumn('text', []))), []);

  const values = Array.from({ length: 25 }, (_, index) => (index % 7 === 3 ? null : `строка ${index}`));
  const joined = joinColumns([
    encodeColumn('text', values.slice(0, 10)),
    encodeColumn('text', []),
    encodeColumn('text', values.slice(10)),
  ]);
  assert.deepEqual(arrayParameter(joined), arrayParameter(encodeColumn('text', values)));
  assert.deepEqual(await readBack('$1::text[]', arrayParameter(joined)), values);
  assert.throws(() => joinColumns([encodeColumn('text', ['a']), encodeColumn('int4', [1])]), /different types/);
});

test('литерал массива текстов: кавычки, обратная косая, запятые и скобки', async () => {
  const tags = ['обычный', 'с "кавычками"', 'обратная \\ косая', 'a,b', '{скобки}', '', 'NULL'];
  const result = await database.pool.query<{ tags: string[] }>('select $1::text::text[] as tags', [
    textArrayLiteral(tags),
  ]);
  assert.deepEqual(result.rows[0]?.tags, tags);
  const empty = await database.pool.query<{ tags: string[] }>('select $1::text::text[] as tags', [
    textArrayLiteral([]),
  ]);
  assert.deepEqual(empty.rows[0]?.tags, []);
});
