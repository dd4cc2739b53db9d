import { hasPermission } from '../../../../shared/permissions.js';
import type { Role } from '../../../../shared/roles.js';

/**
 * Where to go after signing in. Only a path inside this app: never another site («//evil.example»,
 * «https://…») and never the sign-in page itself; anything else leads to «/», the start page.
 */
export function toSafeRedirect(target: string | undefined): string {
  if (
    target?.startsWith('/') &&
    !target.startsWith('//') &&
    !target.startsWith('/\\') &&
    !target.startsWith('/login')
  ) {
    return target;
  }
  return '/';
}

/** The start page «/» leads to: «Входящие» for those who work the queues, the overview for the head and ЦУР. */
export function startPageFor(roles: readonly Role[]): '/inbox' | '/overview' {
  return hasPermission(roles, 'inbox.start_page') ? '/inbox' : '/overview';
}
