import { z } from 'zod';

export const CLUSTER_STATUSES = ['open', 'answered'] as const;
export const CLUSTER_STATUS_TITLES: Record<(typeof CLUSTER_STATUSES)[number], string> = {
  open: 'Открыта',
  answered: 'Отвечена',
};
export const CLUSTER_MEMBER_SOURCES = ['auto', 'manual', 'merge'] as const;
export const CLUSTER_MEMBER_SOURCE_TITLES: Record<(typeof CLUSTER_MEMBER_SOURCES)[number], string> = {
  auto: 'автоматически',
  manual: 'вручную',
  merge: 'при объединении',
};

export const ClusterListQuerySchema = z.object({
  status: z.enum(CLUSTER_STATUSES).optional(),
  page: z.coerce.number().int().min(1, 'page: от 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'pageSize: от 1').max(200, 'pageSize: не больше 200').default(50),
});
export type ClusterListQuery = z.infer<typeof ClusterListQuerySchema>;

export const ClusterSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(CLUSTER_STATUSES),
  memberCount: z.number().int(),
  firstReceivedAt: z.string().nullable(),
  lastReceivedAt: z.string().nullable(),
  district: z.string().nullable(),
  address: z.string().nullable(),
  answeredAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ClusterSummary = z.infer<typeof ClusterSummarySchema>;

export const ClusterListSchema = z.object({ items: z.array(ClusterSummarySchema), total: z.number().int() });
export type ClusterList = z.infer<typeof ClusterListSchema>;

export const ClusterMemberSchema = z.object({
  caseId: z.string(),
  number: z.string(),
  excerpt: z.string(),
  address: z.string().nullable(),
  district: z.string().nullable(),
  status: z.string(),
  category: z.string().nullable(),
  receivedAt: z.string(),
  similarity: z.number(),
  source: z.enum(CLUSTER_MEMBER_SOURCES),
});
export type ClusterMember = z.infer<typeof ClusterMemberSchema>;

export const ClusterDetailSchema = ClusterSummarySchema.extend({
  answerText: z.string().nullable(),
  members: z.array(ClusterMemberSchema),
});
export type ClusterDetail = z.infer<typeof ClusterDetailSchema>;

export const AnswerClusterSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'text: текст ответа не может быть пустым')
    .max(20_000, 'text: не длиннее 20 000 символов'),
});
export const AnswerClusterResultSchema = z.object({
  answered: z.number().int(),
  results: z.array(
    z.object({
      caseId: z.string(),
      number: z.string(),
      isDone: z.boolean(),
      /** Why the answer was not put on this case (its state does not allow it, no rights…). */
      error: z.string().nullable(),
    }),
  ),
  cluster: ClusterDetailSchema,
});
export type AnswerClusterResult = z.infer<typeof AnswerClusterResultSchema>;

export const MergeClustersSchema = z.object({
  clusterIds: z
    .array(z.string().uuid('clusterIds: ожидаются идентификаторы групп'))
    .min(1, 'clusterIds: укажите хотя бы одну группу')
    .max(50),
});
export const AddClusterMemberSchema = z.object({
  caseId: z.string().uuid('caseId: ожидается идентификатор сообщения'),
});

export const RecomputeClustersSchema = z.object({
  days: z.number().int().min(1, 'days: от 1').max(366, 'days: не больше 366').default(30),
});
export const RecomputeResultSchema = z.object({
  cases: z.number().int(),
  released: z.number().int(),
  grouped: z.number().int(),
  clusters: z.number().int(),
  repeats: z.number().int(),
});
export type RecomputeResult = z.infer<typeof RecomputeResultSchema>;

export const RepeatListQuerySchema = z.object({
  days: z.coerce.number().int().min(1, 'days: от 1').max(366, 'days: не больше 366').default(30),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const RepeatAppealSchema = z.object({
  caseId: z.string(),
  number: z.string(),
  receivedAt: z.string(),
  excerpt: z.string(),
  matchedBy: z.enum(['phone', 'email']),
  /** Masked for roles without access to personal data. */
  applicantName: z.string().nullable(),
  contact: z.string().nullable(),
  previous: z.array(z.object({ caseId: z.string(), number: z.string(), receivedAt: z.string() })),
});
export const RepeatListSchema = z.object({ items: z.array(RepeatAppealSchema), total: z.number().int() });
export type RepeatList = z.infer<typeof RepeatListSchema>;
