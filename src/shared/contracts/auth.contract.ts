import { z } from 'zod';
import { ROLES } from '../roles.js';

export const LoginSchema = z.object({
  login: z.string().trim().min(1, 'Укажите логин').max(100, 'Логин длиннее 100 символов'),
  password: z.string().min(1, 'Укажите пароль').max(200, 'Пароль длиннее 200 символов'),
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const PASSWORD_MIN_LENGTH = 10;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().min(1, 'Укажите текущий пароль').max(200),
  newPassword: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Новый пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов`)
    .max(200, 'Новый пароль длиннее 200 символов'),
});
export type ChangePasswordInput = z.infer<typeof ChangePasswordSchema>;

export const TenantSummarySchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  kind: z.enum(['region', 'municipality']),
  timezone: z.string(),
});
export type TenantSummary = z.infer<typeof TenantSummarySchema>;

export const CurrentUserSchema = z.object({
  id: z.string().uuid(),
  login: z.string(),
  fullName: z.string(),
  roles: z.array(z.enum(ROLES)),
  tenant: TenantSummarySchema,
});
export type CurrentUser = z.infer<typeof CurrentUserSchema>;

export const SessionResponseSchema = z.object({
  user: CurrentUserSchema,
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
