/**
 * Role codes (stable: APIs, the seed's JSON and the database use them; the UI shows ROLE_TITLES).
 * Roles from the founding regulations (see docs/GLOSSARY.md). A person may hold several.
 * Region-level roles belong to users of a region tenant (ЦУР); the rest to a municipality (МЦУ).
 */
export const ROLES = [
  'sysadmin',
  'admin',
  'curator',
  'manager',
  'coordinator_im',
  'coordinator_pos',
  'block_leader',
  'block_member',
  'executor',
  'head',
  'cur_curator',
] as const;

export type Role = (typeof ROLES)[number];

export const ROLE_TITLES: Record<Role, string> = {
  sysadmin: 'Системный администратор',
  admin: 'Администратор МЦУ',
  curator: 'Куратор МЦУ',
  manager: 'Руководитель МЦУ',
  coordinator_im: 'Ответственный за Инцидент менеджмент',
  coordinator_pos: 'Ответственный за ПОС',
  block_leader: 'Руководитель отраслевого блока',
  block_member: 'Член отраслевого блока',
  executor: 'Исполнитель',
  head: 'Глава муниципального образования',
  cur_curator: 'Куратор ЦУР',
};

/** Roles that make sense on a region tenant (ЦУР). */
export const REGION_ROLES: readonly Role[] = ['cur_curator', 'sysadmin'];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
