import {
  APPEAL_TYPES,
  type AppealType,
  RECEIPT_FORMS,
  type ReceiptForm,
} from '../../../../shared/contracts/appeals.contract.js';

/** The journal's filters as they stand in the address bar (`/appeals?appealType=complaint&isRepeat=true`). */
export type JournalSearch = {
  from?: string;
  to?: string;
  appealType?: AppealType;
  receiptForm?: ReceiptForm;
  classifierCode?: string;
  isRepeat?: 'true' | 'false';
  isCollective?: 'true' | 'false';
  q?: string;
  page?: number;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^\d{4}(\.\d{4}){0,3}$/;
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const flag = (value: unknown) => (value === 'true' || value === 'false' ? value : undefined);

/** Keeps only values the API accepts; anything else typed into the address is dropped. */
export function parseJournalSearch(search: Record<string, unknown>): JournalSearch {
  const from = text(search.from);
  const to = text(search.to);
  const appealType = text(search.appealType);
  const receiptForm = text(search.receiptForm);
  const classifierCode = text(search.classifierCode);
  const page = Number(search.page);
  const result: JournalSearch = {};
  if (from && DAY.test(from)) result.from = from;
  if (to && DAY.test(to)) result.to = to;
  if (appealType && (APPEAL_TYPES as readonly string[]).includes(appealType))
    result.appealType = appealType as AppealType;
  if (receiptForm && (RECEIPT_FORMS as readonly string[]).includes(receiptForm))
    result.receiptForm = receiptForm as ReceiptForm;
  if (classifierCode && CODE.test(classifierCode)) result.classifierCode = classifierCode;
  const isRepeat = flag(search.isRepeat);
  if (isRepeat) result.isRepeat = isRepeat;
  const isCollective = flag(search.isCollective);
  if (isCollective) result.isCollective = isCollective;
  const q = text(search.q);
  if (q) result.q = q.slice(0, 100);
  if (Number.isInteger(page) && page > 1) result.page = page;
  return result;
}
