import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from './database.js';
import { openMemoryDatabase } from './database.js';

// Several pooled connections share one PGlite through the socket. The extended protocol sends a query as
// Parse/Bind/Execute/Sync messages; those of two connections must never interleave (they share PGlite's
// unnamed statement), or one request's parameters meet another's statement.
let database: Database;

before(async () => {
  database = await openMemoryDatabase();
});
after(async () => {
  await database.close();
});

test('параллельные запросы с параметрами через сокет встроенной базы не смешиваются', async () => {
  const queries = Array.from({ length: 2000 }, (_, index) => {
    const width = (index % 4) + 1;
    const parameters = Array.from({ length: width }, (_, position) => `${index}-${position}`);
    const columns = parameters.map((_, position) => `$${position + 1}::text as c${position}`).join(', ');
    return database.pool
      .query<Record<string, string>>(
        `select ${columns}, (select count(*) from generate_series(1, ${(index % 7) * 3000})) as work`,
        parameters,
      )
      .then((result) => ({ parameters, row: result.rows[0] }));
  });
  const results = await Promise.all(queries);
  for (const { parameters, row } of results) {
    const { work: _work, ...values } = row ?? {};
    assert.deepEqual(Object.values(values), parameters);
  }
});
