import { z } from 'zod';
import { ROLES } from '../roles.js';

const id = (field: string) => z.string().uuid(`${field}: ожидается идентификатор (UUID)`);
const name = (field: string, max = 300) =>
  z.string().trim().min(1, `${field}: не может быть пустым`).max(max, `${field}: не длиннее ${max} символов`);
const isoDate = (field: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${field}: дата в формате ГГГГ-ММ-ДД`);

export const IdParamsSchema = z.object({ id: id('id') });

// ── Tenants ─────────────────────────────────────────────────────────────────────────────────────────
export const TenantSchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  shortName: z.string(),
  kind: z.enum(['region', 'municipality']),
  timezone: z.string(),
  parentId: z.string().uuid().nullable(),
});
export type Tenant = z.infer<typeof TenantSchema>;

// ── Responsible recipients (ответственные получатели) ───────────────────────────────────────────────
export const RECIPIENT_KINDS = [
  'administration',
  'department',
  'institution',
  'territorial_unit',
  'settlement',
] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];
export const RECIPIENT_KIND_TITLES: Record<RecipientKind, string> = {
  administration: 'Администрация',
  department: 'Отдел, управление, комитет',
  institution: 'Муниципальное учреждение',
  territorial_unit: 'Территориальный орган',
  settlement: 'Поселение',
};

export const RecipientSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  parentId: z.string().uuid().nullable(),
  kind: z.enum(RECIPIENT_KINDS),
  name: z.string(),
  shortName: z.string().nullable(),
  isActive: z.boolean(),
  peopleCount: z.number().int(),
});
export type Recipient = z.infer<typeof RecipientSchema>;

export const CreateRecipientSchema = z.object({
  parentId: id('parentId').nullable(),
  kind: z.enum(RECIPIENT_KINDS),
  name: name('name'),
  shortName: z.string().trim().max(100, 'shortName: не длиннее 100 символов').nullable().optional(),
});
export type CreateRecipientInput = z.infer<typeof CreateRecipientSchema>;
export const UpdateRecipientSchema = CreateRecipientSchema.partial().extend({ isActive: z.boolean().optional() });
export type UpdateRecipientInput = z.infer<typeof UpdateRecipientSchema>;

// ── Thematic blocks (отраслевые тематические блоки) ──────────────────────────────────────────────────
export const BlockSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  name: z.string(),
  topics: z.array(z.string()),
  leaderId: z.string().uuid().nullable(),
  leaderName: z.string().nullable(),
  memberIds: z.array(z.string().uuid()),
  isActive: z.boolean(),
});
export type Block = z.infer<typeof BlockSchema>;

export const CreateBlockSchema = z.object({
  name: name('name'),
  topics: z.array(name('topics', 200)).max(500, 'topics: не больше 500 тем').default([]),
  leaderId: id('leaderId').nullable().default(null),
  memberIds: z.array(id('memberIds')).max(500).default([]),
});
export type CreateBlockInput = z.infer<typeof CreateBlockSchema>;
export const UpdateBlockSchema = z.object({
  name: name('name').optional(),
  topics: z.array(name('topics', 200)).max(500).optional(),
  leaderId: id('leaderId').nullable().optional(),
  memberIds: z.array(id('memberIds')).max(500).optional(),
  isActive: z.boolean().optional(),
});
export type UpdateBlockInput = z.infer<typeof UpdateBlockSchema>;

// ── People (сотрудники) ─────────────────────────────────────────────────────────────────────────────
export const PersonSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  fullName: z.string(),
  position: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  recipientId: z.string().uuid().nullable(),
  recipientName: z.string().nullable(),
  login: z.string().nullable(),
  roles: z.array(z.enum(ROLES)),
  blockIds: z.array(z.string().uuid()),
  isActive: z.boolean(),
  hasActed: z.boolean(),
  lastLoginAt: z.string().nullable(),
});
export type Person = z.infer<typeof PersonSchema>;

export const PersonListQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  recipientId: id('recipientId').optional(),
  role: z.enum(ROLES).optional(),
  isActive: z.enum(['true', 'false']).optional(),
});
export type PersonListQuery = z.infer<typeof PersonListQuerySchema>;

const LOGIN_FIELD = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'login: латинские буквы, цифры, «.», «-», «_»; от 2 до 63 символов');

export const CreatePersonSchema = z.object({
  fullName: name('fullName'),
  position: z.string().trim().max(300).nullable().optional(),
  email: z.string().trim().email('email: неверный адрес').nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  recipientId: id('recipientId').nullable().optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).default([]),
  /** Sign-in is optional: a member of the composition may have no account. */
  login: LOGIN_FIELD.nullable().optional(),
  password: z.string().min(10, 'password: не короче 10 символов').max(200).nullable().optional(),
});
export type CreatePersonInput = z.infer<typeof CreatePersonSchema>;

export const UpdatePersonSchema = z.object({
  fullName: name('fullName').optional(),
  position: z.string().trim().max(300).nullable().optional(),
  email: z.string().trim().email('email: неверный адрес').nullable().optional(),
  phone: z.string().trim().max(50).nullable().optional(),
  recipientId: id('recipientId').nullable().optional(),
  roles: z.array(z.enum(ROLES)).max(ROLES.length).optional(),
  login: LOGIN_FIELD.nullable().optional(),
  password: z.string().min(10, 'password: не короче 10 символов').max(200).optional(),
  isActive: z.boolean().optional(),
});
export type UpdatePersonInput = z.infer<typeof UpdatePersonSchema>;

// ── Substitutions (замещение) ───────────────────────────────────────────────────────────────────────
export const SubstitutionSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  absentId: z.string().uuid(),
  absentName: z.string(),
  substituteId: z.string().uuid(),
  substituteName: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  reason: z.string().nullable(),
  isCurrent: z.boolean(),
});
export type Substitution = z.infer<typeof SubstitutionSchema>;

export const CreateSubstitutionSchema = z
  .object({
    absentId: id('absentId'),
    substituteId: id('substituteId'),
    startsOn: isoDate('startsOn'),
    endsOn: isoDate('endsOn'),
    reason: z.string().trim().max(300).nullable().optional(),
  })
  .refine((value) => value.startsOn <= value.endsOn, {
    message: 'endsOn: дата окончания не может быть раньше даты начала',
    path: ['endsOn'],
  })
  .refine((value) => value.absentId !== value.substituteId, {
    message: 'substituteId: сотрудник не может замещать сам себя',
    path: ['substituteId'],
  });
export type CreateSubstitutionInput = z.infer<typeof CreateSubstitutionSchema>;

// ── Composition (состав МЦУ) ────────────────────────────────────────────────────────────────────────
export const CompositionMemberSchema = z.object({
  fullName: z.string(),
  position: z.string().nullable(),
  role: z.enum(ROLES).nullable(),
  roleTitle: z.string().nullable(),
  block: z.string().nullable(),
  personId: z.string().uuid().nullable(),
});
export type CompositionMember = z.infer<typeof CompositionMemberSchema>;

export const CompositionSchema = z.object({
  id: z.string().uuid(),
  tenantId: z.string().uuid(),
  version: z.number().int(),
  actNumber: z.string(),
  actDate: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  memberCount: z.number().int(),
});
export type Composition = z.infer<typeof CompositionSchema>;

export const CompositionDetailSchema = CompositionSchema.extend({ members: z.array(CompositionMemberSchema) });
export type CompositionDetail = z.infer<typeof CompositionDetailSchema>;

export const CompositionImportReportSchema = z.object({
  composition: CompositionSchema,
  createdPeople: z.number().int(),
  matchedPeople: z.number().int(),
  createdBlocks: z.number().int(),
  grantedRoles: z.number().int(),
});
export type CompositionImportReport = z.infer<typeof CompositionImportReportSchema>;

// ── Audit (журнал аудита) ───────────────────────────────────────────────────────────────────────────
export const AuditQuerySchema = z.object({
  actorId: id('actorId').optional(),
  objectType: z.string().trim().max(50).optional(),
  objectId: z.string().trim().max(100).optional(),
  action: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true, message: 'from: дата и время ISO-8601' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'to: дата и время ISO-8601' }).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEntrySchema = z.object({
  id: z.number().int(),
  tenantId: z.string().uuid().nullable(),
  actorId: z.string().uuid().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  details: z.record(z.string(), z.unknown()),
  ipAddress: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
