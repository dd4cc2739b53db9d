import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone.js';
import utc from 'dayjs/plugin/utc.js';
import { AuditQuerySchema } from '../../../../shared/contracts/organization.contract.js';

dayjs.extend(utc);
dayjs.extend(timezone);

export const AUDIT_PAGE_SIZES = [20, 50, 100, 200] as const;
export const DEFAULT_AUDIT_PAGE_SIZE = 50;
const AUDIT_PAGE_SIZE_MAX = 200;

/** The audit search as it lives in the address bar, in the shape `GET /api/audit` takes it. */
export type AuditSearch = {
  actorId?: string;
  objectType?: string;
  objectId?: string;
  action?: string;
  /** ISO-8601 with offset: the first moment of the period. */
  from?: string;
  /** ISO-8601 with offset: the last moment of the period. */
  to?: string;
  page?: number;
  pageSize?: number;
};

const { shape } = AuditQuerySchema;

function pickValid<T>(schema: { safeParse: (value: unknown) => { success: boolean; data?: T } }, value: unknown) {
  if (value === undefined || value === null || value === '') return undefined;
  const result = schema.safeParse(typeof value === 'number' ? String(value) : value);
  return result.success ? result.data : undefined;
}

function toPositiveInteger(value: unknown, max: number): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number >= 1 && number <= max ? number : undefined;
}

/** Reads the address bar leniently, with the server's own rules: a value it would refuse is dropped. */
export function parseAuditSearch(raw: Record<string, unknown>): AuditSearch {
  const search: AuditSearch = {};
  const actorId = pickValid<string | undefined>(shape.actorId, raw.actorId);
  const objectType = pickValid<string | undefined>(shape.objectType, raw.objectType);
  const objectId = pickValid<string | undefined>(shape.objectId, raw.objectId);
  const action = pickValid<string | undefined>(shape.action, raw.action);
  const from = pickValid<string | undefined>(shape.from, raw.from);
  const to = pickValid<string | undefined>(shape.to, raw.to);
  const page = toPositiveInteger(raw.page, Number.MAX_SAFE_INTEGER);
  const pageSize = toPositiveInteger(raw.pageSize, AUDIT_PAGE_SIZE_MAX);
  if (actorId) search.actorId = actorId;
  if (objectType) search.objectType = objectType;
  if (objectId) search.objectId = objectId;
  if (action) search.action = action;
  if (from) search.from = from;
  if (to) search.to = to;
  if (page && page > 1) search.page = page;
  if (pageSize && pageSize !== DEFAULT_AUDIT_PAGE_SIZE) search.pageSize = pageSize;
  return search;
}

export function hasAuditFilters(search: AuditSearch): boolean {
  return Boolean(search.actorId || search.objectType || search.objectId || search.action || search.from || search.to);
}

/**
 * A period picked as calendar days → the first and the last moment of those days in the tenant's time zone
 * (the log is read in the center's local time, whatever the browser's zone).
 */
export function toPeriodBounds(firstDay: string, lastDay: string, timeZone: string): { from: string; to: string } {
  return {
    from: dayjs.tz(firstDay, timeZone).startOf('day').format(),
    to: dayjs.tz(lastDay, timeZone).endOf('day').format('YYYY-MM-DDTHH:mm:ss.SSSZ'),
  };
}

/** The calendar days (YYYY-MM-DD, in the tenant's zone) a period from the address bar covers. */
export function toPeriodDays(search: AuditSearch, timeZone: string): [string | null, string | null] {
  const toDay = (iso: string | undefined) => (iso ? dayjs(iso).tz(timeZone).format('YYYY-MM-DD') : null);
  return [toDay(search.from), toDay(search.to)];
}
