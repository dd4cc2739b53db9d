import type { RoutingRule } from '../../../../shared/contracts/routing.contract.js';
import {
  type RoutingConditionType,
  type RoutingRuleDefinition,
  RoutingRuleDefinitionSchema,
} from '../../../../shared/routing/index.js';

// The rule editor keeps conditions and actions as JSON text; the shared schema checks it before saving.

export type RuleDraft = {
  name: string;
  isActive: boolean;
  match: 'all' | 'any';
  stopOnMatch: boolean;
  conditionsText: string;
  actionsText: string;
};

export const CONDITION_EXAMPLES: Record<RoutingConditionType, unknown> = {
  channel: { type: 'channel', anyOf: ['pos', 'im'] },
  kind: { type: 'kind', anyOf: ['appeal'] },
  category: { type: 'category', field: 'category', anyOf: ['Дороги'] },
  district: { type: 'district', anyOf: ['Центральный'] },
  settlement: { type: 'settlement', anyOf: ['Заречный'] },
  radius: { type: 'radius', latitude: 55.75, longitude: 37.62, meters: 500 },
  polygon: {
    type: 'polygon',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [37.6, 55.74],
          [37.64, 55.74],
          [37.64, 55.76],
          [37.6, 55.76],
          [37.6, 55.74],
        ],
      ],
    },
  },
  words: { type: 'words', mode: 'any', words: ['яма', 'выбоина'] },
  phrase: { type: 'phrase', phrases: ['нет воды'] },
  time: { type: 'time', from: '18:00', to: '09:00', weekdays: [1, 2, 3, 4, 5] },
  workingHours: { type: 'workingHours', scheduleId: 'mcu', isWorking: false },
  priority: { type: 'priority', anyOf: ['high', 'urgent'] },
  applicantType: { type: 'applicantType', anyOf: ['organization'] },
};

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    isActive: true,
    match: 'all',
    stopOnMatch: true,
    conditionsText: JSON.stringify([CONDITION_EXAMPLES.words], null, 2),
    actionsText: JSON.stringify({ category: 'Дороги', priority: 'high', tags: ['дороги'] }, null, 2),
  };
}

export function draftOf(rule: RoutingRule): RuleDraft {
  return {
    name: rule.name,
    isActive: rule.isActive,
    match: rule.match,
    stopOnMatch: rule.stopOnMatch,
    conditionsText: JSON.stringify(rule.conditions, null, 2),
    actionsText: JSON.stringify(rule.actions, null, 2),
  };
}

/** The draft as a rule definition, or the problems found (JSON syntax or the schema, with the path). */
export function parseDraft(draft: RuleDraft): { definition: RoutingRuleDefinition } | { errors: string[] } {
  let conditions: unknown;
  let actions: unknown;
  try {
    conditions = JSON.parse(draft.conditionsText || '[]');
  } catch (error) {
    return { errors: [`Условия: не JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  try {
    actions = JSON.parse(draft.actionsText || '{}');
  } catch (error) {
    return { errors: [`Действия: не JSON (${error instanceof Error ? error.message : String(error)})`] };
  }
  const parsed = RoutingRuleDefinitionSchema.safeParse({
    name: draft.name,
    isActive: draft.isActive,
    match: draft.match,
    stopOnMatch: draft.stopOnMatch,
    conditions,
    actions,
  });
  if (parsed.success) return { definition: parsed.data };
  return { errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'правило'}: ${issue.message}`) };
}
