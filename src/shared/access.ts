import type { Role } from './roles.js';

/**
 * Roles whose work needs the applicant's personal data (152-ФЗ): they see it unmasked and every view
 * is audited. Everyone else sees it masked.
 */
const PERSONAL_DATA_ROLES: readonly Role[] = ['manager', 'coordinator_im', 'coordinator_pos', 'executor'];

export function canViewApplicantData(roles: readonly Role[]): boolean {
  return roles.some((role) => PERSONAL_DATA_ROLES.includes(role));
}

/** «Иванова Мария Петровна» → «Иванова М. П.» style mask that still lets staff tell people apart. */
export function maskPersonName(name: string | null): string | null {
  if (!name) return null;
  const [first, ...rest] = name.trim().split(/\s+/);
  if (!first) return null;
  const initials = rest.map((part) => `${part.charAt(0)}.`).join(' ');
  return `${first.charAt(0)}${'*'.repeat(Math.max(2, first.length - 1))}${initials ? ` ${initials}` : ''}`;
}

export function maskContact(contact: string | null): string | null {
  if (!contact) return null;
  if (contact.includes('@')) {
    const [local = '', domain = ''] = contact.split('@');
    return `${local.charAt(0)}***@${domain}`;
  }
  const digits = contact.replace(/\D/g, '');
  return digits.length >= 2 ? `+* *** ***-**-${digits.slice(-2)}` : '***';
}
