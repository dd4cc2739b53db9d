import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildCurItems, buildFz59Items } from './rubricator-catalogue.js';

test('поставляемые рубрикаторы: 26 групп и 359 тем ЦУР с описаниями; 59-ФЗ — 5 уровней, родитель по коду', () => {
  const cur = buildCurItems();
  assert.equal(cur.filter((item) => item.level === 1).length, 26);
  const topics = cur.filter((item) => item.level === 2);
  assert.equal(topics.length, 359);
  assert.ok(topics.every((item) => item.description && item.description.length > 10));
  assert.equal(new Set(cur.map((item) => item.code)).size, cur.length);

  const fz59 = buildFz59Items();
  assert.deepEqual([...new Set(fz59.map((item) => item.level))].sort(), [1, 2, 3, 4, 5]);
  assert.equal(new Set(fz59.map((item) => item.code)).size, fz59.length);
  const byCode = new Map(fz59.map((item) => [item.code, item]));
  for (const item of fz59) {
    if (item.level === 1) {
      assert.equal(item.parentCode, null);
      continue;
    }
    const parent = byCode.get(item.parentCode ?? '');
    assert.equal(parent?.level, item.level - 1, item.code);
    // A question's code starts with its theme's first three parts.
    if (item.level === 4) assert.equal(item.code.slice(0, 14), parent?.code.slice(0, 14));
  }
  assert.equal(byCode.get('0002.0014.0143.0416')?.parentCode, '0002.0014.0143.0000');
});
