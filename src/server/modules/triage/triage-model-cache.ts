import type { Queryable } from '../../platform/audit.js';
import * as repository from './triage.repository.js';
import { decodeModel } from './triage-lifecycle.js';
import { TriagePredictor } from './triage-model.js';

// The active model of each tenant, loaded once and kept in memory. Every use asks the database which model
// is active (one indexed row): a new version activated here or by another process replaces the cached one
// at its next use, and `forgetTenantModel` drops it at once in the process that activated it.

export type LoadedModel = { id: string; version: number; createdAt: Date; predictor: TriagePredictor };

const loaded = new Map<string, LoadedModel>();
const loading = new Map<string, Promise<LoadedModel | null>>();

export async function loadActiveModel(database: Queryable, tenantId: string): Promise<LoadedModel | null> {
  const active = await repository.findActiveModelId(database, tenantId);
  if (!active) {
    loaded.delete(tenantId);
    return null;
  }
  const cached = loaded.get(tenantId);
  if (cached?.id === active.id) return cached;
  const key = `${tenantId}:${active.id}`;
  let pending = loading.get(key);
  if (!pending) {
    pending = (async () => {
      const bytes = await repository.readModelBytes(database, tenantId, active.id);
      if (!bytes) return null;
      const model: LoadedModel = { ...active, predictor: new TriagePredictor(decodeModel(bytes)) };
      loaded.set(tenantId, model);
      return model;
    })().finally(() => loading.delete(key));
    loading.set(key, pending);
  }
  return pending;
}

/** Drops the tenant's cached model (called when a new version becomes active). */
export function forgetTenantModel(tenantId: string): void {
  loaded.delete(tenantId);
}
