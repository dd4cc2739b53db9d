import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOrderedUuidGenerator } from './ordered-uuid.js';

describe('упорядоченные по времени UUID (версия 7)', () => {
  test('формат UUID версии 7 и варианта RFC; возрастают и внутри одной миллисекунды, и через переполнение счётчика', () => {
    let clock = Date.UTC(2026, 11, 6, 12, 0, 0);
    const next = createOrderedUuidGenerator(() => clock);
    const ids: string[] = [];
    for (let index = 0; index < 10_000; index += 1) {
      if (index % 3000 === 2999) clock -= 5; // the clock going back does not break the order
      ids.push(next());
    }
    clock += 10_000;
    ids.push(next());
    for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Set(ids).size, ids.length);
    for (let index = 1; index < ids.length; index += 1) {
      assert.ok((ids[index - 1] ?? '') < (ids[index] ?? ''), `${ids[index - 1]} < ${ids[index]}`);
    }
    assert.equal(Number.parseInt((ids[0] ?? '').replace(/-/g, '').slice(0, 12), 16), Date.UTC(2026, 11, 6, 12, 0, 0));
  });
});
