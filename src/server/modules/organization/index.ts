export type { TenantRow, UserRow } from './organization.repository.js';
export {
  findDelegation,
  findTenantById,
  findTenantBySlug,
  findUserById,
  findUserByLogin,
  insertTenant,
  listTenants,
  listUserRoles,
  touchUserLogin,
  updateUserPassword,
} from './organization.repository.js';
export { organizationRoutes } from './organization.routes.js';
export type { CreateTenantInput, CreateUserInput } from './organization.service.js';
export { createTenant, createUser, resolveVisibleTenantIds } from './organization.service.js';
export {
  insertBlock,
  insertRecipient,
  listRecipients,
  replaceBlockMembers,
  setPersonRecipient,
} from './organization-admin.repository.js';
