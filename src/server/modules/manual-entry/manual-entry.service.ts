import type { CaseDetail } from '../../../shared/contracts/cases.contract.js';
import type {
  DuplicateCheckInput,
  ManualEntryInput,
  SuspectedDuplicate,
} from '../../../shared/contracts/manual-entry.contract.js';
import { hasPermission } from '../../../shared/permissions.js';
import type { AuthContext } from '../../platform/auth/auth-context.js';
import type { Database } from '../../platform/db/database.js';
import { withTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { isSimilarText, normalisePhone, sharedStems, subjectStems } from '../appeals/index.js';
import { findResentCase, getCase, insertManualCase } from '../cases/index.js';
import { listRecentCasesByPhone } from './manual-entry.repository.js';

const DAY_MS = 86_400_000;
const EXCERPT_LENGTH = 160;

function requireOperator(context: AuthContext): void {
  if (!hasPermission(context.roles, 'cases.create'))
    throw new AppError('FORBIDDEN', 'Вводить сообщения может сотрудник МЦУ.');
  if (context.tenant.kind !== 'municipality') {
    throw new AppError('VALIDATION_FAILED', 'Сообщение регистрируется в муниципалитете.', [
      { field: 'tenant', message: 'Только для МЦУ' },
    ]);
  }
}

/** Cases of the last `days` days from the same phone with a similar text (shared stems). */
export async function findSuspectedDuplicates(
  database: Database,
  context: AuthContext,
  input: DuplicateCheckInput,
): Promise<SuspectedDuplicate[]> {
  requireOperator(context);
  const phone = normalisePhone(input.phone ?? null);
  const stems = subjectStems(input.text);
  if (!phone || stems.length === 0) return [];
  const since = new Date(Date.now() - input.days * DAY_MS);
  const rows = await listRecentCasesByPhone(database.pool, context.tenant.id, phone, since);
  const duplicates: SuspectedDuplicate[] = [];
  for (const row of rows) {
    const other = subjectStems(row.text);
    if (!isSimilarText(stems, other)) continue;
    duplicates.push({
      id: row.id,
      number: row.number,
      channel: row.channel,
      receivedAt: new Date(row.receivedAt).toISOString(),
      excerpt: row.text.length > EXCERPT_LENGTH ? `${row.text.slice(0, EXCERPT_LENGTH - 1)}…` : row.text,
      sharedWords: sharedStems(stems, other).length,
    });
  }
  return duplicates;
}

/**
 * An operator's entry (phone, reception, letter, e-mail) through the case service: if the same phone
 * sent a similar text in the last days, the entry is refused with 409 DUPLICATE_SUSPECTED and the list,
 * until the operator confirms it is a new one.
 */
export async function createManualEntry(
  database: Database,
  context: AuthContext,
  input: ManualEntryInput,
  origin: { ipAddress: string; requestId: string },
): Promise<CaseDetail> {
  requireOperator(context);
  const { isDuplicateConfirmed, ...caseInput } = input;
  // A retry of a sending that already registered its case (the answer was lost): that case, before the
  // duplicates warning, which would otherwise show the operator their own first sending.
  const resent = await findResentCase(database.pool, context, caseInput);
  if (resent) return getCase(database, context, resent, origin);
  if (!isDuplicateConfirmed) {
    const duplicates = await findSuspectedDuplicates(database, context, {
      phone: caseInput.applicant?.phone ?? null,
      text: caseInput.text,
      days: 7,
    });
    if (duplicates.length > 0) {
      // A retry sent together with the first (a double click) finds the first one's case here, written a
      // moment ago: that is the answer, not a warning about it.
      const resentMeanwhile = await findResentCase(database.pool, context, caseInput);
      if (resentMeanwhile) return getCase(database, context, resentMeanwhile, origin);
      throw new AppError(
        'DUPLICATE_SUSPECTED',
        `С этого телефона за последние дни уже есть похожее: № ${duplicates.map((item) => item.number).join(', ')}. Проверьте и подтвердите, что это новое обращение.`,
        [{ field: 'isDuplicateConfirmed', message: 'Похоже на повтор — подтвердите' }],
        undefined,
        { duplicates },
      );
    }
  }
  const { id } = await withTransaction(database.pool, (client) =>
    insertManualCase(database, client, context, caseInput, origin),
  );
  return getCase(database, context, id, origin);
}
