import type { Role } from './roles.js';

/**
 * Who may do what — the one table the server enforces and the UI reads to show only what a person can
 * use. Reading cases is scoped separately (own tenant, region, executor's recipient); see access.ts.
 */
/** Everyone who reads the whole of their tenant (or region): all roles except the executor's. */
const WHOLE_TENANT_READERS = [
  'admin',
  'sysadmin',
  'manager',
  'curator',
  'coordinator_im',
  'coordinator_pos',
  'block_leader',
  'block_member',
  'head',
  'cur_curator',
] as const satisfies readonly Role[];

export const PERMISSIONS = {
  /** Manage responsible recipients, blocks, people, roles, substitutions and the composition. */
  'organization.manage': ['admin', 'sysadmin', 'manager', 'curator'],
  /** See the organisation (recipients, blocks, people) of the tenants one can read. */
  'organization.read': [...WHOLE_TENANT_READERS, 'executor'],
  /** Edit the federal production calendar shared by the installation (a new year's decree). */
  'calendar.manage': ['sysadmin', 'admin'],
  /** Edit the tenant's local days off, work schedules and SLA policies. */
  'sla.manage': ['sysadmin', 'admin', 'manager'],
  /** Register a case by hand or through the API (phone, reception, letter, an API client). */
  'cases.create': [
    'sysadmin',
    'admin',
    'manager',
    'curator',
    'coordinator_im',
    'coordinator_pos',
    'block_leader',
    'block_member',
  ],
  /** Enter a resident's comment or rating received through a channel, on the resident's behalf. */
  'cases.relay_resident': ['sysadmin', 'admin', 'manager', 'coordinator_im', 'coordinator_pos'],
  /**
   * Attach files to a case one may read (evidence of the work, photos for a promise) and remove one's
   * own; the head reads attachments but does not add them. Executors only on cases routed to them.
   */
  'cases.attach': [
    'sysadmin',
    'admin',
    'manager',
    'curator',
    'coordinator_im',
    'coordinator_pos',
    'block_leader',
    'block_member',
    'cur_curator',
    'executor',
  ],
  /** Remove any staff file of a case (not only one's own); the resident's files and generated documents stay. */
  'cases.attachments_manage': ['sysadmin', 'admin', 'manager', 'coordinator_im', 'coordinator_pos'],
  /** Keep the tenant's library of answer templates. */
  'templates.manage': ['sysadmin', 'admin', 'manager', 'coordinator_im', 'coordinator_pos'],
  /** Issue and revoke the tenant's API keys (Open311 clients, the ИМ webhook). */
  'api_keys.manage': ['admin', 'sysadmin'],
  /** Edit the Open311 services of the tenant (the `own` rubricator) and their attributes. */
  'services.manage': ['admin', 'sysadmin', 'manager'],
  /** Take or assign many cases of the inbox at once (each still checked by its workflow). */
  'cases.bulk_actions': ['manager', 'curator', 'coordinator_im', 'coordinator_pos', 'block_leader', 'block_member'],
  /** Browse the tenant's rubricators (topic trees, mappings). */
  'rubricators.read': [...WHOLE_TENANT_READERS, 'executor'],
  /** Load shipped rubricators, keep own items, map topics to blocks, recipients and other rubricators. */
  'rubricators.manage': ['sysadmin', 'admin', 'manager'],
  /** Keep the routing rules («автоправила») and try them in the test panel. */
  'routing.manage': ['sysadmin', 'admin', 'manager'],
  /** Work with mass problems: merge and split groups, answer a group at once. */
  'clusters.manage': ['sysadmin', 'admin', 'manager', 'curator', 'coordinator_im', 'coordinator_pos', 'block_leader'],
  /** Register 59-ФЗ appeals in the journal (number, вид, form, classifier code) and keep its settings. */
  'appeals.register': ['manager', 'coordinator_pos', 'block_leader', 'block_member'],
  /** Read the 59-ФЗ registration journal, export it and print registration cards. */
  'appeals.read': WHOLE_TENANT_READERS,
  /** Configure the ПОС integration (address, login, password, scope), run it and see its status. */
  'pos_sync.manage': ['sysadmin', 'admin', 'manager', 'coordinator_pos'],
  /** Search the audit log. */
  'audit.read': ['admin', 'sysadmin', 'manager', 'cur_curator'],
  /**
   * Read analytics (dashboard, heat map, ratings, growth, reports) of the visible tenants: МЦУ staff, the
   * head and the ЦУР (its whole region). Not executors: they see their own cases in the case list.
   */
  'analytics.read': WHOLE_TENANT_READERS,
  /** Analytics settings: rating weights, populations of territories, KPI definitions, report generation. */
  'analytics.manage': ['sysadmin', 'admin', 'manager', 'curator'],
  /** See the weekly note's schedule and subscribers of the tenant (the head reads it too). */
  'reports.schedule_read': ['sysadmin', 'admin', 'manager', 'curator', 'head'],
  /** Set the weekly note's day, time, zone, on/off and subscribers (audited). */
  'reports.schedule_manage': ['sysadmin', 'admin', 'manager'],
  /** Edit the KPI definitions of the region (ЦУР) and municipality overrides (versioned, audited). */
  'kpi.manage': ['sysadmin', 'cur_curator'],
  /** Decide whether an answer is an «отписка», overriding the detector (audited). */
  'analytics.review_answers': [
    'sysadmin',
    'admin',
    'manager',
    'curator',
    'coordinator_im',
    'coordinator_pos',
    'block_leader',
    'cur_curator',
  ],
  /**
   * Start on «Входящие» (after signing in and at «/»): everyone who works the queues. The head and the ЦУР
   * curator watch rather than work them and start on the overview.
   */
  'inbox.start_page': [
    'sysadmin',
    'admin',
    'manager',
    'curator',
    'coordinator_im',
    'coordinator_pos',
    'block_leader',
    'block_member',
    'executor',
  ],
  /** Upload the ПОС back-office export (intake import) and read the import journal. */
  'intake.import_pos': ['sysadmin', 'admin', 'coordinator_pos'],
  /** Upload the Инцидент менеджмент export (intake import) and read the import journal. */
  'intake.import_im': ['sysadmin', 'admin', 'coordinator_im'],
  /** Keep the classifier: list its model versions with their scores, retrain it, set the auto-apply threshold. */
  'triage.manage': ['sysadmin', 'admin', 'manager'],
  /** Apply a classifier suggestion (category, subcategory, recipient) to a case in one click (audited). */
  'triage.apply': [
    'sysadmin',
    'admin',
    'manager',
    'curator',
    'coordinator_im',
    'coordinator_pos',
    'block_leader',
    'block_member',
  ],
  /** Read every case of the visible tenants (others read only what is routed to them). */
  'cases.read_all': WHOLE_TENANT_READERS,
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return roles.some((role) => allowed.includes(role));
}
