import { z } from 'zod';

// The classifier's API: model versions with their held-out scores, retraining, the auto-apply threshold,
// a case's suggestions and applying one of them (docs/classifier.md).

export const TRIAGE_TARGETS = ['category', 'subcategory', 'recipient'] as const;
export type TriageTarget = (typeof TRIAGE_TARGETS)[number];
export const TRIAGE_TARGET_TITLES: Record<TriageTarget, string> = {
  category: 'Рубрика',
  subcategory: 'Подрубрика',
  recipient: 'Ответственный получатель',
};

export const TRIAGE_MODEL_STATUSES = ['active', 'rejected', 'superseded'] as const;
export const TRIAGE_MODEL_STATUS_TITLES: Record<(typeof TRIAGE_MODEL_STATUSES)[number], string> = {
  active: 'Активна',
  rejected: 'Отклонена',
  superseded: 'Заменена',
};

export const LabelMetricsSchema = z.object({ n: z.number().int(), accuracy: z.number(), macroF1: z.number() });
export const HeldOutMetricsSchema = z.object({
  category: LabelMetricsSchema.optional(),
  subcategory: LabelMetricsSchema.optional(),
  recipient: LabelMetricsSchema.optional(),
});
export type HeldOutMetricsView = z.infer<typeof HeldOutMetricsSchema>;

export const TriageModelSchema = z.object({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(TRIAGE_MODEL_STATUSES),
  trigger: z.enum(['schedule', 'manual']),
  triggeredByName: z.string().nullable(),
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  trainedOn: z.number().int(),
  heldOut: z.number().int(),
  trainedUntil: z.string().nullable(),
  heldOutFrom: z.string().nullable(),
  metrics: HeldOutMetricsSchema,
  /** Mean accuracy over the labels of the held-out cases: what decides activation. */
  score: z.number(),
  /** The model that was active when this one was judged, scored on the same held-out cases. */
  comparedWith: z.object({ version: z.number().int(), metrics: HeldOutMetricsSchema, score: z.number() }).nullable(),
  decision: z.string(),
  trainSeconds: z.number(),
  modelBytes: z.number().int(),
});
export type TriageModelView = z.infer<typeof TriageModelSchema>;

export const TriageSettingsSchema = z.object({
  /** From this calibrated confidence intake applies the prediction; null — never (suggestions only). */
  autoApplyThreshold: z.number().nullable(),
});
export type TriageSettings = z.infer<typeof TriageSettingsSchema>;

export const SaveTriageSettingsSchema = z.object({
  autoApplyThreshold: z
    .number({ error: 'autoApplyThreshold: укажите число от 0 до 1 или null (автоприменение выключено)' })
    .min(0, 'autoApplyThreshold: порог не меньше 0')
    .max(1, 'autoApplyThreshold: порог не больше 1')
    .nullable(),
});
export type SaveTriageSettingsInput = z.infer<typeof SaveTriageSettingsSchema>;

export const SuggestionReasonSchema = z.object({
  kind: z.enum(['word', 'field']),
  text: z.string(),
  weight: z.number(),
});

export const TriageSuggestionSchema = z.object({
  /** What is applied: the category or subcategory text, or the recipient's id. */
  value: z.string(),
  /** What is shown (the recipient's name; the value otherwise). */
  label: z.string(),
  /** Calibrated probability 0…1. */
  confidence: z.number(),
  reasons: z.array(SuggestionReasonSchema),
  /** The case already has this value. */
  isCurrent: z.boolean(),
});
export type TriageSuggestion = z.infer<typeof TriageSuggestionSchema>;

export const CaseSuggestionsSchema = z.object({
  model: z.object({ id: z.string(), version: z.number().int(), createdAt: z.string() }).nullable(),
  autoApplyThreshold: z.number().nullable(),
  targets: z.object({
    category: z.array(TriageSuggestionSchema),
    subcategory: z.array(TriageSuggestionSchema),
    recipient: z.array(TriageSuggestionSchema),
  }),
  /** The case's version (send it back when applying). */
  caseVersion: z.number().int(),
});
export type CaseSuggestions = z.infer<typeof CaseSuggestionsSchema>;

export const ApplySuggestionSchema = z.object({
  target: z.enum(TRIAGE_TARGETS, { error: 'target: одно из category, subcategory, recipient' }),
  value: z
    .string({ error: 'value: укажите значение подсказки' })
    .trim()
    .min(1, 'value: укажите значение подсказки')
    .max(500, 'value: не длиннее 500 символов'),
  /** The case version the person saw (409 if it changed since). */
  version: z.number({ error: 'version: укажите версию сообщения' }).int().min(1, 'version: версия с 1'),
});
export type ApplySuggestionInput = z.infer<typeof ApplySuggestionSchema>;
