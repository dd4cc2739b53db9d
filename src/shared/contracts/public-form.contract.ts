import { z } from 'zod';

export const PUBLIC_TEXT_MIN = 10;
export const PUBLIC_TEXT_MAX = 5000;

const noNul = (value: string) => !value.includes('\u0000');
const optionalText = (field: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${field}: не длиннее ${max} символов`)
    .refine(noNul, `${field}: недопустимый символ`)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

export const PublicFormSchema = z.object({
  tenantName: z.string(),
  services: z.array(z.object({ code: z.string(), name: z.string() })),
  formToken: z.string(),
  minSeconds: z.number(),
});
export type PublicForm = z.infer<typeof PublicFormSchema>;

export const SubmitPublicMessageSchema = z
  .object({
    formToken: z.string({ error: 'formToken: обновите страницу формы' }).min(1).max(200),
    /**
     * One sending of the form, made by the page once: a retry of the same message (the answer was lost on the
     * way) gets the same case and link instead of a second case.
     */
    submissionId: z.string().uuid('submissionId: идентификатор отправки — UUID').optional(),
    /** The honeypot: hidden from people, filled in by bots. Must stay empty. */
    website: z.string().max(500).optional(),
    serviceCode: z
      .string({ error: 'serviceCode: выберите категорию' })
      .trim()
      .min(1, 'serviceCode: выберите категорию')
      .max(100),
    text: z
      .string({ error: 'text: опишите проблему' })
      .trim()
      .min(PUBLIC_TEXT_MIN, `text: опишите проблему подробнее (не меньше ${PUBLIC_TEXT_MIN} символов)`)
      .max(PUBLIC_TEXT_MAX, `text: не длиннее ${PUBLIC_TEXT_MAX} символов`)
      .refine(noNul, 'text: недопустимый символ'),
    address: optionalText('address', 500),
    latitude: z
      .number({ error: 'latitude: число' })
      .min(-90, 'latitude: от -90 до 90')
      .max(90, 'latitude: от -90 до 90')
      .optional(),
    longitude: z
      .number({ error: 'longitude: число' })
      .min(-180, 'longitude: от -180 до 180')
      .max(180, 'longitude: от -180 до 180')
      .optional(),
    name: optionalText('name', 200),
    email: z
      .string()
      .trim()
      .max(200)
      .refine((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'email: неверный адрес')
      .optional()
      .transform((value) => (value === '' ? undefined : value)),
    phone: z
      .string()
      .trim()
      .max(30)
      .refine((value) => value === '' || /^[0-9+()\-\s.]{5,30}$/.test(value), 'phone: неверный номер')
      .optional()
      .transform((value) => (value === '' ? undefined : value)),
  })
  .refine((input) => (input.latitude === undefined) === (input.longitude === undefined), {
    message: 'latitude: точка на карте — широта и долгота вместе',
    path: ['latitude'],
  })
  .refine((input) => input.address !== undefined || input.latitude !== undefined, {
    message: 'address: укажите адрес или точку на карте',
    path: ['address'],
  });
export type SubmitPublicMessageInput = z.infer<typeof SubmitPublicMessageSchema>;

export const SubmittedPublicMessageSchema = z.object({
  number: z.string(),
  statusToken: z.string(),
  statusPath: z.string(),
});
export type SubmittedPublicMessage = z.infer<typeof SubmittedPublicMessageSchema>;

export const PublicCaseStatusSchema = z.object({
  number: z.string(),
  tenantName: z.string(),
  category: z.string().nullable(),
  text: z.string(),
  address: z.string().nullable(),
  receivedAt: z.string(),
  status: z.string(),
  statusTitle: z.string(),
  isClosed: z.boolean(),
  rating: z.number().nullable(),
  answer: z.object({ text: z.string().nullable(), at: z.string() }).nullable(),
  timeline: z.array(z.object({ at: z.string(), title: z.string(), text: z.string().nullable() })),
  canRate: z.boolean(),
  canComment: z.boolean(),
});
export type PublicCaseStatus = z.infer<typeof PublicCaseStatusSchema>;

export const PublicRatingSchema = z.object({
  rating: z
    .number({ error: 'rating: оценка от 1 до 5' })
    .int('rating: целое')
    .min(1, 'rating: от 1 до 5')
    .max(5, 'rating: от 1 до 5'),
  comment: optionalText('comment', 2000),
});
export type PublicRatingInput = z.infer<typeof PublicRatingSchema>;

export const PublicCommentSchema = z.object({
  text: z
    .string({ error: 'text: напишите комментарий' })
    .trim()
    .min(1, 'text: напишите комментарий')
    .max(PUBLIC_TEXT_MAX, `text: не длиннее ${PUBLIC_TEXT_MAX} символов`)
    .refine(noNul, 'text: недопустимый символ'),
});
export type PublicCommentInput = z.infer<typeof PublicCommentSchema>;
