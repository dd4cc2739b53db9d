import {
  type CreateRubricatorInput,
  type CreateRubricatorItemInput,
  type ItemAssignmentInput,
  type LoadRubricatorResult,
  RUBRICATOR_SOURCES,
  type Rubricator,
  type RubricatorItem,
  type RubricatorItemLink,
  type RubricatorItemList,
  type RubricatorItemQuery,
  SHIPPED_RUBRICATORS,
  type ShippedRubricator,
  type UpdateRubricatorItemInput,
} from '../../../shared/contracts/rubricators.contract.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { buildShippedItems, SHIPPED_RUBRICATOR_NAMES } from './rubricator-catalogue.js';
import * as management from './rubricator-management.repository.js';
import { upsertRubricator, upsertRubricatorItems } from './rubricators.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };
type Actor = { userId: string | null; origin: RequestOrigin | null };

function municipalityOf(context: AuthContext, permission: Permission): string {
  if (!hasPermission(context.roles, permission)) throw forbidden();
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Рубрикаторы ведёт муниципалитет.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return context.tenant.id;
}

const isShipped = (source: string) => (SHIPPED_RUBRICATORS as readonly string[]).includes(source);

function presentRubricator(record: management.RubricatorSummaryRecord): Rubricator {
  const source = (RUBRICATOR_SOURCES as readonly string[]).includes(record.source)
    ? (record.source as Rubricator['source'])
    : 'import';
  return { ...record, source, isEditable: !isShipped(record.source) };
}

/**
 * Writes a shipped rubricator (ЦУР themes or the 59-ФЗ classifier) into a tenant. Idempotent: a second load
 * inserts nothing; items switched off by the tenant stay off; names and descriptions follow the shipped data.
 */
export async function loadShippedRubricator(
  database: Database,
  tenantId: string,
  rubricator: ShippedRubricator,
  actor: Actor,
): Promise<LoadRubricatorResult> {
  const items = buildShippedItems(rubricator);
  return withTransaction(database.pool, async (client) => {
    const stored = await upsertRubricator(client, {
      tenantId,
      code: rubricator,
      name: SHIPPED_RUBRICATOR_NAMES[rubricator],
      source: rubricator,
    });
    const { inserted } = await upsertRubricatorItems(client, tenantId, stored.id, items);
    await recordAudit(client, {
      tenantId,
      actorUserId: actor.userId,
      action: 'rubricator.loaded',
      objectType: 'rubricator',
      objectId: stored.id,
      details: { rubricator, inserted, total: items.length },
      ipAddress: actor.origin?.ipAddress ?? null,
      requestId: actor.origin?.requestId ?? null,
    });
    return { rubricatorId: stored.id, inserted, total: items.length };
  });
}

export async function loadShippedRubricatorForContext(
  database: Database,
  context: AuthContext,
  rubricator: ShippedRubricator,
  origin: RequestOrigin,
): Promise<LoadRubricatorResult> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  return loadShippedRubricator(database, tenantId, rubricator, { userId: context.userId, origin });
}

export async function listRubricators(database: Database, context: AuthContext): Promise<Rubricator[]> {
  const tenantId = municipalityOf(context, 'rubricators.read');
  return (await management.listRubricatorSummaries(database.pool, tenantId)).map(presentRubricator);
}

export async function createRubricator(
  database: Database,
  context: AuthContext,
  input: CreateRubricatorInput,
  origin: RequestOrigin,
): Promise<Rubricator> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  if (isShipped(input.code) || ['pos', 'im'].includes(input.code)) {
    throw new AppError('VALIDATION_FAILED', `Код «${input.code}» занят поставляемым или канальным рубрикатором.`, [
      { field: 'code', message: 'Выберите другой код' },
    ]);
  }
  const existing = (await management.listRubricatorSummaries(database.pool, tenantId)).find(
    (item) => item.code === input.code,
  );
  if (existing) {
    throw new AppError('CONFLICT', `Рубрикатор с кодом «${input.code}» уже есть.`, [
      { field: 'code', message: 'Уже есть' },
    ]);
  }
  const id = await withTransaction(database.pool, async (client) => {
    const created = await upsertRubricator(client, { tenantId, code: input.code, name: input.name, source: 'own' });
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'rubricator.created',
      objectType: 'rubricator',
      objectId: created.id,
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return created.id;
  });
  const created = await management.findRubricator(database.pool, tenantId, id);
  if (!created) throw notFound();
  return presentRubricator(created);
}

async function requireRubricator(database: Queryable, tenantId: string, id: string) {
  const rubricator = await management.findRubricator(database, tenantId, id);
  if (!rubricator) throw notFound('Рубрикатор не найден.');
  return rubricator;
}

async function requireItem(database: Queryable, tenantId: string, id: string, field = 'id') {
  const item = await management.findItem(database, tenantId, id);
  if (!item) {
    throw new AppError('NOT_FOUND', 'Позиция рубрикатора не найдена.', [{ field, message: 'Нет такой позиции' }]);
  }
  return item;
}

export async function listItems(
  database: Database,
  context: AuthContext,
  rubricatorId: string,
  query: RubricatorItemQuery,
): Promise<RubricatorItemList> {
  const tenantId = municipalityOf(context, 'rubricators.read');
  await requireRubricator(database.pool, tenantId, rubricatorId);
  const { rows, total } = await management.searchItems(
    database.pool,
    tenantId,
    rubricatorId,
    {
      ...(query.parentId ? { parentId: query.parentId } : {}),
      ...(query.q ? { search: query.q } : {}),
      includeInactive: query.includeInactive !== 'false',
    },
    { limit: query.pageSize, offset: (query.page - 1) * query.pageSize },
  );
  return { items: rows, total };
}

export async function getItem(database: Database, context: AuthContext, itemId: string): Promise<RubricatorItem> {
  const tenantId = municipalityOf(context, 'rubricators.read');
  return requireItem(database.pool, tenantId, itemId);
}

export async function createItem(
  database: Database,
  context: AuthContext,
  rubricatorId: string,
  input: CreateRubricatorItemInput,
  origin: RequestOrigin,
): Promise<RubricatorItem> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  const rubricator = await requireRubricator(database.pool, tenantId, rubricatorId);
  if (isShipped(rubricator.source)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'В поставляемый рубрикатор позиции не добавляются: создайте собственный рубрикатор и свяжите его позиции с поставляемыми.',
      [{ field: 'rubricatorId', message: 'Поставляемый рубрикатор' }],
    );
  }
  const parent = input.parentId ? await requireItem(database.pool, tenantId, input.parentId, 'parentId') : undefined;
  if (parent && parent.rubricatorId !== rubricatorId) {
    throw new AppError('VALIDATION_FAILED', 'Родительская позиция из другого рубрикатора.', [
      { field: 'parentId', message: 'Другой рубрикатор' },
    ]);
  }
  const code = input.code ?? `own-${crypto.randomUUID().slice(0, 8)}`;
  if ((await management.countItemsWithCode(database.pool, tenantId, rubricatorId, code)) > 0) {
    throw new AppError('CONFLICT', `Позиция с кодом «${code}» в этом рубрикаторе уже есть.`, [
      { field: 'code', message: 'Уже есть' },
    ]);
  }
  const id = await withTransaction(database.pool, async (client) => {
    const created = await management.insertItem(client, {
      tenantId,
      rubricatorId,
      parentId: parent?.id ?? null,
      code,
      name: input.name,
      description: input.description ?? null,
      level: parent ? parent.level + 1 : 1,
    });
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'rubricator_item.created',
      objectType: 'rubricator_item',
      objectId: created,
      after: {
        rubricatorId,
        parentId: parent?.id ?? null,
        code,
        name: input.name,
        description: input.description ?? null,
      },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
    return created;
  });
  return requireItem(database.pool, tenantId, id);
}

export async function updateItem(
  database: Database,
  context: AuthContext,
  itemId: string,
  input: UpdateRubricatorItemInput,
  origin: RequestOrigin,
): Promise<RubricatorItem> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  const before = await requireItem(database.pool, tenantId, itemId);
  const rubricator = await requireRubricator(database.pool, tenantId, before.rubricatorId);
  const isRenaming =
    (input.name !== undefined && input.name !== before.name) ||
    (input.description !== undefined && input.description !== before.description);
  if (isRenaming && isShipped(rubricator.source)) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Названия и описания поставляемого рубрикатора не меняются; позицию можно отключить.',
      [{ field: input.name !== undefined ? 'name' : 'description', message: 'Поставляемые данные' }],
    );
  }
  const after = {
    name: input.name ?? before.name,
    description: input.description === undefined ? before.description : input.description,
    isActive: input.isActive ?? before.isActive,
  };
  await withTransaction(database.pool, async (client) => {
    await management.updateItem(client, tenantId, itemId, after);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action:
        after.isActive === before.isActive
          ? 'rubricator_item.updated'
          : after.isActive
            ? 'rubricator_item.activated'
            : 'rubricator_item.deactivated',
      objectType: 'rubricator_item',
      objectId: itemId,
      before: { name: before.name, description: before.description, isActive: before.isActive },
      after,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return requireItem(database.pool, tenantId, itemId);
}

/** Maps an item to its thematic block and default recipient (null clears either). */
export async function setItemAssignment(
  database: Database,
  context: AuthContext,
  itemId: string,
  input: ItemAssignmentInput,
  origin: RequestOrigin,
): Promise<RubricatorItem> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  const before = await requireItem(database.pool, tenantId, itemId);
  if (input.blockId && !(await management.isBlockOfTenant(database.pool, tenantId, input.blockId))) {
    throw new AppError('VALIDATION_FAILED', 'Такого тематического блока в муниципалитете нет.', [
      { field: 'blockId', message: 'Нет такого блока' },
    ]);
  }
  if (input.recipientId && !(await management.isRecipientOfTenant(database.pool, tenantId, input.recipientId))) {
    throw new AppError('VALIDATION_FAILED', 'Такого ответственного получателя в муниципалитете нет.', [
      { field: 'recipientId', message: 'Нет такого получателя' },
    ]);
  }
  await withTransaction(database.pool, async (client) => {
    await management.upsertAssignment(client, tenantId, itemId, input);
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'rubricator_item.assigned',
      objectType: 'rubricator_item',
      objectId: itemId,
      before: { blockId: before.blockId, recipientId: before.recipientId },
      after: input,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return requireItem(database.pool, tenantId, itemId);
}

export async function listItemLinks(
  database: Database,
  context: AuthContext,
  itemId: string,
): Promise<RubricatorItemLink[]> {
  const tenantId = municipalityOf(context, 'rubricators.read');
  await requireItem(database.pool, tenantId, itemId);
  return management.listLinks(database.pool, tenantId, itemId);
}

/** Maps an item to an item of another rubricator (e.g. an ИМ topic → a 59-ФЗ code). */
export async function linkItems(
  database: Database,
  context: AuthContext,
  fromItemId: string,
  toItemId: string,
  origin: RequestOrigin,
): Promise<RubricatorItemLink[]> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  const from = await requireItem(database.pool, tenantId, fromItemId);
  const to = await requireItem(database.pool, tenantId, toItemId, 'toItemId');
  if (from.rubricatorId === to.rubricatorId) {
    throw new AppError('VALIDATION_FAILED', 'Соответствие задаётся между разными рубрикаторами.', [
      { field: 'toItemId', message: 'Тот же рубрикатор' },
    ]);
  }
  await withTransaction(database.pool, async (client) => {
    const isNew = await management.insertLink(client, tenantId, fromItemId, toItemId);
    if (isNew) {
      await recordAudit(client, {
        tenantId,
        actorUserId: context.userId,
        action: 'rubricator_item.linked',
        objectType: 'rubricator_item',
        objectId: fromItemId,
        after: { toItemId, toCode: to.code },
        ipAddress: origin.ipAddress,
        requestId: origin.requestId,
      });
    }
  });
  return management.listLinks(database.pool, tenantId, fromItemId);
}

export async function unlinkItems(
  database: Database,
  context: AuthContext,
  fromItemId: string,
  toItemId: string,
  origin: RequestOrigin,
): Promise<RubricatorItemLink[]> {
  const tenantId = municipalityOf(context, 'rubricators.manage');
  await requireItem(database.pool, tenantId, fromItemId);
  await withTransaction(database.pool, async (client) => {
    if (!(await management.deleteLink(client, tenantId, fromItemId, toItemId))) throw notFound('Соответствия нет.');
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'rubricator_item.unlinked',
      objectType: 'rubricator_item',
      objectId: fromItemId,
      before: { toItemId },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  return management.listLinks(database.pool, tenantId, fromItemId);
}

/** The default recipient of the rubricator topic a case's category names (null when none is mapped). */
export async function findDefaultRecipientForCategory(
  database: Queryable,
  tenantId: string,
  category: string,
): Promise<string | null> {
  return management.findDefaultRecipientByItemName(database, tenantId, category);
}

/**
 * Every active rubricator topic of the tenant with a default recipient, in the order
 * findDefaultRecipientForCategory prefers them (level, then code): routing caches them by name.
 */
export async function listDefaultRecipientsByTopic(
  database: Queryable,
  tenantId: string,
): Promise<Array<{ name: string; recipientId: string }>> {
  return management.listDefaultRecipientsByItemName(database, tenantId);
}
