import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../platform/db/database.js';
import { createTestDatabase } from '../../test-support/test-database.js';
import { createTenant } from '../organization/index.js';
import { listRubricatorItems, upsertRubricator, upsertRubricatorItems } from './index.js';

let database: Database;
let tenantId: string;

before(async () => {
  database = await createTestDatabase();
  const region = await createTenant(database, {
    slug: 'rubric-region',
    name: 'Область',
    shortName: 'Область',
    kind: 'region',
    parentSlug: null,
    timezone: 'Europe/Moscow',
  });
  const municipality = await createTenant(database, {
    slug: 'rubric-town',
    name: 'Городской округ',
    shortName: 'Округ',
    kind: 'municipality',
    parentSlug: region.slug,
    timezone: 'Europe/Moscow',
  });
  tenantId = municipality.id;
});
after(async () => {
  await database.close();
});

test('дерево рубрикатора пишется по уровням; повторная запись ничего не добавляет, а меняет названия', async () => {
  const rubricator = await upsertRubricator(database.pool, { tenantId, code: 'pos', name: 'ПОС', source: 'pos' });
  const items = [
    { code: 'roads', name: 'Дороги', parentCode: null, description: null, level: 1, sortOrder: 0 },
    { code: 'roads/pits', name: 'Ямы', parentCode: 'roads', description: 'Ямы на дорогах', level: 2, sortOrder: 0 },
    { code: 'housing', name: 'ЖКХ', parentCode: null, description: null, level: 1, sortOrder: 1 },
  ];
  assert.deepEqual(await upsertRubricatorItems(database.pool, tenantId, rubricator.id, items), { inserted: 3 });
  const renamed = items.map((item) =>
    item.code === 'housing' ? { ...item, name: 'Жилищно-коммунальное хозяйство' } : item,
  );
  assert.deepEqual(await upsertRubricatorItems(database.pool, tenantId, rubricator.id, renamed), { inserted: 0 });

  const stored = await listRubricatorItems(database.pool, tenantId, rubricator.id);
  assert.deepEqual(
    stored.map((item) => [item.code, item.name, item.level]),
    [
      ['roads', 'Дороги', 1],
      ['housing', 'Жилищно-коммунальное хозяйство', 1],
      ['roads/pits', 'Ямы', 2],
    ],
  );
  const roads = stored.find((item) => item.code === 'roads');
  assert.equal(stored.find((item) => item.code === 'roads/pits')?.parentId, roads?.id);
  const again = await upsertRubricator(database.pool, {
    tenantId,
    code: 'pos',
    name: 'ПОС (категории)',
    source: 'pos',
  });
  assert.equal(again.id, rubricator.id);
});
