import type { ShippedRubricator } from '../../../shared/contracts/rubricators.contract.js';
import { CUR_THEME_GROUPS } from './data/cur-themes.data.js';
import { FZ59_CLASSIFIER_ITEMS } from './data/fz59-classifier.data.js';
import type { RubricatorItemInput } from './rubricators.repository.js';

// The shipped rubricators as item lists ready to write (codes stable between versions of the data).

export const SHIPPED_RUBRICATOR_NAMES: Record<ShippedRubricator, string> = {
  cur: 'Темы ЦУР / Инцидент менеджмент',
  fz59: 'Типовой общероссийский тематический классификатор обращений (59-ФЗ)',
};

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** 26 groups (gNN) and 359 topics (gNN.tNNN) with their descriptions. */
export function buildCurItems(): RubricatorItemInput[] {
  const items: RubricatorItemInput[] = [];
  for (const [groupIndex, group] of CUR_THEME_GROUPS.entries()) {
    const groupCode = `g${pad(groupIndex + 1, 2)}`;
    items.push({
      code: groupCode,
      name: group.name,
      parentCode: null,
      description: null,
      level: 1,
      sortOrder: groupIndex,
    });
    for (const [topicIndex, [name, description]] of group.topics.entries()) {
      items.push({
        code: `${groupCode}.t${pad(topicIndex + 1, 3)}`,
        name,
        parentCode: groupCode,
        description,
        level: 2,
        sortOrder: topicIndex,
      });
    }
  }
  return items;
}

/** Sections → theme groups → themes → questions → sub-questions, with the classifier's own codes. */
export function buildFz59Items(): RubricatorItemInput[] {
  const items: RubricatorItemInput[] = [];
  const trail: string[] = [];
  const siblings: number[] = [];
  for (const [code, level, name] of FZ59_CLASSIFIER_ITEMS) {
    trail.length = level - 1;
    siblings.length = level;
    siblings[level - 1] = (siblings[level - 1] ?? -1) + 1;
    items.push({
      code,
      name,
      parentCode: level === 1 ? null : (trail[level - 2] ?? null),
      description: null,
      level,
      sortOrder: siblings[level - 1] ?? 0,
    });
    trail[level - 1] = code;
  }
  return items;
}

export function buildShippedItems(rubricator: ShippedRubricator): RubricatorItemInput[] {
  return rubricator === 'cur' ? buildCurItems() : buildFz59Items();
}
