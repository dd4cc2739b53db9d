import { z } from 'zod';
import { CHANNELS } from '../channels.js';

/** Form of receipt of a 59-ФЗ appeal (форма поступления). */
export const RECEIPT_FORMS = ['letter', 'email', 'reception', 'epgu'] as const;
export type ReceiptForm = (typeof RECEIPT_FORMS)[number];
export const RECEIPT_FORM_TITLES: Record<ReceiptForm, string> = {
  letter: 'Письмо',
  email: 'Электронная почта',
  reception: 'Личный приём',
  epgu: 'ЕПГУ (Госуслуги)',
};
/** The intake channel of an appeal registered by hand, by its form of receipt. */
export const CHANNEL_OF_RECEIPT_FORM = {
  letter: 'letter',
  email: 'email',
  reception: 'reception',
  epgu: 'pos',
} as const satisfies Record<ReceiptForm, (typeof CHANNELS)[number]>;

/** Вид обращения (ст. 4 59-ФЗ). */
export const APPEAL_TYPES = ['statement', 'proposal', 'complaint'] as const;
export type AppealType = (typeof APPEAL_TYPES)[number];
export const APPEAL_TYPE_TITLES: Record<AppealType, string> = {
  statement: 'Заявление',
  proposal: 'Предложение',
  complaint: 'Жалоба',
};

/** A code of the typical classifier of appeals: раздел.тематика.тема.вопрос, four groups of four digits. */
export const CLASSIFIER_CODE_PATTERN = /^\d{4}\.\d{4}\.\d{4}\.\d{4}$/;
export const SIGNATORY_COUNT_MAX = 100_000;

const trimmed = (field: string, title: string, max: number) =>
  z
    .string({ error: `${field}: ${title} — строка` })
    .trim()
    .max(max, `${field}: не длиннее ${max} символов`);
const optionalTrimmed = (field: string, title: string, max: number) =>
  trimmed(field, title, max)
    .nullable()
    .optional()
    .transform((value) => (value ? value : null));

export const AppealApplicantSchema = z.object({
  name: trimmed('applicant.name', 'фамилия, имя, отчество', 300).min(
    1,
    'applicant.name: укажите фамилию, имя и отчество заявителя',
  ),
  address: optionalTrimmed('applicant.address', 'почтовый адрес', 500),
  email: z
    .string()
    .trim()
    .max(300)
    .email('applicant.email: неверный адрес электронной почты')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null))
    .transform((value) => value ?? null),
  phone: optionalTrimmed('applicant.phone', 'телефон', 50),
});
export type AppealApplicant = z.infer<typeof AppealApplicantSchema>;

const registrationShape = {
  receiptForm: z.enum(RECEIPT_FORMS, {
    error: 'receiptForm: форма поступления — letter (письмо), email, reception (приём) или epgu (ЕПГУ)',
  }),
  appealType: z.enum(APPEAL_TYPES, {
    error: 'appealType: вид обращения — statement (заявление), proposal (предложение) или complaint (жалоба)',
  }),
  isCollective: z.boolean({ error: 'isCollective: да или нет' }).default(false),
  signatoryCount: z
    .number({ error: 'signatoryCount: число подписавших' })
    .int('signatoryCount: целое число')
    .min(1, 'signatoryCount: не меньше 1')
    .max(SIGNATORY_COUNT_MAX, `signatoryCount: не больше ${SIGNATORY_COUNT_MAX}`)
    .default(1),
  classifierCode: z
    .string()
    .trim()
    .regex(CLASSIFIER_CODE_PATTERN, 'classifierCode: код типового классификатора вида 0002.0014.0143.0416')
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null))
    .transform((value) => value ?? null),
  applicant: AppealApplicantSchema,
};

type RegistrationShape = {
  receiptForm: ReceiptForm;
  isCollective: boolean;
  signatoryCount: number;
  applicant: AppealApplicant;
};

/** 59-ФЗ: a collective appeal has several signatories; an answer needs a postal address, or e-mail for e-mail appeals. */
function checkRegistration(value: RegistrationShape, context: z.RefinementCtx): void {
  if (value.isCollective && value.signatoryCount < 2) {
    context.addIssue({
      code: 'custom',
      path: ['signatoryCount'],
      message: 'signatoryCount: у коллективного обращения не меньше двух подписавших',
    });
  }
  if (!value.isCollective && value.signatoryCount !== 1) {
    context.addIssue({
      code: 'custom',
      path: ['isCollective'],
      message: 'isCollective: обращение с несколькими подписавшими отметьте как коллективное',
    });
  }
  if (value.receiptForm === 'email' || value.receiptForm === 'epgu') {
    if (!value.applicant.email && !value.applicant.address) {
      context.addIssue({
        code: 'custom',
        path: ['applicant', 'email'],
        message: 'applicant.email: для ответа укажите адрес электронной почты или почтовый адрес',
      });
    }
  } else if (!value.applicant.address) {
    context.addIssue({
      code: 'custom',
      path: ['applicant', 'address'],
      message: 'applicant.address: укажите почтовый адрес для ответа (ст. 7 59-ФЗ)',
    });
  }
}

/** Register an appeal that is already a case in state «Поступило» (e.g. arrived through a channel). */
export const RegisterAppealSchema = z
  .object({ caseId: z.string().uuid('caseId: ожидается идентификатор обращения'), ...registrationShape })
  .superRefine(checkRegistration);
export type RegisterAppealInput = z.infer<typeof RegisterAppealSchema>;

/** Enter an appeal by hand and register it at once (letter, e-mail, reception, ЕПГУ). */
export const CreateAppealSchema = z
  .object({
    ...registrationShape,
    text: z
      .string({ error: 'text: текст обращения' })
      .trim()
      .min(1, 'text: текст обращения не может быть пустым')
      .max(20_000, 'text: не длиннее 20 000 символов'),
    category: optionalTrimmed('category', 'категория', 200),
    address: optionalTrimmed('address', 'адрес проблемы', 500),
    isFastTrack: z.boolean().default(false),
    /** As in CreateCaseSchema: a retry of the same sending answers the appeal it registered. */
    submissionId: z.string().uuid('submissionId: идентификатор отправки — UUID').optional(),
  })
  .superRefine(checkRegistration);
export type CreateAppealInput = z.infer<typeof CreateAppealSchema>;

export const RepeatCheckSchema = z.object({
  applicant: AppealApplicantSchema,
  text: z.string().trim().max(20_000, 'text: не длиннее 20 000 символов').default(''),
  classifierCode: registrationShape.classifierCode,
  /** Leave out this case (the appeal being registered). */
  caseId: z.string().uuid().optional(),
});
export type RepeatCheckInput = z.infer<typeof RepeatCheckSchema>;

export const CONTROL_STATES = ['met', 'late', 'running', 'overdue', 'none'] as const;
export type ControlState = (typeof CONTROL_STATES)[number];
export const CONTROL_STATE_TITLES: Record<ControlState, string> = {
  met: 'Выполнено в срок',
  late: 'Выполнено с нарушением срока',
  running: 'Идёт',
  overdue: 'Просрочено',
  none: 'Нет контроля',
};

export const AppealControlSchema = z.object({
  state: z.enum(CONTROL_STATES),
  dueAt: z.string().nullable(),
  doneAt: z.string().nullable(),
});
export type AppealControl = z.infer<typeof AppealControlSchema>;

export const EarlierAppealSchema = z.object({
  caseId: z.string().uuid(),
  number: z.string(),
  registeredAt: z.string(),
});

export const JournalEntrySchema = z.object({
  caseId: z.string().uuid(),
  caseNumber: z.string(),
  number: z.string(),
  registeredAt: z.string(),
  receivedAt: z.string(),
  receiptForm: z.enum(RECEIPT_FORMS),
  appealType: z.enum(APPEAL_TYPES),
  isCollective: z.boolean(),
  signatoryCount: z.number().int(),
  classifierCode: z.string().nullable(),
  classifierName: z.string().nullable(),
  /** Masked unless the role needs the applicant's personal data (152-ФЗ). */
  applicantName: z.string(),
  applicantAddress: z.string().nullable(),
  isApplicantMasked: z.boolean(),
  isRepeat: z.boolean(),
  repeatOf: z.array(EarlierAppealSchema),
  state: z.string(),
  stateTitle: z.string(),
  excerpt: z.string(),
  controls: z.object({
    registration: AppealControlSchema,
    notice: AppealControlSchema,
    answer: AppealControlSchema,
  }),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;

const isoDay = (field: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field}: дата вида ГГГГ-ММ-ДД`)
    .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), `${field}: такой даты нет`)
    .optional();
const flag = (field: string) => z.enum(['true', 'false'], { error: `${field}: true или false` }).optional();

export const JOURNAL_PAGE_SIZE_MAX = 200;
export const JournalQuerySchema = z.object({
  from: isoDay('from'),
  to: isoDay('to'),
  appealType: z.enum(APPEAL_TYPES, { error: 'appealType: statement, proposal или complaint' }).optional(),
  receiptForm: z.enum(RECEIPT_FORMS, { error: 'receiptForm: letter, email, reception или epgu' }).optional(),
  /** A code or its beginning (a section or a theme). */
  classifierCode: z
    .string()
    .trim()
    .regex(/^\d{4}(\.\d{4}){0,3}$/, 'classifierCode: код или его начало вида 0002.0014')
    .optional(),
  isRepeat: flag('isRepeat'),
  isCollective: flag('isCollective'),
  q: z.string().trim().max(100, 'q: не длиннее 100 символов').optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(JOURNAL_PAGE_SIZE_MAX).default(50),
});
export type JournalQuery = z.infer<typeof JournalQuerySchema>;

export const JournalResponseSchema = z.object({
  items: z.array(JournalEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type JournalResponse = z.infer<typeof JournalResponseSchema>;

export const JOURNAL_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export const JournalExportQuerySchema = JournalQuerySchema.omit({ page: true, pageSize: true }).extend({
  format: z.enum(JOURNAL_EXPORT_FORMATS, { error: 'format: xlsx или csv' }).default('xlsx'),
});
export type JournalExportQuery = z.infer<typeof JournalExportQuerySchema>;

export const RegistrationCardSchema = JournalEntrySchema.extend({
  tenantName: z.string(),
  text: z.string(),
  category: z.string().nullable(),
  address: z.string().nullable(),
  applicantEmail: z.string().nullable(),
  applicantPhone: z.string().nullable(),
  registeredByName: z.string().nullable(),
  channel: z.enum(CHANNELS),
});
export type RegistrationCard = z.infer<typeof RegistrationCardSchema>;

export const RepeatCheckResponseSchema = z.object({
  isRepeat: z.boolean(),
  periodDays: z.number().int(),
  earlier: z.array(EarlierAppealSchema.extend({ reason: z.string() })),
});
export type RepeatCheckResponse = z.infer<typeof RepeatCheckResponseSchema>;

export const AppealSettingsSchema = z.object({
  numberPrefix: z
    .string()
    .trim()
    .regex(/^[A-Za-zА-Яа-яЁё]{1,10}$/, 'numberPrefix: от 1 до 10 букв, например ОГ'),
  repeatPeriodDays: z
    .number({ error: 'repeatPeriodDays: число дней' })
    .int('repeatPeriodDays: целое число дней')
    .min(1, 'repeatPeriodDays: от 1 до 3650 дней')
    .max(3650, 'repeatPeriodDays: от 1 до 3650 дней'),
});
export type AppealSettings = z.infer<typeof AppealSettingsSchema>;

export const AppealCaseParamsSchema = z.object({ caseId: z.string().uuid('caseId: ожидается идентификатор (UUID)') });
