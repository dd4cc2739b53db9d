import type { TenantSummary } from '../../../shared/contracts/auth.contract.js';
import type { Role } from '../../../shared/roles.js';

/** Who is calling: resolved from the session cookie before any route runs. */
export type AuthContext = {
  userId: string;
  login: string;
  fullName: string;
  roles: Role[];
  tenant: TenantSummary;
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
