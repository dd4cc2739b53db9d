import { z } from 'zod';
import { CHANNELS } from '../channels.js';

/** Case groups the analytics filter by (a coarse «state»: open, answered, closed, rejected). */
export const STATE_GROUPS = ['open', 'answered', 'closed', 'rejected'] as const;
export type StateGroup = (typeof STATE_GROUPS)[number];
export const STATE_GROUP_TITLES: Record<StateGroup, string> = {
  open: 'В работе (открытые)',
  answered: 'Дан ответ',
  closed: 'Завершённые',
  rejected: 'Отклонённые',
};

/**
 * Drill-down measures: every number of the dashboard, heat map and ratings is a count of cases meeting
 * the filters plus one of these conditions; `GET /api/analytics/cases?measure=` lists those cases.
 */
export const DRILL_MEASURES = [
  'received',
  'open_now',
  'due_today',
  'overdue_now',
  'answered',
  'answered_on_time',
  'late',
  'rated',
  'rated_high',
  'resolved',
  'explained',
  'otpiska',
  'returned',
  'reopened',
] as const;
export type DrillMeasure = (typeof DRILL_MEASURES)[number];
export const DRILL_MEASURE_TITLES: Record<DrillMeasure, string> = {
  received: 'Поступило за период',
  open_now: 'Открыто сейчас',
  due_today: 'Срок сегодня',
  overdue_now: 'Просрочено сейчас',
  answered: 'Дан ответ',
  answered_on_time: 'Ответ в срок',
  late: 'С нарушением срока',
  rated: 'Оценено заявителем',
  rated_high: 'Оценка 4–5',
  resolved: '«Решено»',
  explained: '«Разъяснено»',
  otpiska: '«Отписки»',
  returned: 'Возвращались на доработку',
  reopened: 'Возвращались в работу',
};

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalDate = (field: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(LOCAL_DATE, `${field}: дата в формате ГГГГ-ММ-ДД`)
      .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), `${field}: такой даты нет`)
      .optional(),
  );

/** The filters every analytics endpoint takes (period dates are local dates of the caller's tenant, inclusive). */
export const AnalyticsFilterSchema = z.object({
  from: optionalDate('from'),
  to: optionalDate('to'),
  channel: z.preprocess(emptyToUndefined, z.enum(CHANNELS, 'channel: неизвестный канал').optional()),
  category: z.preprocess(emptyToUndefined, z.string().trim().max(300, 'category: не длиннее 300 символов').optional()),
  recipientId: z.preprocess(emptyToUndefined, z.string().uuid('recipientId: ожидается идентификатор').optional()),
  state: z.preprocess(emptyToUndefined, z.enum(STATE_GROUPS, 'state: open, answered, closed или rejected').optional()),
  isFastTrack: z.preprocess(emptyToUndefined, z.enum(['true', 'false'], 'isFastTrack: true или false').optional()),
  tenantId: z.preprocess(emptyToUndefined, z.string().uuid('tenantId: ожидается идентификатор').optional()),
});
export type AnalyticsFilterQuery = z.infer<typeof AnalyticsFilterSchema>;

export const DrillDownQuerySchema = AnalyticsFilterSchema.extend({
  measure: z.enum(DRILL_MEASURES, `measure: одно из ${DRILL_MEASURES.join(', ')}`).default('received'),
  territory: z.preprocess(emptyToUndefined, z.string().max(300).optional()),
  topic: z.preprocess(emptyToUndefined, z.string().max(300).optional()),
  day: optionalDate('day'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type DrillDownQuery = z.infer<typeof DrillDownQuerySchema>;

const PeriodSchema = z.object({ from: z.string(), to: z.string() });

export const DashboardSchema = z.object({
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  received: z.number(),
  receivedPrevious: z.number(),
  openNow: z.number(),
  dueToday: z.number(),
  overdueNow: z.number(),
  answered: z.number(),
  answeredOnTime: z.number(),
  late: z.number(),
  onTimeShare: z.number().nullable(),
  medianFirstReactionHours: z.number().nullable(),
  medianAnswerHours: z.number().nullable(),
  rated: z.number(),
  ratedHigh: z.number(),
  meanRating: z.number().nullable(),
  highRatingShare: z.number().nullable(),
  resolved: z.number(),
  explained: z.number(),
  resolvedShare: z.number().nullable(),
  explainedShare: z.number().nullable(),
  otpiska: z.number(),
  perDay: z.array(z.object({ day: z.string(), channel: z.enum(CHANNELS), count: z.number() })),
  topGrowingTopics: z.array(
    z.object({ topic: z.string(), count: z.number(), previous: z.number(), growth: z.number() }),
  ),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

export const DrillDownResponseSchema = z.object({
  measure: z.enum(DRILL_MEASURES),
  title: z.string(),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(
    z.object({
      id: z.string(),
      tenantId: z.string(),
      tenantName: z.string(),
      number: z.string(),
      channel: z.enum(CHANNELS),
      status: z.string(),
      category: z.string().nullable(),
      district: z.string().nullable(),
      address: z.string().nullable(),
      recipientName: z.string().nullable(),
      receivedAt: z.string(),
      dueAt: z.string().nullable(),
      answeredAt: z.string().nullable(),
      result: z.string().nullable(),
      rating: z.number().nullable(),
      isOtpiska: z.boolean().nullable(),
    }),
  ),
});
export type DrillDownResponse = z.infer<typeof DrillDownResponseSchema>;

export const HeatmapSchema = z.object({
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  territoryKind: z.enum(['district', 'municipality']),
  territories: z.array(z.object({ name: z.string(), population: z.number().nullable(), count: z.number() })),
  topics: z.array(z.object({ name: z.string(), count: z.number() })),
  cells: z.array(
    z.object({
      territory: z.string(),
      topic: z.string(),
      count: z.number(),
      previous: z.number(),
      growth: z.number().nullable(),
      perThousand: z.number().nullable(),
    }),
  ),
  points: z.array(z.object({ latitude: z.number(), longitude: z.number(), topic: z.string(), caseId: z.string() })),
  isPointsTruncated: z.boolean(),
});
export type Heatmap = z.infer<typeof HeatmapSchema>;

export const RatingWeightsSchema = z.object({
  timeliness: z.number().min(0).max(1),
  speed: z.number().min(0).max(1),
  completeness: z.number().min(0).max(1),
  quality: z.number().min(0).max(1),
  satisfaction: z.number().min(0).max(1),
});
export const RatingSettingsSchema = z.object({
  weights: RatingWeightsSchema.refine(
    (weights) => Object.values(weights).reduce((sum, value) => sum + value, 0) > 0,
    'weights: хотя бы один вес больше нуля',
  ),
  /** Median answer time (working hours) at which the speed score reaches 0. */
  speedNormHours: z.number().positive('speedNormHours: больше нуля').max(10_000),
  /** A recipient is rated only with at least this many cases in the period. */
  minCases: z.number().int().min(1).max(1000),
});
export type RatingSettings = z.infer<typeof RatingSettingsSchema>;

const RatingFiguresSchema = z.object({
  cases: z.number(),
  answered: z.number(),
  onTimeShare: z.number().nullable(),
  medianAnswerHours: z.number().nullable(),
  returns: z.number(),
  reopens: z.number(),
  otpiskaShare: z.number().nullable(),
  meanRating: z.number().nullable(),
  highRatingShare: z.number().nullable(),
  scores: z.object({
    timeliness: z.number().nullable(),
    speed: z.number().nullable(),
    completeness: z.number().nullable(),
    quality: z.number().nullable(),
    satisfaction: z.number().nullable(),
  }),
  score: z.number().nullable(),
  isRated: z.boolean(),
});
export type RatingFigures = z.infer<typeof RatingFiguresSchema>;

export const RatingsSchema = z.object({
  period: PeriodSchema,
  previousPeriod: PeriodSchema,
  entityKind: z.enum(['recipient', 'municipality']),
  settings: RatingSettingsSchema,
  rows: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      rank: z.number().nullable(),
      overall: RatingFiguresSchema,
      previousScore: z.number().nullable(),
      trend: z.number().nullable(),
      byChannel: z.array(RatingFiguresSchema.extend({ channel: z.enum(CHANNELS) })),
    }),
  ),
});
export type Ratings = z.infer<typeof RatingsSchema>;

export const RatingsQuerySchema = AnalyticsFilterSchema.extend({
  by: z.preprocess(
    emptyToUndefined,
    z.enum(['recipient', 'municipality'], 'by: recipient или municipality').optional(),
  ),
});

export const GrowthFactorsSchema = z.object({
  period: PeriodSchema,
  windows: z.number(),
  findings: z.array(
    z.object({
      topic: z.string(),
      territory: z.string(),
      count: z.number(),
      baseline: z.number(),
      yearAgo: z.number().nullable(),
      pValue: z.number(),
      sentence: z.string(),
      factors: z.array(
        z.object({
          dimension: z.enum(['subcategory', 'territory', 'channel', 'address', 'word']),
          value: z.string(),
          count: z.number(),
          baseline: z.number(),
          sentence: z.string(),
        }),
      ),
      caseIds: z.array(z.string()),
    }),
  ),
  tested: z.number(),
});
export type GrowthFactors = z.infer<typeof GrowthFactorsSchema>;

export const OtpiskaReviewSchema = z.object({
  isOtpiska: z.boolean({ error: 'isOtpiska: true или false' }),
  comment: z.string().trim().max(2000, 'comment: не длиннее 2000 символов').optional(),
});

export const AnswerCheckSchema = z.object({
  caseId: z.string(),
  text: z.string().nullable(),
  detected: z
    .object({ isOtpiska: z.boolean(), reasons: z.array(z.string()), evidence: z.array(z.string()) })
    .nullable(),
  review: z
    .object({
      isOtpiska: z.boolean(),
      comment: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      reviewedAt: z.string(),
    })
    .nullable(),
});
export type AnswerCheck = z.infer<typeof AnswerCheckSchema>;

export const PopulationsSchema = z.object({
  items: z
    .array(
      z.object({
        territory: z.string().trim().min(1, 'territory: не может быть пустым').max(300),
        population: z.number().int().positive('population: целое больше нуля'),
      }),
    )
    .max(5000),
});

export const ReportArchiveSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      tenantId: z.string(),
      kind: z.enum(['weekly', 'kpi']),
      period: z.string(),
      format: z.enum(['docx', 'pdf', 'xlsx']),
      fileName: z.string(),
      size: z.number(),
      createdAt: z.string(),
    }),
  ),
  kpiDue: z.array(
    z.object({ quarter: z.string(), dueDate: z.string(), isSubmitted: z.boolean(), isOverdue: z.boolean() }),
  ),
});

export const GenerateReportSchema = z.object({
  kind: z.enum(['weekly', 'kpi'], 'kind: weekly или kpi'),
  period: z
    .string()
    .trim()
    .regex(/^\d{4}-(W\d{2}|Q[1-4])$/, 'period: неделя 2021-W12 или квартал 2021-Q1'),
});

/** Dimensions and measures of custom slices (pivot tables): any two dimensions × one measure. */
export const SLICE_DIMENSIONS = [
  'channel',
  'category',
  'territory',
  'recipient',
  'status',
  'month',
  'week',
  'fast_track',
] as const;
export type SliceDimension = (typeof SLICE_DIMENSIONS)[number];
export const SLICE_DIMENSION_TITLES: Record<SliceDimension, string> = {
  channel: 'Канал',
  category: 'Тема',
  territory: 'Территория',
  recipient: 'Получатель',
  status: 'Статус',
  month: 'Месяц',
  week: 'Неделя',
  fast_track: 'Фаст-трек',
};
export const SLICE_MEASURES = [
  'received',
  'answered',
  'answered_on_time',
  'late',
  'on_time_share',
  'median_answer_hours',
  'mean_rating',
  'rated_high',
  'resolved',
  'explained',
  'otpiska',
] as const;
export type SliceMeasure = (typeof SLICE_MEASURES)[number];
export const SLICE_MEASURE_TITLES: Record<SliceMeasure, string> = {
  received: 'Поступило',
  answered: 'Дан ответ',
  answered_on_time: 'Ответ в срок',
  late: 'С нарушением срока',
  on_time_share: 'Доля в срок, %',
  median_answer_hours: 'Медиана ответа, раб. ч',
  mean_rating: 'Средняя оценка',
  rated_high: 'Оценки 4–5',
  resolved: '«Решено»',
  explained: '«Разъяснено»',
  otpiska: '«Отписки»',
};

export const SliceDefinitionSchema = z.object({
  rows: z.enum(SLICE_DIMENSIONS, `rows: одно из ${SLICE_DIMENSIONS.join(', ')}`),
  columns: z.enum(SLICE_DIMENSIONS, `columns: одно из ${SLICE_DIMENSIONS.join(', ')}`),
  measure: z.enum(SLICE_MEASURES, `measure: одна из ${SLICE_MEASURES.join(', ')}`),
});
export type SliceDefinition = z.infer<typeof SliceDefinitionSchema>;
export const SliceQuerySchema = AnalyticsFilterSchema.extend(SliceDefinitionSchema.shape);

export const SliceSchema = z.object({
  definition: SliceDefinitionSchema,
  rows: z.array(z.string()),
  columns: z.array(z.string()),
  cells: z.array(z.object({ row: z.string(), column: z.string(), value: z.number().nullable() })),
});
export type Slice = z.infer<typeof SliceSchema>;

export const SavedSliceSchema = z.object({
  id: z.string(),
  name: z.string(),
  definition: SliceDefinitionSchema,
  createdAt: z.string(),
});
export const SaveSliceSchema = z.object({
  name: z.string().trim().min(1, 'name: укажите название').max(200, 'name: не длиннее 200 символов'),
  definition: SliceDefinitionSchema,
});

const WorkloadFiguresSchema = z.object({
  received: z.number(),
  answered: z.number(),
  openNow: z.number(),
  overdueNow: z.number(),
  onTimeShare: z.number().nullable(),
  medianAnswerHours: z.number().nullable(),
});
export const WorkloadSchema = z.object({
  period: PeriodSchema,
  blocks: z.array(
    WorkloadFiguresSchema.extend({
      id: z.string(),
      name: z.string(),
      topics: z.array(z.string()),
      leaderName: z.string().nullable(),
    }),
  ),
  executors: z.array(WorkloadFiguresSchema.extend({ id: z.string().nullable(), name: z.string() })),
});
export type Workload = z.infer<typeof WorkloadSchema>;
