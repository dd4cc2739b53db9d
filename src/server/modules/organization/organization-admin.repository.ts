import type { Role } from '../../../shared/roles.js';
import type { Queryable } from '../../platform/audit.js';
import { containsPattern, foldCaseSql } from '../../platform/db/text-search.js';

// SQL of the organisation screens: recipients, people, blocks, substitutions, compositions.
// Every query is bounded by tenant ids given by the service (the caller's scope).

export type RecipientRecord = {
  id: string;
  tenantId: string;
  parentId: string | null;
  kind: string;
  name: string;
  shortName: string | null;
  isActive: boolean;
  peopleCount: number;
};

const RECIPIENT_COLUMNS = `r.id, r.tenant_id as "tenantId", r.parent_id as "parentId", r.kind, r.name, r.short_name as "shortName",
  r.is_active as "isActive",
  (select count(*)::int from users u where u.recipient_id = r.id and u.is_active) as "peopleCount"`;

export async function listRecipients(database: Queryable, tenantIds: string[]): Promise<RecipientRecord[]> {
  const result = await database.query<RecipientRecord>(
    `select ${RECIPIENT_COLUMNS} from recipients r where r.tenant_id = any($1::uuid[]) order by r.tenant_id, r.name`,
    [tenantIds],
  );
  return result.rows;
}

export async function findRecipient(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<RecipientRecord | undefined> {
  const result = await database.query<RecipientRecord>(
    `select ${RECIPIENT_COLUMNS} from recipients r where r.tenant_id = any($1::uuid[]) and r.id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function insertRecipient(
  database: Queryable,
  recipient: { tenantId: string; parentId: string | null; kind: string; name: string; shortName: string | null },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into recipients (tenant_id, parent_id, kind, name, short_name) values ($1, $2, $3, $4, $5) returning id`,
    [recipient.tenantId, recipient.parentId, recipient.kind, recipient.name, recipient.shortName],
  );
  return result.rows[0]?.id ?? '';
}

export async function updateRecipient(
  database: Queryable,
  tenantId: string,
  id: string,
  changes: { parentId: string | null; kind: string; name: string; shortName: string | null; isActive: boolean },
): Promise<void> {
  await database.query(
    `update recipients set parent_id = $3, kind = $4, name = $5, short_name = $6, is_active = $7, updated_at = now()
      where tenant_id = $1 and id = $2`,
    [tenantId, id, changes.parentId, changes.kind, changes.name, changes.shortName, changes.isActive],
  );
}

/** Ids of `id` and everything under it: a recipient may not become its own descendant's child. */
export async function listRecipientSubtree(database: Queryable, tenantId: string, id: string): Promise<string[]> {
  const result = await database.query<{ id: string }>(
    `with recursive subtree as (
       select id from recipients where tenant_id = $1 and id = $2
       union select r.id from recipients r join subtree s on r.parent_id = s.id where r.tenant_id = $1
     ) select id from subtree`,
    [tenantId, id],
  );
  return result.rows.map((row) => row.id);
}

export type PersonRecord = {
  id: string;
  tenantId: string;
  fullName: string;
  position: string | null;
  email: string | null;
  phone: string | null;
  recipientId: string | null;
  recipientName: string | null;
  login: string | null;
  roles: Role[];
  blockIds: string[];
  isActive: boolean;
  hasActed: boolean;
  lastLoginAt: Date | null;
};

const PERSON_COLUMNS = `u.id, u.tenant_id as "tenantId", u.full_name as "fullName", u.position, u.email, u.phone,
  u.recipient_id as "recipientId", r.name as "recipientName", u.login, u.is_active as "isActive",
  u.last_login_at as "lastLoginAt",
  coalesce((select array_agg(ur.role order by ur.role) from user_roles ur where ur.user_id = u.id), '{}') as roles,
  coalesce((select array_agg(bm.block_id) from block_members bm where bm.user_id = u.id), '{}') as "blockIds",
  (exists (select 1 from audit_log a where a.actor_user_id = u.id)
    or exists (select 1 from cases c where c.executor_id = u.id)) as "hasActed"`;

export type PersonFilter = {
  tenantIds: string[];
  search?: string;
  recipientId?: string;
  role?: Role;
  isActive?: boolean;
};

export async function listPeople(database: Queryable, filter: PersonFilter): Promise<PersonRecord[]> {
  const values: unknown[] = [filter.tenantIds];
  const conditions = ['u.tenant_id = any($1::uuid[])'];
  if (filter.search) {
    values.push(containsPattern(filter.search));
    conditions.push(
      `(${foldCaseSql('u.full_name')} like $${values.length}
        or lower(coalesce(u.login, '')) like $${values.length})`,
    );
  }
  if (filter.recipientId) {
    values.push(filter.recipientId);
    conditions.push(`u.recipient_id = $${values.length}`);
  }
  if (filter.role) {
    values.push(filter.role);
    conditions.push(`exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role = $${values.length})`);
  }
  if (filter.isActive !== undefined) {
    values.push(filter.isActive);
    conditions.push(`u.is_active = $${values.length}`);
  }
  const result = await database.query<PersonRecord>(
    `select ${PERSON_COLUMNS} from users u left join recipients r on r.id = u.recipient_id
      where ${conditions.join(' and ')} order by u.full_name, u.id`,
    values,
  );
  return result.rows;
}

export async function findPerson(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<PersonRecord | undefined> {
  const result = await database.query<PersonRecord>(
    `select ${PERSON_COLUMNS} from users u left join recipients r on r.id = u.recipient_id
      where u.tenant_id = any($1::uuid[]) and u.id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function insertPerson(
  database: Queryable,
  person: {
    tenantId: string;
    fullName: string;
    position: string | null;
    email: string | null;
    phone: string | null;
    recipientId: string | null;
    login: string | null;
    passwordHash: string | null;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into users (tenant_id, full_name, position, email, phone, recipient_id, login, password_hash)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      person.tenantId,
      person.fullName,
      person.position,
      person.email,
      person.phone,
      person.recipientId,
      person.login,
      person.passwordHash,
    ],
  );
  return result.rows[0]?.id ?? '';
}

export async function updatePerson(
  database: Queryable,
  id: string,
  person: {
    fullName: string;
    position: string | null;
    email: string | null;
    phone: string | null;
    recipientId: string | null;
    login: string | null;
    isActive: boolean;
  },
): Promise<void> {
  await database.query(
    `update users set full_name = $2, position = $3, email = $4, phone = $5, recipient_id = $6, login = $7,
            is_active = $8, updated_at = now()
      where id = $1`,
    [
      id,
      person.fullName,
      person.position,
      person.email,
      person.phone,
      person.recipientId,
      person.login,
      person.isActive,
    ],
  );
}

export async function replaceRoles(
  database: Queryable,
  tenantId: string,
  userId: string,
  roles: readonly Role[],
): Promise<void> {
  await database.query('delete from user_roles where user_id = $1 and not (role = any($2::text[]))', [userId, roles]);
  await database.query(
    'insert into user_roles (tenant_id, user_id, role) select $1, $2, unnest($3::text[]) on conflict do nothing',
    [tenantId, userId, roles],
  );
}

export async function deleteSessionsOf(database: Queryable, userId: string): Promise<void> {
  await database.query('delete from sessions where user_id = $1', [userId]);
}

/** Removes a person who never acted, with every link to them. */
export async function deletePerson(database: Queryable, id: string): Promise<void> {
  await database.query('delete from sessions where user_id = $1', [id]);
  await database.query('delete from user_roles where user_id = $1', [id]);
  await database.query('delete from block_members where user_id = $1', [id]);
  await database.query('update blocks set leader_id = null where leader_id = $1', [id]);
  await database.query('delete from substitutions where absent_id = $1 or substitute_id = $1', [id]);
  await database.query('update composition_members set user_id = null where user_id = $1', [id]);
  await database.query('delete from users where id = $1', [id]);
}

export type BlockRecord = {
  id: string;
  tenantId: string;
  name: string;
  topics: string[];
  leaderId: string | null;
  leaderName: string | null;
  memberIds: string[];
  isActive: boolean;
};

const BLOCK_COLUMNS = `b.id, b.tenant_id as "tenantId", b.name, b.topics, b.leader_id as "leaderId", l.full_name as "leaderName",
  coalesce((select array_agg(bm.user_id) from block_members bm where bm.block_id = b.id), '{}') as "memberIds",
  b.is_active as "isActive"`;

export async function listBlocks(database: Queryable, tenantIds: string[]): Promise<BlockRecord[]> {
  const result = await database.query<BlockRecord>(
    `select ${BLOCK_COLUMNS} from blocks b left join users l on l.id = b.leader_id
      where b.tenant_id = any($1::uuid[]) order by b.name`,
    [tenantIds],
  );
  return result.rows;
}

export async function findBlock(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<BlockRecord | undefined> {
  const result = await database.query<BlockRecord>(
    `select ${BLOCK_COLUMNS} from blocks b left join users l on l.id = b.leader_id
      where b.tenant_id = any($1::uuid[]) and b.id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function findBlockByName(
  database: Queryable,
  tenantId: string,
  name: string,
): Promise<BlockRecord | undefined> {
  const result = await database.query<BlockRecord>(
    `select ${BLOCK_COLUMNS} from blocks b left join users l on l.id = b.leader_id
      where b.tenant_id = $1 and lower(b.name) = lower($2)`,
    [tenantId, name],
  );
  return result.rows[0];
}

export async function insertBlock(
  database: Queryable,
  block: { tenantId: string; name: string; topics: string[]; leaderId: string | null },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    'insert into blocks (tenant_id, name, topics, leader_id) values ($1, $2, $3, $4) returning id',
    [block.tenantId, block.name, block.topics, block.leaderId],
  );
  return result.rows[0]?.id ?? '';
}

export async function updateBlock(
  database: Queryable,
  id: string,
  block: { name: string; topics: string[]; leaderId: string | null; isActive: boolean },
): Promise<void> {
  await database.query(
    'update blocks set name = $2, topics = $3, leader_id = $4, is_active = $5, updated_at = now() where id = $1',
    [id, block.name, block.topics, block.leaderId, block.isActive],
  );
}

export async function replaceBlockMembers(
  database: Queryable,
  tenantId: string,
  blockId: string,
  userIds: string[],
): Promise<void> {
  await database.query('delete from block_members where block_id = $1 and not (user_id = any($2::uuid[]))', [
    blockId,
    userIds,
  ]);
  await database.query(
    'insert into block_members (tenant_id, block_id, user_id) select $1, $2, unnest($3::uuid[]) on conflict do nothing',
    [tenantId, blockId, userIds],
  );
}

export async function countPeopleInTenant(database: Queryable, tenantId: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await database.query<{ count: number }>(
    'select count(*)::int as count from users where tenant_id = $1 and id = any($2::uuid[])',
    [tenantId, [...new Set(ids)]],
  );
  return result.rows[0]?.count ?? 0;
}

export type SubstitutionRecord = {
  id: string;
  tenantId: string;
  absentId: string;
  absentName: string;
  substituteId: string;
  substituteName: string;
  startsOn: string;
  endsOn: string;
  reason: string | null;
};

const SUBSTITUTION_COLUMNS = `s.id, s.tenant_id as "tenantId", s.absent_id as "absentId", a.full_name as "absentName",
  s.substitute_id as "substituteId", b.full_name as "substituteName", to_char(s.starts_on, 'YYYY-MM-DD') as "startsOn",
  to_char(s.ends_on, 'YYYY-MM-DD') as "endsOn", s.reason`;

export async function listSubstitutions(database: Queryable, tenantIds: string[]): Promise<SubstitutionRecord[]> {
  const result = await database.query<SubstitutionRecord>(
    `select ${SUBSTITUTION_COLUMNS} from substitutions s join users a on a.id = s.absent_id join users b on b.id = s.substitute_id
      where s.tenant_id = any($1::uuid[]) order by s.starts_on desc, s.id`,
    [tenantIds],
  );
  return result.rows;
}

export async function findSubstitution(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<SubstitutionRecord | undefined> {
  const result = await database.query<SubstitutionRecord>(
    `select ${SUBSTITUTION_COLUMNS} from substitutions s join users a on a.id = s.absent_id join users b on b.id = s.substitute_id
      where s.tenant_id = any($1::uuid[]) and s.id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export async function insertSubstitution(
  database: Queryable,
  substitution: {
    tenantId: string;
    absentId: string;
    substituteId: string;
    startsOn: string;
    endsOn: string;
    reason: string | null;
  },
): Promise<string> {
  const result = await database.query<{ id: string }>(
    `insert into substitutions (tenant_id, absent_id, substitute_id, starts_on, ends_on, reason)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      substitution.tenantId,
      substitution.absentId,
      substitution.substituteId,
      substitution.startsOn,
      substitution.endsOn,
      substitution.reason,
    ],
  );
  return result.rows[0]?.id ?? '';
}

export async function deleteSubstitution(database: Queryable, id: string): Promise<void> {
  await database.query('delete from substitutions where id = $1', [id]);
}

export type CompositionRecord = {
  id: string;
  tenantId: string;
  version: number;
  actNumber: string;
  actDate: string;
  note: string | null;
  createdAt: Date;
  createdByName: string | null;
  memberCount: number;
};

const COMPOSITION_COLUMNS = `c.id, c.tenant_id as "tenantId", c.version, c.act_number as "actNumber",
  to_char(c.act_date, 'YYYY-MM-DD') as "actDate", c.note, c.created_at as "createdAt", u.full_name as "createdByName",
  (select count(*)::int from composition_members m where m.composition_id = c.id) as "memberCount"`;

export async function listCompositions(database: Queryable, tenantIds: string[]): Promise<CompositionRecord[]> {
  const result = await database.query<CompositionRecord>(
    `select ${COMPOSITION_COLUMNS} from compositions c left join users u on u.id = c.created_by
      where c.tenant_id = any($1::uuid[]) order by c.tenant_id, c.version desc`,
    [tenantIds],
  );
  return result.rows;
}

export async function findComposition(
  database: Queryable,
  tenantIds: string[],
  id: string,
): Promise<CompositionRecord | undefined> {
  const result = await database.query<CompositionRecord>(
    `select ${COMPOSITION_COLUMNS} from compositions c left join users u on u.id = c.created_by
      where c.tenant_id = any($1::uuid[]) and c.id = $2`,
    [tenantIds, id],
  );
  return result.rows[0];
}

export type CompositionMemberRecord = {
  fullName: string;
  position: string | null;
  role: Role | null;
  roleTitle: string | null;
  block: string | null;
  personId: string | null;
};

export async function listCompositionMembers(
  database: Queryable,
  compositionId: string,
): Promise<CompositionMemberRecord[]> {
  const result = await database.query<CompositionMemberRecord>(
    `select full_name as "fullName", job_title as position, role, role_title as "roleTitle", block, user_id as "personId"
       from composition_members where composition_id = $1 order by line`,
    [compositionId],
  );
  return result.rows;
}

export async function insertComposition(
  database: Queryable,
  composition: { tenantId: string; actNumber: string; actDate: string; note: string | null; createdBy: string },
): Promise<{ id: string; version: number }> {
  // The version is taken under a lock on the tenant row, so two imports at once get 1 and 2.
  await database.query('select id from tenants where id = $1 for update', [composition.tenantId]);
  const result = await database.query<{ id: string; version: number }>(
    `insert into compositions (tenant_id, version, act_number, act_date, note, created_by)
     values ($1, (select coalesce(max(version), 0) + 1 from compositions where tenant_id = $1), $2, $3, $4, $5)
     returning id, version`,
    [composition.tenantId, composition.actNumber, composition.actDate, composition.note, composition.createdBy],
  );
  const row = result.rows[0];
  if (!row) throw new Error('insert into compositions returned no row');
  return row;
}

export async function insertCompositionMembers(
  database: Queryable,
  tenantId: string,
  compositionId: string,
  members: CompositionMemberRecord[],
): Promise<void> {
  if (members.length === 0) return;
  await database.query(
    `insert into composition_members (tenant_id, composition_id, line, full_name, job_title, role, role_title, block, user_id)
     select $1, $2, i.line, i.full_name, i.job_title, i.role, i.role_title, i.block, i.user_id
       from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[]) with ordinality
            as i(full_name, job_title, role, role_title, block, user_id, line)`,
    [
      tenantId,
      compositionId,
      members.map((member) => member.fullName),
      members.map((member) => member.position),
      members.map((member) => member.role),
      members.map((member) => member.roleTitle),
      members.map((member) => member.block),
      members.map((member) => member.personId),
    ],
  );
}

export async function findPersonByName(
  database: Queryable,
  tenantId: string,
  fullName: string,
): Promise<{ id: string; position: string | null } | undefined> {
  const result = await database.query<{ id: string; position: string | null }>(
    `select id, position from users
      where tenant_id = $1
        and replace(${foldCaseSql('full_name')}, 'ё', 'е') = $2
      order by is_active desc, created_at limit 1`,
    [tenantId, fullName.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim()],
  );
  return result.rows[0];
}

/** Grants one role; true when the person did not have it yet. */
export async function grantRole(database: Queryable, tenantId: string, userId: string, role: Role): Promise<boolean> {
  const result = await database.query(
    'insert into user_roles (tenant_id, user_id, role) values ($1, $2, $3) on conflict do nothing',
    [tenantId, userId, role],
  );
  return (result.rowCount ?? 0) > 0;
}

export async function setBlockLeader(database: Queryable, blockId: string, userId: string): Promise<void> {
  await database.query('update blocks set leader_id = $2, updated_at = now() where id = $1', [blockId, userId]);
}

export async function addBlockMember(
  database: Queryable,
  tenantId: string,
  blockId: string,
  userId: string,
): Promise<void> {
  await database.query(
    'insert into block_members (tenant_id, block_id, user_id) values ($1, $2, $3) on conflict do nothing',
    [tenantId, blockId, userId],
  );
}

export async function setPersonRecipient(database: Queryable, userId: string, recipientId: string): Promise<void> {
  await database.query('update users set recipient_id = $2 where id = $1', [userId, recipientId]);
}

/** Many recipients in one statement (importers); returns their ids by name. */
