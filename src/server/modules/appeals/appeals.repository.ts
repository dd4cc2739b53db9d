import type { AppealType, ReceiptForm } from '../../../shared/contracts/appeals.contract.js';
import type { Queryable } from '../../platform/audit.js';
import { containsPattern, foldCaseSql } from '../../platform/db/text-search.js';

export type AppealSettingsRow = { numberPrefix: string; repeatPeriodDays: number };

export async function findSettings(database: Queryable, tenantId: string): Promise<AppealSettingsRow> {
  const result = await database.query<AppealSettingsRow>(
    `select number_prefix as "numberPrefix", repeat_period_days as "repeatPeriodDays"
       from appeal_settings where tenant_id = $1`,
    [tenantId],
  );
  return result.rows[0] ?? { numberPrefix: 'ОГ', repeatPeriodDays: 365 };
}

export async function saveSettings(database: Queryable, tenantId: string, settings: AppealSettingsRow): Promise<void> {
  await database.query(
    `insert into appeal_settings (tenant_id, number_prefix, repeat_period_days) values ($1, $2, $3)
     on conflict (tenant_id) do update set number_prefix = excluded.number_prefix,
       repeat_period_days = excluded.repeat_period_days, updated_at = now()`,
    [tenantId, settings.numberPrefix, settings.repeatPeriodDays],
  );
}

/**
 * The next registration number of the tenant's year. The counter row is locked by the upsert until the
 * transaction ends, so parallel registrations queue up and never share a number.
 */
export async function takeNextSequence(database: Queryable, tenantId: string, year: number): Promise<number> {
  const result = await database.query<{ lastValue: number }>(
    `insert into appeal_registration_counters (tenant_id, year, last_value) values ($1, $2, 1)
     on conflict (tenant_id, year) do update set last_value = appeal_registration_counters.last_value + 1
     returning last_value as "lastValue"`,
    [tenantId, year],
  );
  const value = result.rows[0]?.lastValue;
  if (value === undefined) throw new Error('счётчик номеров не вернул значение');
  return value;
}

/** The case to register, locked for the transaction. */
export type AppealCaseRow = {
  id: string;
  tenantId: string;
  number: string;
  kind: string;
  channel: string;
  state: string | null;
  text: string;
  receivedAt: Date;
  isRegistered: boolean;
};

export async function lockAppealCase(
  database: Queryable,
  tenantId: string,
  caseId: string,
): Promise<AppealCaseRow | undefined> {
  const result = await database.query<AppealCaseRow>(
    `select c.id, c.tenant_id as "tenantId", c.number, c.kind, c.channel, c.state, c.text, c.received_at as "receivedAt",
            exists (select 1 from appeal_registrations r where r.tenant_id = c.tenant_id and r.case_id = c.id)
              as "isRegistered"
       from cases c where c.tenant_id = $1 and c.id = $2 for update`,
    [tenantId, caseId],
  );
  return result.rows[0];
}

export type RepeatCandidate = {
  caseId: string;
  number: string;
  registeredAt: Date;
  applicantName: string;
  applicantAddress: string | null;
  applicantEmail: string | null;
  applicantPhone: string | null;
  classifierCode: string | null;
  subjectStems: string[];
};

/** Earlier registrations of the tenant with the same normalised applicant name since `since`. */
export async function listRepeatCandidates(
  database: Queryable,
  tenantId: string,
  applicantKey: string,
  since: Date,
  excludeCaseId: string | null,
): Promise<RepeatCandidate[]> {
  const result = await database.query<RepeatCandidate>(
    `select case_id as "caseId", number, registered_at as "registeredAt", applicant_name as "applicantName",
            applicant_address as "applicantAddress", applicant_email as "applicantEmail",
            applicant_phone as "applicantPhone", classifier_code as "classifierCode", subject_stems as "subjectStems"
       from appeal_registrations
      where tenant_id = $1 and applicant_key = $2 and registered_at >= $3
        and ($4::uuid is null or case_id <> $4::uuid)
      order by registered_at desc limit 200`,
    [tenantId, applicantKey, since, excludeCaseId],
  );
  return result.rows;
}

export type NewRegistration = {
  tenantId: string;
  caseId: string;
  number: string;
  year: number;
  sequence: number;
  registeredAt: Date;
  registeredBy: string;
  receiptForm: ReceiptForm;
  appealType: AppealType;
  isCollective: boolean;
  signatoryCount: number;
  classifierCode: string | null;
  applicantName: string;
  applicantAddress: string | null;
  applicantEmail: string | null;
  applicantPhone: string | null;
  applicantKey: string;
  subjectStems: string[];
  isRepeat: boolean;
  repeatOf: string[];
};

export async function insertRegistration(database: Queryable, registration: NewRegistration): Promise<void> {
  await database.query(
    `insert into appeal_registrations (tenant_id, case_id, number, year, sequence, registered_at, registered_by,
       receipt_form, appeal_type, is_collective, signatory_count, classifier_code, applicant_name, applicant_address,
       applicant_email, applicant_phone, applicant_key, subject_stems, is_repeat, repeat_of)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)`,
    [
      registration.tenantId,
      registration.caseId,
      registration.number,
      registration.year,
      registration.sequence,
      registration.registeredAt,
      registration.registeredBy,
      registration.receiptForm,
      registration.appealType,
      registration.isCollective,
      registration.signatoryCount,
      registration.classifierCode,
      registration.applicantName,
      registration.applicantAddress,
      registration.applicantEmail,
      registration.applicantPhone,
      registration.applicantKey,
      registration.subjectStems,
      registration.isRepeat,
      registration.repeatOf,
    ],
  );
}

/** The tenant's 59-ФЗ typical classifier (rubricator `fz59`), if it has one: its id. */
export async function findClassifierRubricatorId(database: Queryable, tenantId: string): Promise<string | null> {
  const result = await database.query<{ id: string }>(
    `select id from rubricators where tenant_id = $1 and (code = 'fz59' or source = 'fz59') order by (code = 'fz59') desc limit 1`,
    [tenantId],
  );
  return result.rows[0]?.id ?? null;
}

export async function isActiveClassifierCode(
  database: Queryable,
  tenantId: string,
  rubricatorId: string,
  code: string,
): Promise<boolean> {
  const result = await database.query(
    'select 1 from rubricator_items where tenant_id = $1 and rubricator_id = $2 and code = $3 and is_active',
    [tenantId, rubricatorId, code],
  );
  return (result.rowCount ?? 0) > 0;
}

export type JournalFilter = {
  tenantIds: string[];
  from?: Date;
  to?: Date;
  appealType?: AppealType;
  receiptForm?: ReceiptForm;
  classifierPrefix?: string;
  isRepeat?: boolean;
  isCollective?: boolean;
  search?: string;
  caseId?: string;
};

/** A timer of the case as JSON (absent when the case has no such timer). */
export type TimerFacts = { dueAt: string | null; stoppedAt: string | null } | null;

export type JournalRow = {
  caseId: string;
  tenantId: string;
  tenantName: string;
  caseNumber: string;
  number: string;
  registeredAt: Date;
  receivedAt: Date;
  receiptForm: ReceiptForm;
  appealType: AppealType;
  isCollective: boolean;
  signatoryCount: number;
  classifierCode: string | null;
  classifierName: string | null;
  applicantName: string;
  applicantAddress: string | null;
  applicantEmail: string | null;
  applicantPhone: string | null;
  isRepeat: boolean;
  repeatOf: Array<{ caseId: string; number: string; registeredAt: string }>;
  channel: string;
  kind: string;
  status: string;
  workflowId: string | null;
  state: string | null;
  text: string;
  category: string | null;
  address: string | null;
  registeredByName: string | null;
  registration: TimerFacts;
  notice: TimerFacts;
  answer: TimerFacts;
};

function buildWhere(filter: JournalFilter): { sql: string; values: unknown[] } {
  const values: unknown[] = [filter.tenantIds];
  const conditions = ['r.tenant_id = any($1::uuid[])'];
  const add = (condition: string, value: unknown) => {
    values.push(value);
    conditions.push(condition.replaceAll('?', `$${values.length}`));
  };
  if (filter.from) add('r.registered_at >= ?', filter.from);
  if (filter.to) add('r.registered_at < ?', filter.to);
  if (filter.appealType) add('r.appeal_type = ?', filter.appealType);
  if (filter.receiptForm) add('r.receipt_form = ?', filter.receiptForm);
  if (filter.classifierPrefix)
    add("(r.classifier_code = ? or r.classifier_code like ? || '.%')", filter.classifierPrefix);
  if (filter.isRepeat !== undefined) add('r.is_repeat = ?', filter.isRepeat);
  if (filter.isCollective !== undefined) add('r.is_collective = ?', filter.isCollective);
  if (filter.search)
    add(`(${foldCaseSql('r.number')} like ? or ${foldCaseSql('c.number')} like ?)`, containsPattern(filter.search));
  if (filter.caseId) add('r.case_id = ?', filter.caseId);
  return { sql: conditions.join(' and '), values };
}

const timerColumns = (alias: string, kind: string) =>
  `(select json_build_object('dueAt', ${alias}.due_at, 'stoppedAt', ${alias}.stopped_at) from case_timers ${alias}
     where ${alias}.tenant_id = r.tenant_id and ${alias}.case_id = r.case_id and ${alias}.kind = '${kind}')`;

const JOURNAL_COLUMNS = `r.case_id as "caseId", r.tenant_id as "tenantId", t.short_name as "tenantName",
  c.number as "caseNumber", r.number, r.registered_at as "registeredAt", c.received_at as "receivedAt",
  r.receipt_form as "receiptForm", r.appeal_type as "appealType", r.is_collective as "isCollective",
  r.signatory_count as "signatoryCount", r.classifier_code as "classifierCode",
  (select i.name from rubricator_items i join rubricators rb on rb.tenant_id = i.tenant_id and rb.id = i.rubricator_id
     where i.tenant_id = r.tenant_id and i.code = r.classifier_code and (rb.code = 'fz59' or rb.source = 'fz59')
     limit 1) as "classifierName",
  r.applicant_name as "applicantName", r.applicant_address as "applicantAddress", r.applicant_email as "applicantEmail",
  r.applicant_phone as "applicantPhone", r.is_repeat as "isRepeat",
  coalesce((select json_agg(json_build_object('caseId', e.case_id, 'number', e.number, 'registeredAt', e.registered_at)
                            order by e.registered_at)
              from appeal_registrations e where e.tenant_id = r.tenant_id and e.case_id = any(r.repeat_of)), '[]') as "repeatOf",
  c.channel, c.kind, c.status, c.workflow_id as "workflowId", c.state, c.text, c.category, c.address,
  u.full_name as "registeredByName",
  ${timerColumns('tr', 'registration')} as registration,
  ${timerColumns('tn', 'unreadable_notice')} as notice,
  ${timerColumns('ta', 'answer')} as answer`;

export async function listJournal(
  database: Queryable,
  filter: JournalFilter,
  page: { limit: number; offset: number } | null,
): Promise<{ rows: JournalRow[]; total: number }> {
  const where = buildWhere(filter);
  const count = await database.query<{ total: number }>(
    `select count(*)::int as total from appeal_registrations r join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id
      where ${where.sql}`,
    where.values,
  );
  const limit = page ? `limit $${where.values.length + 1} offset $${where.values.length + 2}` : '';
  const rows = await database.query<JournalRow>(
    `select ${JOURNAL_COLUMNS}
       from appeal_registrations r
       join cases c on c.tenant_id = r.tenant_id and c.id = r.case_id
       join tenants t on t.id = r.tenant_id
       left join users u on u.id = r.registered_by
      where ${where.sql}
      order by r.registered_at desc, r.sequence desc
      ${limit}`,
    page ? [...where.values, page.limit, page.offset] : where.values,
  );
  return { rows: rows.rows, total: count.rows[0]?.total ?? 0 };
}
