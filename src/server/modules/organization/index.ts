export type { TenantRow, UserRow } from './organization.repository.js';
export {
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
export type { CreateTenantInput, CreateUserInput } from './organization.service.js';
export { createTenant, createUser, resolveVisibleTenantIds } from './organization.service.js';
