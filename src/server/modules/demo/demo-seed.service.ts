import type { PoolClient } from 'pg';
import type { Role } from '../../../shared/roles.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { countCasesOfTenant, insertCases, type NewCase, resolveWorkflowState } from '../cases/index.js';
import * as organization from '../organization/index.js';
import { startCaseTimers } from '../sla/index.js';
import { DEMO_REGION, type DemoCase, generateDemoCases } from './demo-data.generator.js';
import * as seedRepository from './demo-seed.repository.js';

/** The password of every demo account. Printed on the console; change it before real use. */
export const DEMO_PASSWORD = 'demo-otklik';
export const DEMO_CASES_PER_MUNICIPALITY = 200;

export type DemoAccount = { login: string; password: string; role: Role; tenant: string; fullName: string };

type AccountTemplate = { suffix: string; role: Role; fullName: string; position: string };

const MUNICIPALITY_ACCOUNTS: AccountTemplate[] = [
  { suffix: 'admin', role: 'admin', fullName: 'Соколов Андрей Викторович', position: 'Администратор МЦУ' },
  { suffix: 'mcu', role: 'manager', fullName: 'Белова Наталья Сергеевна', position: 'Руководитель МЦУ' },
  { suffix: 'im', role: 'coordinator_im', fullName: 'Гришин Павел Олегович', position: 'Ответственный за ИМ' },
  { suffix: 'pos', role: 'coordinator_pos', fullName: 'Зайцева Ольга Николаевна', position: 'Ответственный за ПОС' },
  { suffix: 'executor', role: 'executor', fullName: 'Кузьмин Игорь Петрович', position: 'Специалист отдела ЖКХ' },
  {
    suffix: 'glava',
    role: 'head',
    fullName: 'Руденко Сергей Александрович',
    position: 'Глава муниципального образования',
  },
];

const REGION_ACCOUNTS: AccountTemplate[] = [
  { suffix: 'curator', role: 'cur_curator', fullName: 'Лебедева Марина Юрьевна', position: 'Куратор ЦУР' },
];

/** Demo accounts, in the order they are printed. Logins are `<tenant slug>.<suffix>`. */
export function listDemoAccounts(): DemoAccount[] {
  const accounts: DemoAccount[] = REGION_ACCOUNTS.map((template) => toAccount(DEMO_REGION.slug, template));
  for (const municipality of DEMO_REGION.municipalities) {
    accounts.push(...MUNICIPALITY_ACCOUNTS.map((template) => toAccount(municipality.slug, template)));
  }
  return accounts;
}

function toAccount(tenant: string, template: AccountTemplate): DemoAccount {
  return {
    login: `${tenant}.${template.suffix}`,
    password: DEMO_PASSWORD,
    role: template.role,
    tenant,
    fullName: template.fullName,
  };
}

export type DemoSeedResult = {
  accounts: DemoAccount[];
  createdTenants: number;
  createdUsers: number;
  createdCases: number;
};

/**
 * Creates the demo region, its two municipalities, their staff and a few hundred generated messages.
 * Idempotent: what exists is left as it is, so running it again changes nothing.
 */
export async function seedDemo(database: Database, options: { now?: Date } = {}): Promise<DemoSeedResult> {
  const now = options.now ?? new Date();
  let createdTenants = 0;
  let createdUsers = 0;
  let createdCases = 0;

  let region = await organization.findTenantBySlug(database.pool, DEMO_REGION.slug);
  if (!region) {
    region = await organization.insertTenant(database.pool, {
      parentId: null,
      kind: 'region',
      slug: DEMO_REGION.slug,
      name: DEMO_REGION.name,
      shortName: DEMO_REGION.name,
      timezone: DEMO_REGION.timezone,
    });
    createdTenants += 1;
  }
  createdUsers += await ensureAccounts(database, DEMO_REGION.slug, REGION_ACCOUNTS);

  for (const [index, municipality] of DEMO_REGION.municipalities.entries()) {
    let tenant = await organization.findTenantBySlug(database.pool, municipality.slug);
    if (!tenant) {
      tenant = await organization.insertTenant(database.pool, {
        parentId: region.id,
        kind: 'municipality',
        slug: municipality.slug,
        name: municipality.name,
        shortName: municipality.shortName,
        timezone: municipality.timezone,
      });
      createdTenants += 1;
    }
    createdUsers += await ensureAccounts(database, municipality.slug, MUNICIPALITY_ACCOUNTS);
    const structure = await ensureStructure(database, tenant.id, municipality.slug, municipality.shortName);
    if ((await countCasesOfTenant(database.pool, tenant.id)) === 0) {
      const demoCases = generateDemoCases({
        municipality,
        count: DEMO_CASES_PER_MUNICIPALITY,
        seed: 2026 + index,
        now,
      }).sort((left: DemoCase, right: DemoCase) => left.receivedAt.getTime() - right.receivedAt.getTime());
      const tenantId = tenant.id;
      const routed = demoCases.map((item) => routeDemoCase(item, structure));
      createdCases += await withTransaction(database.pool, async (client) => {
        const inserted = await insertCases(client, tenantId, routed);
        await startDemoTimers(client, { id: tenantId, timezone: municipality.timezone });
        await placeDemoCasesInWorkflows(client, tenantId);
        await recordAudit(client, {
          tenantId,
          actorUserId: null,
          action: 'demo.seeded',
          details: { cases: inserted },
        });
        return inserted;
      });
    }
  }
  return { accounts: listDemoAccounts(), createdTenants, createdUsers, createdCases };
}

async function ensureAccounts(database: Database, tenantSlug: string, templates: AccountTemplate[]): Promise<number> {
  let created = 0;
  for (const template of templates) {
    const login = `${tenantSlug}.${template.suffix}`;
    if (await organization.findUserByLogin(database.pool, login)) continue;
    await organization.createUser(database, {
      tenantSlug,
      login,
      password: DEMO_PASSWORD,
      fullName: template.fullName,
      position: template.position,
      roles: [template.role],
    });
    created += 1;
  }
  return created;
}

/** Departments of a demo administration and the demo categories each one answers. */
const DEMO_DEPARTMENTS: Array<{
  name: string;
  shortName: string;
  kind: 'department' | 'institution';
  categories: string[];
}> = [
  {
    name: 'Управление жилищно-коммунального хозяйства',
    shortName: 'Управление ЖКХ',
    kind: 'department',
    categories: ['ЖКХ', 'Электроснабжение'],
  },
  {
    name: 'Управление дорожного хозяйства и транспорта',
    shortName: 'Дороги и транспорт',
    kind: 'department',
    categories: ['Дороги', 'Транспорт'],
  },
  {
    name: 'Отдел благоустройства и экологии',
    shortName: 'Благоустройство',
    kind: 'department',
    categories: ['Благоустройство', 'Мусор и ТКО'],
  },
  { name: 'Управление образования', shortName: 'Образование', kind: 'department', categories: ['Образование'] },
  {
    name: 'Управление социальной защиты населения',
    shortName: 'Соцзащита',
    kind: 'department',
    categories: ['Социальная защита', 'Здравоохранение'],
  },
  {
    name: 'МКУ «Единая дежурно-диспетчерская служба»',
    shortName: 'ЕДДС',
    kind: 'institution',
    categories: [],
  },
];

type DemoStructure = { recipientByCategory: Map<string, string>; executorId: string | undefined; housingId: string };

/**
 * The administration of a demo municipality: departments under it, the executor account placed in the
 * housing department, and two thematic blocks. Created once; later runs only read it back.
 */
async function ensureStructure(
  database: Database,
  tenantId: string,
  tenantSlug: string,
  shortName: string,
): Promise<DemoStructure> {
  let recipients = await organization.listRecipients(database.pool, [tenantId]);
  if (recipients.length === 0) {
    await withTransaction(database.pool, async (client) => {
      const administrationId = await organization.insertRecipient(client, {
        tenantId,
        parentId: null,
        kind: 'administration',
        name: `Администрация — ${shortName}`,
        shortName: 'Администрация',
      });
      for (const department of DEMO_DEPARTMENTS) {
        await organization.insertRecipient(client, {
          tenantId,
          parentId: administrationId,
          kind: department.kind,
          name: department.name,
          shortName: department.shortName,
        });
      }
      const executor = await organization.findUserByLogin(client, `${tenantSlug}.executor`);
      const manager = await organization.findUserByLogin(client, `${tenantSlug}.mcu`);
      const housing = (await organization.listRecipients(client, [tenantId])).find(
        (recipient) => recipient.shortName === 'Управление ЖКХ',
      );
      if (executor && housing) {
        await organization.setPersonRecipient(client, executor.id, housing.id);
      }
      const infrastructure = await organization.insertBlock(client, {
        tenantId,
        name: 'Дорожная инфраструктура, транспорт, ЖКХ, благоустройство, ТКО',
        topics: ['Дороги', 'Транспорт', 'ЖКХ', 'Благоустройство', 'Мусор и ТКО', 'Электроснабжение'],
        leaderId: manager?.id ?? null,
      });
      await organization.replaceBlockMembers(client, tenantId, infrastructure, executor ? [executor.id] : []);
      await organization.insertBlock(client, {
        tenantId,
        name: 'Социальная политика',
        topics: ['Образование', 'Социальная защита', 'Здравоохранение'],
        leaderId: null,
      });
      await recordAudit(client, { tenantId, actorUserId: null, action: 'demo.structure_seeded' });
    });
    recipients = await organization.listRecipients(database.pool, [tenantId]);
  }
  const recipientByCategory = new Map<string, string>();
  for (const department of DEMO_DEPARTMENTS) {
    const recipient = recipients.find((candidate) => candidate.shortName === department.shortName);
    if (recipient) for (const category of department.categories) recipientByCategory.set(category, recipient.id);
  }
  const housingId = recipients.find((candidate) => candidate.shortName === 'Управление ЖКХ')?.id ?? '';
  const executor = await organization.findUserByLogin(database.pool, `${tenantSlug}.executor`);
  return { recipientByCategory, executorId: executor?.id, housingId };
}

/** Routes a generated case to its department; housing cases that are taken are assigned to the executor. */
function routeDemoCase(item: DemoCase, structure: DemoStructure): NewCase {
  const recipientId = (item.category && structure.recipientByCategory.get(item.category)) || null;
  const isTaken = item.status !== 'new' && item.status !== 'moderation' && item.status !== 'rejected';
  const executorId = recipientId === structure.housingId && isTaken ? (structure.executorId ?? null) : null;
  return { ...item, recipientId, executorId };
}

/**
 * Demo cases get real SLA timers (the tenant's policies, the production calendar): due times come from
 * them, and the timers of steps already done are stopped when the generated history says so.
 */
async function startDemoTimers(client: PoolClient, tenant: { id: string; timezone: string }): Promise<void> {
  const rows = await seedRepository.listDemoCases(client, tenant.id);
  await startCaseTimers(client, tenant, rows);
  const finished = rows.filter((row) => ['answered', 'closed', 'rejected'].includes(row.status));
  await seedRepository.stopTimersAt(
    client,
    tenant.id,
    finished.map((row) => ({ caseId: row.id, at: row.closedAt ?? row.receivedAt })),
  );
  await seedRepository.stopEarlyTimersOfTakenCases(client, tenant.id);
}

/** Each demo case gets its channel's workflow and the first state of that workflow in its status group. */
async function placeDemoCasesInWorkflows(client: PoolClient, tenantId: string): Promise<void> {
  const rows = await seedRepository.listDemoCases(client, tenantId);
  const placed = rows.map((row) => {
    const { workflow, state } = resolveWorkflowState({ ...row, workflowId: null, state: null });
    return { id: row.id, workflowId: workflow.id, state };
  });
  await seedRepository.setWorkflowStates(client, tenantId, placed);
}
