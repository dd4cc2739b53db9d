import type { Role } from '../../../shared/roles.js';
import { recordAudit } from '../../platform/audit.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { countCasesOfTenant, insertCases } from '../cases/index.js';
import * as organization from '../organization/index.js';
import { DEMO_REGION, type DemoCase, generateDemoCases } from './demo-data.generator.js';

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
    if ((await countCasesOfTenant(database.pool, tenant.id)) === 0) {
      const demoCases = generateDemoCases({
        municipality,
        count: DEMO_CASES_PER_MUNICIPALITY,
        seed: 2026 + index,
        now,
      }).sort((left: DemoCase, right: DemoCase) => left.receivedAt.getTime() - right.receivedAt.getTime());
      const tenantId = tenant.id;
      createdCases += await withTransaction(database.pool, async (client) => {
        const inserted = await insertCases(client, tenantId, demoCases);
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
