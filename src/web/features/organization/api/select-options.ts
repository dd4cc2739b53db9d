import type { Person } from '../../../../shared/contracts/organization.contract.js';
import { REGION_ROLES, ROLE_TITLES, ROLES, type Role } from '../../../../shared/roles.js';

/** The roles a person of a region (ЦУР) or of a municipality (МЦУ) may be given, as the server checks them. */
export function listAssignableRoles(tenantKind: 'region' | 'municipality'): Role[] {
  // The region curator is the one role only a region has; a system administrator may sit at either level.
  return tenantKind === 'region' ? [...REGION_ROLES] : ROLES.filter((role) => role !== 'cur_curator');
}

export function toRoleOptions(roles: readonly Role[]): Array<{ value: Role; label: string }> {
  return roles.map((role) => ({ value: role, label: ROLE_TITLES[role] }));
}

export type PersonOption = { value: string; label: string; position: string | null; disabled?: boolean };

/**
 * People to pick from: the active ones by name. Someone switched off who is already chosen (`keepIds`) stays in the
 * list, marked, so the form shows their name instead of an id; they cannot be picked anew.
 */
export function toPersonOptions(people: readonly Person[], keepIds: readonly string[] = []): PersonOption[] {
  const kept = new Set(keepIds);
  return people
    .filter((person) => person.isActive || kept.has(person.id))
    .map((person) => {
      const option: PersonOption = {
        value: person.id,
        label: person.isActive ? person.fullName : `${person.fullName} (отключён)`,
        position: person.position,
      };
      if (!person.isActive) option.disabled = true;
      return option;
    })
    .sort((left, right) => left.label.localeCompare(right.label, 'ru'));
}
