import { ROLES, type Role } from '../../../../shared/roles.js';
import type { PeopleFilter } from './organization.api.js';

export const ORGANIZATION_TABS = ['recipients', 'people', 'blocks', 'substitutions', 'compositions'] as const;
export type OrganizationTab = (typeof ORGANIZATION_TABS)[number];
export const DEFAULT_ORGANIZATION_TAB: OrganizationTab = 'recipients';

export const ORGANIZATION_TAB_TITLES: Record<OrganizationTab, string> = {
  recipients: 'Получатели',
  people: 'Сотрудники',
  blocks: 'Блоки',
  substitutions: 'Замещения',
  compositions: 'Состав МЦУ',
};

/** The organisation page's state as it lives in the address bar: the tab, the municipality and the people filters. */
export type OrganizationSearch = {
  tab?: OrganizationTab;
  /** The municipality a region user (ЦУР) looks at; a municipality user has only their own. */
  tenantId?: string;
  q?: string;
  recipientId?: string;
  role?: Role;
  isActive?: boolean;
  /** The composition version open in the side panel. */
  compositionId?: string;
};

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function pickUuid(value: unknown): string | undefined {
  return typeof value === 'string' && UUID_PATTERN.test(value) ? value : undefined;
}

function pickOne<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function pickBoolean(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** Reads the address bar leniently: a value that makes no sense is dropped rather than shown as an error. */
export function parseOrganizationSearch(raw: Record<string, unknown>): OrganizationSearch {
  const search: OrganizationSearch = {};
  const tab = pickOne(ORGANIZATION_TABS, raw.tab);
  const tenantId = pickUuid(raw.tenantId);
  const q = typeof raw.q === 'string' || typeof raw.q === 'number' ? String(raw.q).trim().slice(0, 200) : '';
  const recipientId = pickUuid(raw.recipientId);
  const role = pickOne(ROLES, raw.role);
  const isActive = pickBoolean(raw.isActive);
  const compositionId = pickUuid(raw.compositionId);
  if (tab && tab !== DEFAULT_ORGANIZATION_TAB) search.tab = tab;
  if (tenantId) search.tenantId = tenantId;
  if (q !== '') search.q = q;
  if (recipientId) search.recipientId = recipientId;
  if (role) search.role = role;
  if (isActive !== undefined) search.isActive = isActive;
  if (compositionId) search.compositionId = compositionId;
  return search;
}

/** The people filters only: what `GET /api/people` is asked with. */
export function toPeopleFilter(search: OrganizationSearch): PeopleFilter {
  return { q: search.q, recipientId: search.recipientId, role: search.role, isActive: search.isActive };
}

export function hasPeopleFilters(search: OrganizationSearch): boolean {
  return Boolean(search.q || search.recipientId || search.role || search.isActive !== undefined);
}

/**
 * The search for another tab: the municipality stays, the previous tab's filters and panels are dropped
 * (a person filter makes no sense on the blocks tab, and would silently come back on returning).
 */
export function switchOrganizationTab(search: OrganizationSearch, tab: OrganizationTab): OrganizationSearch {
  return parseOrganizationSearch({ tab, tenantId: search.tenantId });
}
