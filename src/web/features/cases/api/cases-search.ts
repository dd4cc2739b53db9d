import {
  CASE_KINDS,
  CASE_STATUSES,
  type CaseKind,
  type CaseStatus,
  CHANNELS,
  type Channel,
} from '../../../../shared/channels.js';
import { CASE_PAGE_SIZE_MAX } from '../../../../shared/contracts/cases.contract.js';

export const CASE_PAGE_SIZES = [20, 50, 100, CASE_PAGE_SIZE_MAX] as const;
export const DEFAULT_CASE_PAGE_SIZE = 50;

/** The case list's state as it lives in the address bar, so a filtered list can be bookmarked and shared. */
export type CasesSearch = {
  channel?: Channel;
  status?: CaseStatus;
  kind?: CaseKind;
  q?: string;
  isOverdue?: boolean;
  page?: number;
  pageSize?: number;
  /** The case open in the side panel. */
  caseId?: string;
};

function pickOne<T extends string>(allowed: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function toPositiveInteger(value: unknown, max: number): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 1 && number <= max ? number : undefined;
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the address bar leniently: a value that makes no sense is dropped rather than shown as an error. */
export function parseCasesSearch(raw: Record<string, unknown>): CasesSearch {
  const search: CasesSearch = {};
  const channel = pickOne(CHANNELS, raw.channel);
  const status = pickOne(CASE_STATUSES, raw.status);
  const kind = pickOne(CASE_KINDS, raw.kind);
  const q = typeof raw.q === 'string' || typeof raw.q === 'number' ? String(raw.q).trim().slice(0, 200) : '';
  const page = toPositiveInteger(raw.page, Number.MAX_SAFE_INTEGER);
  const pageSize = toPositiveInteger(raw.pageSize, CASE_PAGE_SIZE_MAX);
  if (channel) search.channel = channel;
  if (status) search.status = status;
  if (kind) search.kind = kind;
  if (q !== '') search.q = q;
  if (raw.isOverdue === true || raw.isOverdue === 'true') search.isOverdue = true;
  if (page && page > 1) search.page = page;
  if (pageSize && pageSize !== DEFAULT_CASE_PAGE_SIZE) search.pageSize = pageSize;
  if (typeof raw.caseId === 'string' && UUID_PATTERN.test(raw.caseId)) search.caseId = raw.caseId;
  return search;
}

export function hasCaseFilters(search: CasesSearch): boolean {
  return Boolean(search.channel || search.status || search.kind || search.q || search.isOverdue);
}
