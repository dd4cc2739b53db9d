import { z } from 'zod';
import { CASE_RESULT_TITLES, CASE_RESULTS, type CaseResult, type CodedOption } from './workflow.types.js';

/**
 * Input schemas of the actions (the body of `POST /api/cases/:id/actions/<name>`). Messages are
 * Russian and name the field; a listed value (reason, result) is accepted as its code or its exact
 * Russian title and always comes out as the code.
 */

export const TEXT_MAX_LENGTH = 20_000;
export const REASON_MAX_LENGTH = 2_000;
export const ATTACHMENTS_MAX = 50;
export const MENTIONS_MAX = 20;
export const EXTENSION_DAYS_MAX = 30;

const uuid = (field: string) => {
  const message = `${field}: ожидается идентификатор (UUID)`;
  return z.string({ error: message }).uuid(message);
};
const isoInstant = (field: string) =>
  z.iso.datetime({ offset: true, error: `${field}: ожидаются дата и время ISO-8601 с часовым поясом` });
const requiredText = (field: string, what: string, max = TEXT_MAX_LENGTH) =>
  z
    .string({ error: `${field}: укажите ${what}` })
    .trim()
    .min(1, `${field}: укажите ${what}`)
    .max(max, `${field}: не длиннее ${max} символов`);
const optionalText = (field: string, max = REASON_MAX_LENGTH) =>
  z
    .string({ error: `${field}: ожидается текст` })
    .trim()
    .max(max, `${field}: не длиннее ${max} символов`)
    .optional();

/** A listed value: the code, or its Russian title in any letter case. */
export function createOptionSchema(field: string, options: readonly CodedOption[]) {
  const codes = options.map((option) => option.code);
  const byTitle = new Map(options.map((option) => [option.title.toLocaleLowerCase('ru'), option.code]));
  const listed = options.map((option) => `«${option.title}»`).join(', ');
  return z.preprocess(
    (value) =>
      typeof value === 'string' ? (byTitle.get(value.trim().toLocaleLowerCase('ru')) ?? value.trim()) : value,
    z.string({ error: `${field}: выберите одно из: ${listed}` }).refine((value) => codes.includes(value), {
      message: `${field}: выберите одно из: ${listed}`,
    }),
  );
}

export function describeResults(results: readonly CaseResult[]): CodedOption[] {
  return results.map((code) => ({ code, title: CASE_RESULT_TITLES[code] }));
}

function isCaseResult(value: string): value is CaseResult {
  return (CASE_RESULTS as readonly string[]).includes(value);
}

function createResultSchema(results: readonly CaseResult[]) {
  return createOptionSchema('result', describeResults(results)).refine(isCaseResult);
}

/** Rejection reasons of moderation (`moderate-reject`), shared by the channels that moderate. */
export const REJECTION_REASONS: readonly CodedOption[] = [
  { code: 'not_competence', title: 'Не относится к компетенции муниципалитета' },
  { code: 'duplicate', title: 'Повторяет уже поданное сообщение' },
  { code: 'no_substance', title: 'Не содержит сути вопроса' },
  { code: 'obscene', title: 'Содержит нецензурные или оскорбительные выражения' },
  { code: 'spam', title: 'Спам или реклама' },
  { code: 'not_a_request', title: 'Не требует ответа (мнение, благодарность)' },
];

export const EmptyInputSchema = z.object({});

/** Without `registrationNumber` the server numbers the appeal itself. */
export const RegisterInputSchema = z.object({
  registrationNumber: requiredText('registrationNumber', 'регистрационный номер', 50).optional(),
  registeredAt: isoInstant('registeredAt').optional(),
  appealType: z
    .enum(['proposal', 'statement', 'complaint'], {
      error: 'appealType: вид обращения — proposal (предложение), statement (заявление) или complaint (жалоба)',
    })
    .optional(),
  isCollective: z.boolean().optional(),
  isRepeat: z.boolean().optional(),
  classifierCode: z
    .string()
    .regex(/^\d{4}(\.\d{4}){0,4}$/, 'classifierCode: код типового классификатора вида 0005.0005.0056.1160')
    .optional(),
});
export type RegisterInput = z.infer<typeof RegisterInputSchema>;

export function createRejectInputSchema(reasons: readonly CodedOption[]) {
  return z.object({ reason: createOptionSchema('reason', reasons), comment: optionalText('comment') });
}

export const TakeInputSchema = z.object({
  category: z.string().trim().min(1, 'category: укажите категорию').max(200).optional(),
  subcategory: z.string().trim().min(1).max(200).optional(),
});
export type TakeInput = z.infer<typeof TakeInputSchema>;

export const AssignInputSchema = z
  .object({
    executorId: uuid('executorId').optional(),
    recipientId: uuid('recipientId').optional(),
    dueAt: isoInstant('dueAt').optional(),
  })
  .refine((value) => value.executorId !== undefined || value.recipientId !== undefined, {
    message: 'executorId: укажите исполнителя или ответственного получателя (recipientId)',
    path: ['executorId'],
  });
export type AssignInput = z.infer<typeof AssignInputSchema>;

/**
 * `{ recipientId }` — to another recipient of the tenant (up or down the hierarchy);
 * `{ externalOrganisation, coveringLetter }` — out of the tenant with a covering letter.
 */
export const ForwardInputSchema = z
  .object({
    recipientId: uuid('recipientId').optional(),
    externalOrganisation: optionalText('externalOrganisation', 500),
    coveringLetter: optionalText('coveringLetter', TEXT_MAX_LENGTH),
    comment: optionalText('comment'),
  })
  .superRefine((value, context) => {
    const isExternal = value.externalOrganisation !== undefined && value.externalOrganisation !== '';
    if (value.recipientId !== undefined && isExternal) {
      context.addIssue({
        code: 'custom',
        path: ['recipientId'],
        message: 'recipientId: укажите либо получателя, либо внешнюю организацию, но не обоих',
      });
    } else if (value.recipientId === undefined && !isExternal) {
      context.addIssue({
        code: 'custom',
        path: ['recipientId'],
        message:
          'recipientId: укажите получателя или внешнюю организацию (externalOrganisation) с сопроводительным письмом',
      });
    } else if (isExternal && (value.coveringLetter === undefined || value.coveringLetter === '')) {
      context.addIssue({
        code: 'custom',
        path: ['coveringLetter'],
        message: 'coveringLetter: при направлении в другую организацию нужно сопроводительное письмо',
      });
    }
  });
export type ForwardInput = z.infer<typeof ForwardInputSchema>;

export const ReasonInputSchema = z.object({ reason: requiredText('reason', 'причину', REASON_MAX_LENGTH) });
export type ReasonInput = z.infer<typeof ReasonInputSchema>;
/** Reopening and the platform's return: a reason is welcome but not demanded. */
export const OptionalReasonInputSchema = z.object({ reason: optionalText('reason') });

export const RequestInfoInputSchema = z.object({ text: requiredText('text', 'что нужно уточнить у заявителя') });

export const RequestExtensionInputSchema = z.object({
  reason: requiredText('reason', 'причину продления', REASON_MAX_LENGTH),
  days: z
    .number({ error: 'days: число дней продления' })
    .int('days: целое число дней')
    .min(1, 'days: не меньше 1 дня')
    .max(EXTENSION_DAYS_MAX, `days: не больше ${EXTENSION_DAYS_MAX} дней (ст. 12 59-ФЗ)`)
    .optional(),
});
export type RequestExtensionInput = z.infer<typeof RequestExtensionInputSchema>;

export const ApproveExtensionInputSchema = z.object({
  days: RequestExtensionInputSchema.shape.days,
  comment: optionalText('comment'),
});

export const InterimAnswerInputSchema = z.object({
  text: requiredText('text', 'текст промежуточного ответа'),
  promisedAt: isoInstant('promisedAt'),
});
export type InterimAnswerInput = z.infer<typeof InterimAnswerInputSchema>;

const attachmentIdsSchema = z
  .array(uuid('attachmentIds'), { error: 'attachmentIds: ожидается список идентификаторов вложений' })
  .max(ATTACHMENTS_MAX, `attachmentIds: не больше ${ATTACHMENTS_MAX}`);

/**
 * The proof that an interim answer's promise was kept: photos attached to the case (uploaded first),
 * or information in words, or both — at least one of them.
 */
export const FulfilPromiseInputSchema = z
  .object({
    text: optionalText('text', TEXT_MAX_LENGTH),
    attachmentIds: attachmentIdsSchema.optional(),
  })
  .refine((value) => (value.text !== undefined && value.text !== '') || (value.attachmentIds?.length ?? 0) > 0, {
    message: 'attachmentIds: приложите фото выполненной работы или опишите, что сделано (text)',
    path: ['attachmentIds'],
  })
  .transform((value) => ({
    ...(value.text ? { text: value.text } : {}),
    ...(value.attachmentIds ? { attachmentIds: value.attachmentIds } : {}),
  }));
export type FulfilPromiseInput = z.infer<typeof FulfilPromiseInputSchema>;

export const UrgentRequestInputSchema = z.object({
  reason: optionalText('reason'),
  dueAt: isoInstant('dueAt').optional(),
});

export const DraftAnswerInputSchema = z.object({
  text: requiredText('text', 'текст ответа'),
  templateId: uuid('templateId').optional(),
  attachmentIds: attachmentIdsSchema.optional(),
});
export type DraftAnswerInput = z.infer<typeof DraftAnswerInputSchema>;

export function createRecordResultInputSchema(results: readonly CaseResult[]) {
  return z.object({ result: createResultSchema(results) });
}

/** `result` may be omitted when it was recorded before (input check `hasResult`). */
export function createPublishInputSchema(results: readonly CaseResult[]) {
  return z.object({ result: createResultSchema(results).optional() });
}

export const ResidentCommentInputSchema = z.object({
  text: requiredText('text', 'текст комментария'),
  /** ПОС: the connector marks whether the comment disputes the answer; absent = treat as negative. */
  isNegative: z.boolean().optional(),
});

export const ResidentRatingInputSchema = z.object({
  rating: z
    .number({ error: 'rating: оценка от 1 до 5' })
    .int('rating: целое число от 1 до 5')
    .min(1, 'rating: оценка от 1 до 5')
    .max(5, 'rating: оценка от 1 до 5'),
  comment: optionalText('comment', TEXT_MAX_LENGTH),
});
export type ResidentRatingInput = z.infer<typeof ResidentRatingInputSchema>;

export function createCloseInputSchema(reasons: readonly CodedOption[]) {
  return z.object({ reason: createOptionSchema('reason', reasons), comment: optionalText('comment') });
}

export const NotifyUnreadableInputSchema = z.object({ text: optionalText('text', TEXT_MAX_LENGTH) });

export const CommentInputSchema = z.object({
  text: requiredText('text', 'текст комментария'),
  mentions: z.array(uuid('mentions')).max(MENTIONS_MAX, `mentions: не больше ${MENTIONS_MAX} упоминаний`).optional(),
});
export type CommentInput = z.infer<typeof CommentInputSchema>;

export const ALL_RESULTS: readonly CaseResult[] = CASE_RESULTS;
