import { z } from 'zod';

export const SERVICE_ATTRIBUTE_DATATYPES = [
  'string',
  'number',
  'datetime',
  'text',
  'singlevaluelist',
  'multivaluelist',
] as const;
export type ServiceAttributeDatatype = (typeof SERVICE_ATTRIBUTE_DATATYPES)[number];

export const SERVICE_ATTRIBUTE_DATATYPE_TITLES: Record<ServiceAttributeDatatype, string> = {
  string: 'Строка',
  number: 'Число',
  datetime: 'Дата и время',
  text: 'Текст',
  singlevaluelist: 'Один из списка',
  multivaluelist: 'Несколько из списка',
};

/** The attribute types whose answer is chosen from `values` (and only they have values). */
export function isListDatatype(datatype: unknown): boolean {
  return datatype === 'singlevaluelist' || datatype === 'multivaluelist';
}

const CODE_PATTERN = /^[A-Za-z0-9_.-]+$/;

const code = (field: string) =>
  z
    .string({ error: `${field}: укажите код` })
    .trim()
    .min(1, `${field}: укажите код`)
    .max(100, `${field}: не длиннее 100 символов`)
    .regex(CODE_PATTERN, `${field}: латинские буквы, цифры, «_», «-», «.»`);

export const ServiceAttributeSchema = z
  .object({
    code: code('code'),
    datatype: z.enum(SERVICE_ATTRIBUTE_DATATYPES, {
      error: 'datatype: один из string, number, datetime, text, singlevaluelist, multivaluelist',
    }),
    description: z
      .string()
      .trim()
      .min(1, 'description: вопрос к заявителю')
      .max(500, 'description: не длиннее 500 символов'),
    datatypeDescription: z.string().trim().max(500).nullable().optional(),
    isRequired: z.boolean(),
    isVariable: z.boolean().optional(),
    order: z.number().int().min(0).max(10_000).optional(),
    values: z
      .array(
        z.object({ key: code('values.key'), name: z.string().trim().min(1, 'values.name: укажите название').max(200) }),
      )
      .max(200)
      .optional(),
  })
  .refine((attribute) => !isListDatatype(attribute.datatype) || (attribute.values?.length ?? 0) > 0, {
    message: 'values: для списка укажите хотя бы одно значение',
    path: ['values'],
  });
export type ServiceAttribute = z.infer<typeof ServiceAttributeSchema>;

export const SaveServiceAttributesSchema = z
  .object({ attributes: z.array(ServiceAttributeSchema).max(50, 'attributes: не больше 50') })
  .refine((input) => new Set(input.attributes.map((attribute) => attribute.code)).size === input.attributes.length, {
    message: 'attributes: коды атрибутов повторяются',
    path: ['attributes'],
  });
export type SaveServiceAttributesInput = z.infer<typeof SaveServiceAttributesSchema>;

export const SaveServiceSchema = z.object({
  code: code('code'),
  name: z.string().trim().min(1, 'name: укажите название').max(200, 'name: не длиннее 200 символов'),
  description: z.string().trim().max(1000).nullable().optional(),
  isActive: z.boolean().optional(),
});
export type SaveServiceInput = z.infer<typeof SaveServiceSchema>;

export const Open311ServiceSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  group: z.string().nullable(),
  isActive: z.boolean(),
  attributes: z.array(
    z.object({
      code: z.string(),
      datatype: z.enum(SERVICE_ATTRIBUTE_DATATYPES),
      description: z.string(),
      datatypeDescription: z.string().nullable(),
      isRequired: z.boolean(),
      isVariable: z.boolean(),
      order: z.number(),
      values: z.array(z.object({ key: z.string(), name: z.string() })),
    }),
  ),
});
export type Open311Service = z.infer<typeof Open311ServiceSchema>;
