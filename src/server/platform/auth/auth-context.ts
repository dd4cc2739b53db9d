import type { TenantSummary } from '../../../shared/contracts/auth.contract.js';
import type { Role } from '../../../shared/roles.js';

/** Who is calling: resolved from the session cookie before any route runs. */
export type AuthContext = {
  userId: string;
  login: string;
  fullName: string;
  /** Own roles plus the roles of everyone this person substitutes today. */
  roles: Role[];
  /** Own roles only (what the account was granted). */
  ownRoles: Role[];
  tenant: TenantSummary;
  /** This person and the people they substitute today: they see and act on what those would. */
  actingForUserIds: string[];
  /** Responsible recipients of this person and of the people they substitute today. */
  recipientIds: string[];
  /** Tenants whose data this user may read: their own municipality, or every municipality of their region. */
  visibleTenantIds: string[];
  sessionTokenHash: string;
  csrfToken: string;
};

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | undefined;
  }
}
