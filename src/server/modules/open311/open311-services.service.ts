import type {
  Open311Service,
  SaveServiceAttributesInput,
  SaveServiceInput,
} from '../../../shared/contracts/open311.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import { type Queryable, recordAudit } from '../../platform/audit.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { loadOnce } from '../../platform/shared-load.js';
import { findRubricatorByCode, upsertRubricator, upsertRubricatorItems } from '../rubricators/index.js';
import * as repository from './open311.repository.js';

/** The rubricator whose items are the tenant's Open311 services and the public form's categories. */
export const OWN_RUBRICATOR_CODE = 'own';

/** Services of a municipality that has neither its own rubricator nor any categorised case yet. */
const DEFAULT_SERVICE_NAMES = [
  'Дороги и тротуары',
  'Уборка улиц и дворов',
  'Уличное освещение',
  'Вывоз мусора',
  'Отопление и водоснабжение',
  'Благоустройство и озеленение',
  'Общественный транспорт',
  'Другое',
];

export type CatalogService = repository.ServiceRow & { attributes: repository.AttributeRow[] };
export type ServiceCatalog = { rubricatorId: string; services: CatalogService[]; byCode: Map<string, CatalogService> };

const CATALOG_CACHE_MILLISECONDS = 30_000;
const catalogCache = new Map<string, { catalog: ServiceCatalog; loadedAt: number }>();

export function invalidateServiceCatalog(tenantId: string): void {
  catalogCache.delete(tenantId);
}

/** Creates the tenant's `own` rubricator from its categories in use (or a short default list) if it has none. */
async function ensureOwnRubricator(database: Database, tenantId: string): Promise<string> {
  const existing = await findRubricatorByCode(database.pool, tenantId, OWN_RUBRICATOR_CODE);
  if (existing) return existing.id;
  const used = await repository.listUsedCategories(database.pool, tenantId, 40);
  const names = used.length > 0 ? used : DEFAULT_SERVICE_NAMES;
  return withTransaction(database.pool, async (client) => {
    const rubricator = await upsertRubricator(client, {
      tenantId,
      code: OWN_RUBRICATOR_CODE,
      name: 'Рубрикатор муниципалитета',
      source: 'own',
    });
    await upsertRubricatorItems(
      client,
      tenantId,
      rubricator.id,
      names.map((name, index) => ({
        code: String(index + 1).padStart(3, '0'),
        name,
        parentCode: null,
        description: null,
        level: 1,
        sortOrder: index + 1,
      })),
    );
    await recordAudit(client, {
      tenantId,
      actorUserId: null,
      action: 'rubricator.created',
      objectType: 'rubricator',
      objectId: rubricator.id,
      after: { code: OWN_RUBRICATOR_CODE, items: names },
      details: { reason: used.length > 0 ? 'категории сообщений муниципалитета' : 'список по умолчанию' },
    });
    return rubricator.id;
  });
}

/** The tenant's services with their attributes, cached 30 s (an edit here clears it at once). */
export async function loadServiceCatalog(database: Database, tenantId: string): Promise<ServiceCatalog> {
  const cached = catalogCache.get(tenantId);
  if (cached && Date.now() - cached.loadedAt < CATALOG_CACHE_MILLISECONDS) return cached.catalog;
  return loadOnce(database.pool, `open311-services:${tenantId}`, async () => {
    const rubricatorId = await ensureOwnRubricator(database, tenantId);
    const catalog = await readCatalog(database.pool, tenantId, rubricatorId);
    catalogCache.set(tenantId, { catalog, loadedAt: Date.now() });
    return catalog;
  });
}

async function readCatalog(database: Queryable, tenantId: string, rubricatorId: string): Promise<ServiceCatalog> {
  const [items, attributes] = await Promise.all([
    repository.listServiceItems(database, tenantId, rubricatorId),
    repository.listAttributes(database, tenantId),
  ]);
  const services = items.map((item) => ({
    ...item,
    attributes: attributes.filter((attribute) => attribute.itemId === item.id),
  }));
  return { rubricatorId, services, byCode: new Map(services.map((service) => [service.code, service])) };
}

// ── Administration ──────────────────────────────────────────────────────────────────────────────────

function tenantOf(context: AuthContext): string {
  if (!hasPermission(context.roles, 'services.manage')) throw forbidden('Услуги Open311 настраивает администратор.');
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Услуги настраиваются в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
  return context.tenant.id;
}

function present(service: CatalogService): Open311Service {
  return {
    id: service.id,
    code: service.code,
    name: service.name,
    description: service.description,
    group: service.parentName,
    isActive: service.isActive,
    attributes: service.attributes.map((attribute) => ({
      code: attribute.code,
      datatype: attribute.datatype,
      description: attribute.description,
      datatypeDescription: attribute.datatypeDescription,
      isRequired: attribute.isRequired,
      isVariable: attribute.isVariable,
      order: attribute.sortOrder,
      values: attribute.values,
    })),
  };
}

export async function listServicesForAdmin(database: Database, context: AuthContext): Promise<Open311Service[]> {
  const tenantId = tenantOf(context);
  invalidateServiceCatalog(tenantId);
  return (await loadServiceCatalog(database, tenantId)).services.map(present);
}

type Origin = { ipAddress: string; requestId: string };

export async function saveService(
  database: Database,
  context: AuthContext,
  code: string | undefined,
  input: SaveServiceInput,
  origin: Origin,
): Promise<Open311Service> {
  const tenantId = tenantOf(context);
  const catalog = await loadServiceCatalog(database, tenantId);
  const existing = code === undefined ? undefined : catalog.byCode.get(code);
  if (code !== undefined && !existing) throw notFound(`Услуга «${code}» не найдена.`);
  if (code === undefined && catalog.byCode.has(input.code)) {
    throw new AppError('CONFLICT', `Услуга с кодом «${input.code}» уже есть.`, [
      { field: 'code', message: 'Код занят' },
    ]);
  }
  const finalCode = existing?.code ?? input.code;
  await withTransaction(database.pool, async (client) => {
    if (!existing) {
      await upsertRubricatorItems(client, tenantId, catalog.rubricatorId, [
        {
          code: finalCode,
          name: input.name,
          parentCode: null,
          description: input.description ?? null,
          level: 1,
          sortOrder: catalog.services.length + 1,
        },
      ]);
    }
    const fresh = await readCatalog(client, tenantId, catalog.rubricatorId);
    const item = fresh.byCode.get(finalCode);
    if (!item) throw notFound(`Услуга «${finalCode}» не найдена.`);
    await repository.setServiceItem(client, tenantId, item.id, {
      name: input.name,
      description: input.description ?? null,
      isActive: input.isActive ?? true,
    });
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: existing ? 'open311.service_updated' : 'open311.service_created',
      objectType: 'rubricator_item',
      objectId: item.id,
      before: existing
        ? { name: existing.name, description: existing.description, isActive: existing.isActive }
        : undefined,
      after: {
        code: finalCode,
        name: input.name,
        description: input.description ?? null,
        isActive: input.isActive ?? true,
      },
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateServiceCatalog(tenantId);
  const saved = (await loadServiceCatalog(database, tenantId)).byCode.get(finalCode);
  if (!saved) throw notFound();
  return present(saved);
}

export async function saveServiceAttributes(
  database: Database,
  context: AuthContext,
  code: string,
  input: SaveServiceAttributesInput,
  origin: Origin,
): Promise<Open311Service> {
  const tenantId = tenantOf(context);
  const service = (await loadServiceCatalog(database, tenantId)).byCode.get(code);
  if (!service) throw notFound(`Услуга «${code}» не найдена.`);
  await withTransaction(database.pool, async (client) => {
    await repository.replaceAttributes(
      client,
      tenantId,
      service.id,
      input.attributes.map((attribute, index) => ({
        code: attribute.code,
        datatype: attribute.datatype,
        description: attribute.description,
        datatypeDescription: attribute.datatypeDescription ?? null,
        isRequired: attribute.isRequired,
        isVariable: attribute.isVariable ?? true,
        sortOrder: attribute.order ?? index + 1,
        values: attribute.values ?? [],
      })),
    );
    await recordAudit(client, {
      tenantId,
      actorUserId: context.userId,
      action: 'open311.attributes_saved',
      objectType: 'rubricator_item',
      objectId: service.id,
      before: service.attributes.map(({ id: _id, itemId: _itemId, ...rest }) => rest),
      after: input.attributes,
      ipAddress: origin.ipAddress,
      requestId: origin.requestId,
    });
  });
  invalidateServiceCatalog(tenantId);
  const saved = (await loadServiceCatalog(database, tenantId)).byCode.get(code);
  if (!saved) throw notFound();
  return present(saved);
}
