import { z } from 'zod';
import { CASE_KINDS, CHANNELS } from '../channels.js';

// Routing rules («автоправила») as data: what a rule looks at (conditions) and what it sets (actions).
// The server validates every saved rule with these schemas; the UI builds its editor from them.

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type CasePriority = (typeof CASE_PRIORITIES)[number];
export const CASE_PRIORITY_TITLES: Record<CasePriority, string> = {
  low: 'Низкий',
  normal: 'Обычный',
  high: 'Высокий',
  urgent: 'Срочный',
};

export const APPLICANT_TYPES = ['person', 'organization', 'unknown'] as const;
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export const APPLICANT_TYPE_TITLES: Record<ApplicantType, string> = {
  person: 'Гражданин',
  organization: 'Организация',
  unknown: 'Не указан',
};

const nonEmptyText = (what: string) => z.string().trim().min(1, `${what}: пустое значение`).max(300);
const list = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, `${what}: укажите хотя бы одно значение`).max(500, `${what}: не больше 500 значений`);
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'время в виде ЧЧ:ММ, например 08:00');

const position = z
  .array(z.number())
  .length(2, 'точка — [долгота, широта]')
  .refine(([longitude = 0, latitude = 0]) => Math.abs(longitude) <= 180 && Math.abs(latitude) <= 90, {
    message: 'долгота от −180 до 180, широта от −90 до 90',
  });
const ring = z
  .array(position)
  .min(4, 'контур — не меньше 4 точек (первая повторяется в конце)')
  .max(10_000, 'контур — не больше 10 000 точек')
  .refine(
    (points) => {
      const first = points[0];
      const last = points.at(-1);
      return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
    },
    { message: 'контур должен быть замкнут: последняя точка равна первой' },
  );
export const PolygonGeometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1, 'нет внешнего контура') }),
  z.object({
    type: z.literal('MultiPolygon'),
    coordinates: z.array(z.array(ring).min(1, 'нет внешнего контура')).min(1, 'нет ни одного многоугольника'),
  }),
]);

const negate = z.boolean().optional();

export const RoutingConditionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('channel'), anyOf: list(z.enum(CHANNELS), 'anyOf'), negate }),
  z.object({ type: z.literal('kind'), anyOf: list(z.enum(CASE_KINDS), 'anyOf'), negate }),
  z.object({
    type: z.literal('category'),
    /** Which field: the category or the subcategory (reason). */
    field: z.enum(['category', 'subcategory']).default('category'),
    anyOf: list(nonEmptyText('anyOf'), 'anyOf'),
    negate,
  }),
  z.object({ type: z.literal('district'), anyOf: list(nonEmptyText('anyOf'), 'anyOf'), negate }),
  /** A settlement (населённый пункт) named in the address. */
  z.object({ type: z.literal('settlement'), anyOf: list(nonEmptyText('anyOf'), 'anyOf'), negate }),
  z.object({
    type: z.literal('radius'),
    latitude: z.number().min(-90, 'широта от −90 до 90').max(90, 'широта от −90 до 90'),
    longitude: z.number().min(-180, 'долгота от −180 до 180').max(180, 'долгота от −180 до 180'),
    meters: z.number().positive('радиус больше нуля').max(200_000, 'радиус не больше 200 км'),
    negate,
  }),
  z.object({ type: z.literal('polygon'), geometry: PolygonGeometrySchema, negate }),
  /** Words compared by their stems: «ямы» finds «ям», «ямой», «яму». */
  z.object({
    type: z.literal('words'),
    mode: z.enum(['any', 'all']).default('any'),
    words: list(nonEmptyText('words'), 'words'),
    negate,
  }),
  /** Phrases: the same words in the same order, each compared by its stem. */
  z.object({ type: z.literal('phrase'), phrases: list(nonEmptyText('phrases'), 'phrases'), negate }),
  /** Local clock time of receipt (the tenant's zone); `from` after `to` spans midnight. Weekdays 1 = Monday … 7. */
  z.object({
    type: z.literal('time'),
    from: clockTime,
    to: clockTime,
    weekdays: z.array(z.number().int().min(1, 'день недели 1–7').max(7, 'день недели 1–7')).optional(),
    negate,
  }),
  /** Received within (or outside, `isWorking: false`) the working hours of a schedule of the tenant. */
  z.object({
    type: z.literal('workingHours'),
    scheduleId: nonEmptyText('scheduleId'),
    isWorking: z.boolean().default(true),
    negate,
  }),
  z.object({ type: z.literal('priority'), anyOf: list(z.enum(CASE_PRIORITIES), 'anyOf'), negate }),
  z.object({ type: z.literal('applicantType'), anyOf: list(z.enum(APPLICANT_TYPES), 'anyOf'), negate }),
]);
export type RoutingCondition = z.infer<typeof RoutingConditionSchema>;
export type RoutingConditionType = RoutingCondition['type'];

export const ROUTING_CONDITION_TITLES: Record<RoutingConditionType, string> = {
  channel: 'Канал',
  kind: 'Вид (сообщение / обращение)',
  category: 'Категория',
  district: 'Район',
  settlement: 'Населённый пункт (в адресе)',
  radius: 'Радиус вокруг точки',
  polygon: 'Многоугольник (GeoJSON)',
  words: 'Слова (по основам)',
  phrase: 'Фразы',
  time: 'Время поступления',
  workingHours: 'Рабочее время графика',
  priority: 'Приоритет',
  applicantType: 'Тип заявителя',
};

export const RoutingActionsSchema = z
  .object({
    category: nonEmptyText('category').optional(),
    subcategory: nonEmptyText('subcategory').optional(),
    recipientId: z.string().uuid('recipientId: ожидается идентификатор получателя').optional(),
    executorId: z.string().uuid('executorId: ожидается идентификатор исполнителя').optional(),
    priority: z.enum(CASE_PRIORITIES).optional(),
    isFastTrack: z.boolean().optional(),
    tags: z.array(nonEmptyText('tags').max(60, 'тег не длиннее 60 символов')).max(20).optional(),
    workflowId: nonEmptyText('workflowId').optional(),
  })
  .refine((actions) => Object.values(actions).some((value) => value !== undefined), {
    message: 'правило должно что-то делать: задайте хотя бы одно действие',
  });
export type RoutingActions = z.infer<typeof RoutingActionsSchema>;

/** A rule as saved: conditions joined by «и» (`all`) or «или» (`any`); `stopOnMatch` ends evaluation when it fires. */
export const RoutingRuleDefinitionSchema = z.object({
  name: z.string().trim().min(1, 'name: название правила не может быть пустым').max(200, 'name: не длиннее 200'),
  isActive: z.boolean().default(true),
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(RoutingConditionSchema).max(50, 'conditions: не больше 50 условий'),
  actions: RoutingActionsSchema,
  stopOnMatch: z.boolean().default(true),
});
export type RoutingRuleDefinition = z.infer<typeof RoutingRuleDefinitionSchema>;
export type RoutingRuleDefinitionInput = z.input<typeof RoutingRuleDefinitionSchema>;
