import { z } from 'zod';

export const RUBRICATOR_SOURCES = ['own', 'pos', 'im', 'cur', 'fz59', 'import'] as const;
export type RubricatorSourceCode = (typeof RUBRICATOR_SOURCES)[number];
export const RUBRICATOR_SOURCE_TITLES: Record<RubricatorSourceCode, string> = {
  own: 'Собственный',
  pos: 'ПОС',
  im: 'Инцидент менеджмент',
  cur: 'Темы ЦУР / ИМ (поставляется)',
  fz59: 'Типовой классификатор 59-ФЗ (поставляется)',
  import: 'Из импорта',
};
/** Shipped rubricators: their items are product data (names fixed), a tenant only switches items off and maps them. */
export const SHIPPED_RUBRICATORS = ['cur', 'fz59'] as const;
export type ShippedRubricator = (typeof SHIPPED_RUBRICATORS)[number];

export const RubricatorSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  source: z.enum(RUBRICATOR_SOURCES),
  itemCount: z.number().int(),
  activeCount: z.number().int(),
  isEditable: z.boolean(),
});
export type Rubricator = z.infer<typeof RubricatorSchema>;

export const RubricatorItemSchema = z.object({
  id: z.string(),
  rubricatorId: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  level: z.number().int(),
  isActive: z.boolean(),
  childCount: z.number().int(),
  blockId: z.string().nullable(),
  blockName: z.string().nullable(),
  recipientId: z.string().nullable(),
  recipientName: z.string().nullable(),
  linkCount: z.number().int(),
});
export type RubricatorItem = z.infer<typeof RubricatorItemSchema>;

export const RubricatorItemListSchema = z.object({ items: z.array(RubricatorItemSchema), total: z.number().int() });
export type RubricatorItemList = z.infer<typeof RubricatorItemListSchema>;

export const RubricatorItemQuerySchema = z.object({
  /** Children of this item; absent — the top level (unless `q` searches the whole tree). */
  parentId: z.string().uuid('parentId: ожидается идентификатор (UUID)').optional(),
  q: z.string().trim().max(200, 'q: не длиннее 200 символов').optional(),
  includeInactive: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1, 'page: от 1').default(1),
  pageSize: z.coerce.number().int().min(1, 'pageSize: от 1').max(500, 'pageSize: не больше 500').default(100),
});
export type RubricatorItemQuery = z.infer<typeof RubricatorItemQuerySchema>;

export const LoadRubricatorSchema = z.object({ rubricator: z.enum(SHIPPED_RUBRICATORS) });
export const LoadRubricatorResultSchema = z.object({
  rubricatorId: z.string(),
  inserted: z.number().int(),
  total: z.number().int(),
});
export type LoadRubricatorResult = z.infer<typeof LoadRubricatorResultSchema>;

export const CreateRubricatorSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{1,39}$/, 'code: латиница в нижнем регистре, цифры, «-», «_», от 2 до 40 символов'),
  name: z.string().trim().min(1, 'name: название не может быть пустым').max(200, 'name: не длиннее 200 символов'),
});
export type CreateRubricatorInput = z.infer<typeof CreateRubricatorSchema>;

export const CreateRubricatorItemSchema = z.object({
  parentId: z.string().uuid('parentId: ожидается идентификатор (UUID)').nullable().optional(),
  code: z.string().trim().min(1, 'code: код не может быть пустым').max(100, 'code: не длиннее 100 символов').optional(),
  name: z.string().trim().min(1, 'name: название не может быть пустым').max(500, 'name: не длиннее 500 символов'),
  description: z.string().trim().max(5000, 'description: не длиннее 5000 символов').nullable().optional(),
});
export type CreateRubricatorItemInput = z.infer<typeof CreateRubricatorItemSchema>;

export const UpdateRubricatorItemSchema = z.object({
  name: z.string().trim().min(1, 'name: название не может быть пустым').max(500).optional(),
  description: z.string().trim().max(5000).nullable().optional(),
  isActive: z.boolean().optional(),
});
export type UpdateRubricatorItemInput = z.infer<typeof UpdateRubricatorItemSchema>;

export const ItemAssignmentSchema = z.object({
  blockId: z.string().uuid('blockId: ожидается идентификатор блока').nullable(),
  recipientId: z.string().uuid('recipientId: ожидается идентификатор получателя').nullable(),
});
export type ItemAssignmentInput = z.infer<typeof ItemAssignmentSchema>;

export const ItemLinkSchema = z.object({ toItemId: z.string().uuid('toItemId: ожидается идентификатор позиции') });

export const RubricatorItemLinkSchema = z.object({
  itemId: z.string(),
  code: z.string(),
  name: z.string(),
  rubricatorId: z.string(),
  rubricatorName: z.string(),
  /** `to`: this item maps to it; `from`: it maps to this item. */
  direction: z.enum(['to', 'from']),
});
export type RubricatorItemLink = z.infer<typeof RubricatorItemLinkSchema>;
