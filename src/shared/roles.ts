/**
 * Roles from the founding regulations (see docs/GLOSSARY.md). A person may hold several.
 * Region-level roles belong to users of a region tenant (ЦУР); the rest to a municipality (МЦУ).
 */
export const ROLES = [
  'system_admin',
  'admin',
  'curator',
  'mcu_head',
  'im_coordinator',
  'pos_coordinator',
  'channel_coordinator',
  'block_leader',
  'block_member',
  'executor',
  'head',
  'cur_curator',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  system_admin: 'Системный администратор',
  admin: 'Администратор МЦУ',
  curator: 'Куратор МЦУ',
  mcu_head: 'Руководитель МЦУ',
  im_coordinator: 'Ответственный за Инцидент менеджмент',
  pos_coordinator: 'Ответственный за ПОС',
  channel_coordinator: 'Ответственный за канал обращений',
  block_leader: 'Руководитель отраслевого блока',
  block_member: 'Член отраслевого блока',
  executor: 'Исполнитель',
  head: 'Глава муниципального образования',
  cur_curator: 'Куратор ЦУР',
};

/** Roles that make sense on a region tenant (ЦУР). */
export const REGION_ROLES: readonly Role[] = ['cur_curator', 'system_admin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
