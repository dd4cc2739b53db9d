import { z } from 'zod';
import { CASE_KINDS, CHANNELS } from '../channels.js';
import {
  APPLICANT_TYPES,
  CASE_PRIORITIES,
  RoutingActionsSchema,
  RoutingConditionSchema,
  RoutingRuleDefinitionSchema,
} from '../routing/routing-rule.schema.js';

export const RoutingRuleSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  name: z.string(),
  isActive: z.boolean(),
  match: z.enum(['all', 'any']),
  conditions: z.array(RoutingConditionSchema),
  actions: RoutingActionsSchema,
  stopOnMatch: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
  updatedByName: z.string().nullable(),
});
export type RoutingRule = z.infer<typeof RoutingRuleSchema>;

/** Body of create/update: the rule definition; on update `version` is the one the editor saw (409 if stale). */
export const SaveRoutingRuleSchema = RoutingRuleDefinitionSchema.extend({
  version: z.number().int().min(1).optional(),
});
export type SaveRoutingRuleInput = z.infer<typeof SaveRoutingRuleSchema>;

export const SetRoutingRuleActiveSchema = z.object({ isActive: z.boolean() });

export const ReorderRoutingRulesSchema = z.object({
  ruleIds: z.array(z.string().uuid('ruleIds: ожидаются идентификаторы правил')).max(1000),
});

export const ROUTING_RULE_CHANGES = ['created', 'updated', 'enabled', 'disabled', 'moved', 'deleted'] as const;
export const ROUTING_RULE_CHANGE_TITLES: Record<(typeof ROUTING_RULE_CHANGES)[number], string> = {
  created: 'Создано',
  updated: 'Изменено',
  enabled: 'Включено',
  disabled: 'Выключено',
  moved: 'Перемещено',
  deleted: 'Удалено',
};

export const RoutingRuleVersionSchema = z.object({
  version: z.number().int(),
  change: z.enum(ROUTING_RULE_CHANGES),
  snapshot: z.record(z.string(), z.unknown()),
  changedByName: z.string().nullable(),
  changedAt: z.string(),
});
export type RoutingRuleVersion = z.infer<typeof RoutingRuleVersionSchema>;

/** The test panel: a case as it could arrive, and optionally an unsaved rule tried in place of a saved one. */
export const TestRoutingSchema = z.object({
  case: z.object({
    channel: z.enum(CHANNELS),
    kind: z.enum(CASE_KINDS).default('message'),
    text: z.string().trim().min(1, 'case.text: введите текст сообщения').max(20_000),
    category: z.string().trim().max(200).nullable().optional(),
    subcategory: z.string().trim().max(200).nullable().optional(),
    district: z.string().trim().max(200).nullable().optional(),
    address: z.string().trim().max(500).nullable().optional(),
    latitude: z.number().min(-90).max(90).nullable().optional(),
    longitude: z.number().min(-180).max(180).nullable().optional(),
    receivedAt: z.iso.datetime({ offset: true, message: 'case.receivedAt: дата и время ISO 8601' }).optional(),
    priority: z.enum(CASE_PRIORITIES).default('normal'),
    applicantType: z.enum(APPLICANT_TYPES).default('unknown'),
  }),
  draft: z
    .object({
      ruleId: z.string().uuid().nullable().optional(),
      definition: RoutingRuleDefinitionSchema,
    })
    .optional(),
});
export type TestRoutingInput = z.infer<typeof TestRoutingSchema>;

const ConditionTraceSchema = z.object({
  index: z.number().int(),
  type: z.string(),
  isMatched: z.boolean(),
  explanation: z.string(),
});
export const RoutingTestResultSchema = z.object({
  fired: z.array(z.object({ ruleId: z.string(), name: z.string() })),
  outcome: z.object({
    category: z.string().optional(),
    subcategory: z.string().optional(),
    recipientId: z.string().optional(),
    executorId: z.string().optional(),
    priority: z.enum(CASE_PRIORITIES).optional(),
    isFastTrack: z.boolean().optional(),
    workflowId: z.string().optional(),
    tags: z.array(z.string()),
  }),
  /** Names of the recipient and executor the outcome sets, for reading. */
  recipientName: z.string().nullable(),
  executorName: z.string().nullable(),
  trace: z.array(
    z.object({
      ruleId: z.string(),
      name: z.string(),
      position: z.number().int(),
      skipped: z.enum(['inactive', 'stopped']).nullable(),
      isFired: z.boolean(),
      conditions: z.array(ConditionTraceSchema),
    }),
  ),
});
export type RoutingTestResult = z.infer<typeof RoutingTestResultSchema>;
