import { z } from 'zod';
import { CreateCaseSchema } from './cases.contract.js';

/** Channels an operator enters by hand in the workspace. */
export const MANUAL_CHANNELS = ['phone', 'reception', 'letter', 'email'] as const;
export const DUPLICATE_WINDOW_DAYS_DEFAULT = 7;

export const DuplicateCheckSchema = z.object({
  phone: z.string().trim().max(50, 'phone: не длиннее 50 символов').nullable().optional(),
  text: z.string().trim().max(20_000, 'text: не длиннее 20 000 символов').default(''),
  days: z.coerce
    .number()
    .int('days: целое число дней')
    .min(1, 'days: от 1 до 90 дней')
    .max(90, 'days: от 1 до 90 дней')
    .default(DUPLICATE_WINDOW_DAYS_DEFAULT),
});
export type DuplicateCheckInput = z.infer<typeof DuplicateCheckSchema>;

export const SuspectedDuplicateSchema = z.object({
  id: z.string().uuid(),
  number: z.string(),
  channel: z.string(),
  receivedAt: z.string(),
  excerpt: z.string(),
  sharedWords: z.number().int(),
});
export type SuspectedDuplicate = z.infer<typeof SuspectedDuplicateSchema>;
export const DuplicateCheckResponseSchema = z.object({ duplicates: z.array(SuspectedDuplicateSchema) });

export const ManualEntrySchema = CreateCaseSchema.extend({
  channel: z.enum(MANUAL_CHANNELS, { error: 'channel: телефон, приём, письмо или электронная почта' }),
  /** The operator saw the duplicates warning and registers anyway. */
  isDuplicateConfirmed: z.boolean().default(false),
});
export type ManualEntryInput = z.infer<typeof ManualEntrySchema>;
