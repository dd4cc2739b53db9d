import type {
  Block,
  Composition,
  CompositionDetail,
  CompositionImportReport,
  CreateBlockInput,
  CreatePersonInput,
  CreateRecipientInput,
  CreateSubstitutionInput,
  Person,
  PersonListQuery,
  Recipient,
  RecipientKind,
  Substitution,
  Tenant,
  UpdateBlockInput,
  UpdatePersonInput,
  UpdateRecipientInput,
} from '../../../shared/contracts/organization.contract.js';
import { formatLocalDate } from '../../../shared/local-date.js';
import { hasPermission, type Permission } from '../../../shared/permissions.js';
import { ROLE_TITLES, type Role } from '../../../shared/roles.js';
import { recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import { hashPassword } from '../../platform/auth/password-hashing.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { type CompositionRow, parseCompositionTable, writeCompositionTable } from './composition-table.js';
import { listTenants, updateUserPassword } from './organization.repository.js';
import * as repository from './organization-admin.repository.js';

export type RequestOrigin = { ipAddress: string; requestId: string };

function assertPermission(context: AuthContext, permission: Permission): void {
  if (!hasPermission(context.roles, permission)) throw forbidden();
}

/** Tenants a list may cover: all visible ones, or one of them when asked. */
function readableTenants(context: AuthContext, tenantId: string | undefined): string[] {
  assertPermission(context, 'organization.read');
  if (!tenantId) return context.visibleTenantIds;
  if (!context.visibleTenantIds.includes(tenantId)) throw notFound('Муниципалитет не найден или недоступен.');
  return [tenantId];
}

/** The one tenant a new object goes to: the caller's municipality, or the one a region user names. */
function targetTenant(context: AuthContext, tenantId: string | undefined): string {
  assertPermission(context, 'organization.manage');
  if (tenantId) {
    if (!context.visibleTenantIds.includes(tenantId)) throw notFound('Муниципалитет не найден или недоступен.');
    return tenantId;
  }
  const [only] = context.visibleTenantIds;
  if (context.visibleTenantIds.length !== 1 || !only) {
    throw new AppError('VALIDATION_FAILED', 'Укажите муниципалитет (tenantId).', [
      { field: 'tenantId', message: 'Обязателен для пользователя региона' },
    ]);
  }
  return only;
}

/** True when every field of `after` equals the same field of `before`: an edit that changes nothing is not written. */
function isUnchanged(before: object, after: Record<string, unknown>): boolean {
  const previous = before as Record<string, unknown>;
  return Object.entries(after).every(
    ([key, value]) => JSON.stringify(previous[key] ?? null) === JSON.stringify(value ?? null),
  );
}

function sameItems(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && [...left].sort().join() === [...right].sort().join();
}

function audit(origin: RequestOrigin, context: AuthContext) {
  return { actorUserId: context.userId, ipAddress: origin.ipAddress, requestId: origin.requestId };
}

// ── Tenants ─────────────────────────────────────────────────────────────────────────────────────────

export async function listVisibleTenants(database: Database, context: AuthContext): Promise<Tenant[]> {
  const all = await listTenants(database.pool);
  return all
    .filter((tenant) => context.visibleTenantIds.includes(tenant.id))
    .map((tenant) => ({ ...tenant, parentId: tenant.parentId }));
}

// ── Recipients ──────────────────────────────────────────────────────────────────────────────────────

function presentRecipient(record: repository.RecipientRecord): Recipient {
  return { ...record, kind: record.kind as RecipientKind };
}

export async function listRecipients(
  database: Database,
  context: AuthContext,
  tenantId?: string,
): Promise<Recipient[]> {
  return (await repository.listRecipients(database.pool, readableTenants(context, tenantId))).map(presentRecipient);
}

export async function getRecipient(database: Database, context: AuthContext, id: string): Promise<Recipient> {
  const found = await repository.findRecipient(database.pool, readableTenants(context, undefined), id);
  if (!found) throw notFound('Ответственный получатель не найден.');
  return presentRecipient(found);
}

async function assertParentRecipient(database: Database, tenantId: string, parentId: string | null | undefined) {
  if (!parentId) return;
  const parent = await repository.findRecipient(database.pool, [tenantId], parentId);
  if (!parent) {
    throw new AppError('VALIDATION_FAILED', 'Вышестоящий получатель не найден в этом муниципалитете.', [
      { field: 'parentId', message: 'Нет такого получателя' },
    ]);
  }
}

export async function createRecipient(
  database: Database,
  context: AuthContext,
  input: CreateRecipientInput,
  origin: RequestOrigin,
  tenantId?: string,
): Promise<Recipient> {
  const target = targetTenant(context, tenantId);
  await assertParentRecipient(database, target, input.parentId);
  const id = await withTransaction(database.pool, async (client) => {
    const created = await repository.insertRecipient(client, {
      tenantId: target,
      parentId: input.parentId,
      kind: input.kind,
      name: input.name,
      shortName: input.shortName ?? null,
    });
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: target,
      action: 'recipient.created',
      objectType: 'recipient',
      objectId: created,
      after: input,
    });
    return created;
  });
  return getRecipient(database, context, id);
}

export async function updateRecipient(
  database: Database,
  context: AuthContext,
  id: string,
  input: UpdateRecipientInput,
  origin: RequestOrigin,
): Promise<Recipient> {
  assertPermission(context, 'organization.manage');
  const before = await repository.findRecipient(database.pool, context.visibleTenantIds, id);
  if (!before) throw notFound('Ответственный получатель не найден.');
  const parentId = input.parentId === undefined ? before.parentId : input.parentId;
  await assertParentRecipient(database, before.tenantId, parentId);
  if (parentId && (await repository.listRecipientSubtree(database.pool, before.tenantId, id)).includes(parentId)) {
    throw new AppError('VALIDATION_FAILED', 'Получатель не может подчиняться сам себе или своему подчинённому.', [
      { field: 'parentId', message: 'Получилась бы петля в иерархии' },
    ]);
  }
  const after = {
    parentId,
    kind: input.kind ?? before.kind,
    name: input.name ?? before.name,
    shortName: input.shortName === undefined ? before.shortName : input.shortName,
    isActive: input.isActive ?? before.isActive,
  };
  if (isUnchanged(before, after)) return presentRecipient(before);
  await withTransaction(database.pool, async (client) => {
    await repository.updateRecipient(client, before.tenantId, id, after);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: before.tenantId,
      action: 'recipient.updated',
      objectType: 'recipient',
      objectId: id,
      before,
      after,
    });
  });
  return getRecipient(database, context, id);
}

// ── People ──────────────────────────────────────────────────────────────────────────────────────────

function presentPerson(record: repository.PersonRecord): Person {
  return { ...record, lastLoginAt: record.lastLoginAt ? new Date(record.lastLoginAt).toISOString() : null };
}

export async function listPeople(
  database: Database,
  context: AuthContext,
  query: PersonListQuery & { tenantId?: string },
): Promise<Person[]> {
  const people = await repository.listPeople(database.pool, {
    tenantIds: readableTenants(context, query.tenantId),
    ...(query.q ? { search: query.q } : {}),
    ...(query.recipientId ? { recipientId: query.recipientId } : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.isActive ? { isActive: query.isActive === 'true' } : {}),
  });
  return people.map(presentPerson);
}

export async function getPerson(database: Database, context: AuthContext, id: string): Promise<Person> {
  const found = await repository.findPerson(database.pool, readableTenants(context, undefined), id);
  if (!found) throw notFound('Сотрудник не найден.');
  return presentPerson(found);
}

async function assertRecipientInTenant(database: Database, tenantId: string, recipientId: string | null | undefined) {
  if (!recipientId) return;
  if (!(await repository.findRecipient(database.pool, [tenantId], recipientId))) {
    throw new AppError('VALIDATION_FAILED', 'Ответственный получатель не найден в этом муниципалитете.', [
      { field: 'recipientId', message: 'Нет такого получателя' },
    ]);
  }
}

function assertRolesGrantable(context: AuthContext, roles: readonly Role[]): void {
  const regionOnly = roles.filter((role) => role === 'cur_curator');
  if (regionOnly.length > 0) {
    throw new AppError('ROLE_NOT_ALLOWED', `Роль «${ROLE_TITLES.cur_curator}» назначается только в регионе.`, [
      { field: 'roles', message: 'Роль уровня региона' },
    ]);
  }
  if (roles.includes('sysadmin') && !context.roles.includes('sysadmin')) {
    throw new AppError('ROLE_NOT_ALLOWED', 'Роль системного администратора назначает только системный администратор.', [
      { field: 'roles', message: 'Нужна роль sysadmin' },
    ]);
  }
}

function loginTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw new AppError('LOGIN_TAKEN', 'Этот логин уже занят.', [{ field: 'login', message: 'Уже занят' }]);
  }
  throw error;
}

export async function createPerson(
  database: Database,
  context: AuthContext,
  input: CreatePersonInput,
  origin: RequestOrigin,
  tenantId?: string,
): Promise<Person> {
  const target = targetTenant(context, tenantId);
  await assertRecipientInTenant(database, target, input.recipientId);
  assertRolesGrantable(context, input.roles);
  if (input.login && !input.password) {
    throw new AppError('VALIDATION_FAILED', 'Для входа в систему задайте пароль.', [
      { field: 'password', message: 'Обязателен вместе с логином' },
    ]);
  }
  const passwordHash = input.login && input.password ? await hashPassword(input.password) : null;
  const id = await withTransaction(database.pool, async (client) => {
    const created = await repository
      .insertPerson(client, {
        tenantId: target,
        fullName: input.fullName,
        position: input.position ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        recipientId: input.recipientId ?? null,
        login: input.login ?? null,
        passwordHash,
      })
      .catch(loginTaken);
    await repository.replaceRoles(client, target, created, input.roles);
    const { password: _password, ...after } = input;
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: target,
      action: 'person.created',
      objectType: 'person',
      objectId: created,
      after,
    });
    return created;
  });
  return getPerson(database, context, id);
}

export async function updatePerson(
  database: Database,
  context: AuthContext,
  id: string,
  input: UpdatePersonInput,
  origin: RequestOrigin,
): Promise<Person> {
  assertPermission(context, 'organization.manage');
  const before = await repository.findPerson(database.pool, context.visibleTenantIds, id);
  if (!before) throw notFound('Сотрудник не найден.');
  if (input.recipientId !== undefined) await assertRecipientInTenant(database, before.tenantId, input.recipientId);
  if (input.roles) assertRolesGrantable(context, input.roles);
  if (id === context.userId && input.isActive === false) {
    throw new AppError('VALIDATION_FAILED', 'Нельзя отключить собственную учётную запись.', [
      { field: 'isActive', message: 'Это вы' },
    ]);
  }
  const login = input.login === undefined ? before.login : input.login;
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  if (login && !before.login && !passwordHash) {
    throw new AppError('VALIDATION_FAILED', 'Для входа в систему задайте пароль.', [
      { field: 'password', message: 'Обязателен вместе с новым логином' },
    ]);
  }
  const after = {
    fullName: input.fullName ?? before.fullName,
    position: input.position === undefined ? before.position : input.position,
    email: input.email === undefined ? before.email : input.email,
    phone: input.phone === undefined ? before.phone : input.phone,
    recipientId: input.recipientId === undefined ? before.recipientId : input.recipientId,
    login,
    isActive: input.isActive ?? before.isActive,
  };
  const rolesUnchanged = !input.roles || sameItems(input.roles, before.roles);
  if (isUnchanged(before, after) && rolesUnchanged && !passwordHash) return presentPerson(before);
  await withTransaction(database.pool, async (client) => {
    await repository.updatePerson(client, id, after).catch(loginTaken);
    if (input.roles) await repository.replaceRoles(client, before.tenantId, id, input.roles);
    if (passwordHash) await updateUserPassword(client, id, passwordHash);
    if (!after.isActive || passwordHash || (before.login && !login)) await repository.deleteSessionsOf(client, id);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: before.tenantId,
      action: before.isActive && !after.isActive ? 'person.deactivated' : 'person.updated',
      objectType: 'person',
      objectId: id,
      before: { ...before, hasActed: undefined, lastLoginAt: undefined },
      after: { ...after, roles: input.roles ?? before.roles, passwordChanged: Boolean(passwordHash) },
    });
  });
  return getPerson(database, context, id);
}

export async function deletePerson(
  database: Database,
  context: AuthContext,
  id: string,
  origin: RequestOrigin,
): Promise<void> {
  assertPermission(context, 'organization.manage');
  const before = await repository.findPerson(database.pool, context.visibleTenantIds, id);
  if (!before) throw notFound('Сотрудник не найден.');
  if (before.hasActed) {
    throw new AppError(
      'PERSON_HAS_ACTED',
      'Сотрудник уже действовал в системе: удалить его нельзя, только отключить (история его действий сохраняется).',
    );
  }
  await withTransaction(database.pool, async (client) => {
    await repository.deletePerson(client, id);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: before.tenantId,
      action: 'person.deleted',
      objectType: 'person',
      objectId: id,
      before,
    });
  });
}

// ── Blocks ──────────────────────────────────────────────────────────────────────────────────────────

export async function listBlocks(database: Database, context: AuthContext, tenantId?: string): Promise<Block[]> {
  return repository.listBlocks(database.pool, readableTenants(context, tenantId));
}

async function assertPeopleInTenant(database: Database, tenantId: string, ids: string[], field: string) {
  const unique = [...new Set(ids)];
  if ((await repository.countPeopleInTenant(database.pool, tenantId, unique)) !== unique.length) {
    throw new AppError('VALIDATION_FAILED', 'Указан сотрудник, которого нет в этом муниципалитете.', [
      { field, message: 'Нет такого сотрудника' },
    ]);
  }
}

function blockNameTaken(error: unknown): never {
  if ((error as { code?: string }).code === '23505') {
    throw new AppError('CONFLICT', 'Блок с таким названием уже есть.', [{ field: 'name', message: 'Уже есть' }]);
  }
  throw error;
}

export async function createBlock(
  database: Database,
  context: AuthContext,
  input: CreateBlockInput,
  origin: RequestOrigin,
  tenantId?: string,
): Promise<Block> {
  const target = targetTenant(context, tenantId);
  await assertPeopleInTenant(
    database,
    target,
    [...input.memberIds, ...(input.leaderId ? [input.leaderId] : [])],
    'memberIds',
  );
  const id = await withTransaction(database.pool, async (client) => {
    const created = await repository
      .insertBlock(client, { tenantId: target, name: input.name, topics: input.topics, leaderId: input.leaderId })
      .catch(blockNameTaken);
    await repository.replaceBlockMembers(client, target, created, input.memberIds);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: target,
      action: 'block.created',
      objectType: 'block',
      objectId: created,
      after: input,
    });
    return created;
  });
  const block = await repository.findBlock(database.pool, [target], id);
  if (!block) throw notFound();
  return block;
}

export async function updateBlock(
  database: Database,
  context: AuthContext,
  id: string,
  input: UpdateBlockInput,
  origin: RequestOrigin,
): Promise<Block> {
  assertPermission(context, 'organization.manage');
  const before = await repository.findBlock(database.pool, context.visibleTenantIds, id);
  if (!before) throw notFound('Блок не найден.');
  const memberIds = input.memberIds ?? before.memberIds;
  const leaderId = input.leaderId === undefined ? before.leaderId : input.leaderId;
  await assertPeopleInTenant(database, before.tenantId, [...memberIds, ...(leaderId ? [leaderId] : [])], 'memberIds');
  const after = {
    name: input.name ?? before.name,
    topics: input.topics ?? before.topics,
    leaderId,
    isActive: input.isActive ?? before.isActive,
  };
  if (isUnchanged(before, after) && sameItems(memberIds, before.memberIds)) return before;
  await withTransaction(database.pool, async (client) => {
    await repository.updateBlock(client, id, after).catch(blockNameTaken);
    await repository.replaceBlockMembers(client, before.tenantId, id, memberIds);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: before.tenantId,
      action: 'block.updated',
      objectType: 'block',
      objectId: id,
      before,
      after: { ...after, memberIds },
    });
  });
  const block = await repository.findBlock(database.pool, [before.tenantId], id);
  if (!block) throw notFound();
  return block;
}

// ── Substitutions ───────────────────────────────────────────────────────────────────────────────────

function presentSubstitution(record: repository.SubstitutionRecord, today: string): Substitution {
  return { ...record, isCurrent: record.startsOn <= today && today <= record.endsOn };
}

export async function listSubstitutions(
  database: Database,
  context: AuthContext,
  tenantId?: string,
): Promise<Substitution[]> {
  const today = formatLocalDate(new Date(), context.tenant.timezone);
  return (await repository.listSubstitutions(database.pool, readableTenants(context, tenantId))).map((record) =>
    presentSubstitution(record, today),
  );
}

export async function createSubstitution(
  database: Database,
  context: AuthContext,
  input: CreateSubstitutionInput,
  origin: RequestOrigin,
  tenantId?: string,
): Promise<Substitution> {
  const target = targetTenant(context, tenantId);
  await assertPeopleInTenant(database, target, [input.absentId], 'absentId');
  await assertPeopleInTenant(database, target, [input.substituteId], 'substituteId');
  const id = await withTransaction(database.pool, async (client) => {
    const created = await repository.insertSubstitution(client, {
      tenantId: target,
      absentId: input.absentId,
      substituteId: input.substituteId,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      reason: input.reason ?? null,
    });
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: target,
      action: 'substitution.created',
      objectType: 'substitution',
      objectId: created,
      after: input,
    });
    return created;
  });
  const created = await repository.findSubstitution(database.pool, [target], id);
  if (!created) throw notFound();
  return presentSubstitution(created, formatLocalDate(new Date(), context.tenant.timezone));
}

export async function deleteSubstitution(
  database: Database,
  context: AuthContext,
  id: string,
  origin: RequestOrigin,
): Promise<void> {
  assertPermission(context, 'organization.manage');
  const before = await repository.findSubstitution(database.pool, context.visibleTenantIds, id);
  if (!before) throw notFound('Замещение не найдено.');
  await withTransaction(database.pool, async (client) => {
    await repository.deleteSubstitution(client, id);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: before.tenantId,
      action: 'substitution.deleted',
      objectType: 'substitution',
      objectId: id,
      before,
    });
  });
}

// ── Composition (состав МЦУ) ────────────────────────────────────────────────────────────────────────

function presentComposition(record: repository.CompositionRecord): Composition {
  return { ...record, createdAt: new Date(record.createdAt).toISOString() };
}

export async function listCompositions(
  database: Database,
  context: AuthContext,
  tenantId?: string,
): Promise<Composition[]> {
  return (await repository.listCompositions(database.pool, readableTenants(context, tenantId))).map(presentComposition);
}

export async function getComposition(database: Database, context: AuthContext, id: string): Promise<CompositionDetail> {
  const found = await repository.findComposition(database.pool, readableTenants(context, undefined), id);
  if (!found) throw notFound('Версия состава не найдена.');
  return { ...presentComposition(found), members: await repository.listCompositionMembers(database.pool, id) };
}

export async function exportComposition(
  database: Database,
  context: AuthContext,
  id: string,
  format: 'csv' | 'xlsx',
): Promise<{ fileName: string; content: Buffer }> {
  const composition = await getComposition(database, context, id);
  const content = await writeCompositionTable(composition.members, format);
  return { fileName: `sostav-v${composition.version}-${composition.actDate}.${format}`, content };
}

export type CompositionImportInput = {
  fileName: string;
  content: Buffer;
  actNumber: string;
  actDate: string;
  note: string | null;
  tenantId?: string;
};

/**
 * Loads a composition table as a new version approved by a legal act, in one transaction: people are
 * matched by ФИО (created without an account when new), their roles granted, blocks created and filled.
 * Existing roles are never taken away by an import; a bad line rejects the whole file.
 */
export async function importComposition(
  database: Database,
  context: AuthContext,
  input: CompositionImportInput,
  origin: RequestOrigin,
): Promise<CompositionImportReport> {
  const target = targetTenant(context, input.tenantId);
  const actNumber = input.actNumber.trim();
  if (!actNumber || actNumber.length > 100) {
    throw new AppError('VALIDATION_FAILED', 'Укажите номер правового акта, утвердившего состав.', [
      { field: 'actNumber', message: 'Обязателен, до 100 символов' },
    ]);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.actDate) || Number.isNaN(Date.parse(input.actDate))) {
    throw new AppError('VALIDATION_FAILED', 'Дата акта: укажите дату в формате ГГГГ-ММ-ДД.', [
      { field: 'actDate', message: 'Формат ГГГГ-ММ-ДД' },
    ]);
  }
  const rows = await parseCompositionTable(input.fileName, input.content);
  const counters = { createdPeople: 0, matchedPeople: 0, createdBlocks: 0, grantedRoles: 0 };
  const compositionId = await withTransaction(database.pool, async (client) => {
    const composition = await repository.insertComposition(client, {
      tenantId: target,
      actNumber,
      actDate: input.actDate,
      note: input.note,
      createdBy: context.userId,
    });
    const members: repository.CompositionMemberRecord[] = [];
    for (const row of rows) {
      const personId = await applyCompositionRow(client, target, row, counters, { origin, context });
      members.push({ ...row, personId });
    }
    await repository.insertCompositionMembers(client, target, composition.id, members);
    await recordAudit(client, {
      ...audit(origin, context),
      tenantId: target,
      action: 'composition.imported',
      objectType: 'composition',
      objectId: composition.id,
      after: { version: composition.version, actNumber, actDate: input.actDate, rows: rows.length },
      details: { ...counters, fileName: input.fileName },
    });
    return composition.id;
  });
  return { composition: await getComposition(database, context, compositionId), ...counters };
}

async function applyCompositionRow(
  client: import('pg').PoolClient,
  tenantId: string,
  row: CompositionRow,
  counters: { createdPeople: number; matchedPeople: number; createdBlocks: number; grantedRoles: number },
  trace: { origin: RequestOrigin; context: AuthContext },
): Promise<string> {
  let personId = (await repository.findPersonByName(client, tenantId, row.fullName))?.id;
  if (personId) {
    counters.matchedPeople += 1;
  } else {
    personId = await repository.insertPerson(client, {
      tenantId,
      fullName: row.fullName,
      position: row.position,
      email: null,
      phone: null,
      recipientId: null,
      login: null,
      passwordHash: null,
    });
    counters.createdPeople += 1;
    await recordAudit(client, {
      ...audit(trace.origin, trace.context),
      tenantId,
      action: 'person.created',
      objectType: 'person',
      objectId: personId,
      after: { fullName: row.fullName, position: row.position, source: `состав, строка ${row.line}` },
    });
  }
  if (row.role) {
    if (await repository.grantRole(client, tenantId, personId, row.role)) counters.grantedRoles += 1;
  }
  if (row.block) {
    let block = await repository.findBlockByName(client, tenantId, row.block);
    if (!block) {
      const blockId = await repository.insertBlock(client, { tenantId, name: row.block, topics: [], leaderId: null });
      counters.createdBlocks += 1;
      block = await repository.findBlockByName(client, tenantId, row.block);
      await recordAudit(client, {
        ...audit(trace.origin, trace.context),
        tenantId,
        action: 'block.created',
        objectType: 'block',
        objectId: blockId,
        after: { name: row.block, source: `состав, строка ${row.line}` },
      });
    }
    if (block) {
      if (row.role === 'block_leader' && block.leaderId !== personId) {
        await repository.setBlockLeader(client, block.id, personId);
      }
      await repository.addBlockMember(client, tenantId, block.id, personId);
    }
  }
  return personId;
}
