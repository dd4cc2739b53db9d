/**
 * Russian names for the audit log's codes. The log stores stable codes (`person.created`); the administrator
 * reads «Сотрудник: создание». A code not named here is shown as it is, never hidden.
 */
export const AUDIT_OBJECT_TYPE_TITLES: Record<string, string> = {
  user: 'Пользователь',
  person: 'Сотрудник',
  recipient: 'Получатель',
  block: 'Отраслевой блок',
  substitution: 'Замещение',
  composition: 'Состав МЦУ',
  case: 'Сообщение или обращение',
  tenant: 'Муниципалитет или регион',
  session: 'Сеанс',
  notification_preferences: 'Настройки уведомлений',
  calendar_year: 'Год производственного календаря',
  day_off: 'Местный выходной',
  schedule: 'График работы',
  sla_policies: 'Политики сроков',
  inbox_filter: 'Сохранённый фильтр входящих',
};

const ACTION_TITLES: Record<string, string> = {
  'auth.login': 'Вход в систему',
  'auth.login_failed': 'Неудачная попытка входа',
  'auth.logout': 'Выход из системы',
  'auth.password_changed': 'Смена пароля',
  'case.personal_data_viewed': 'Просмотр персональных данных заявителя',
  'composition.imported': 'Загрузка состава МЦУ',
  'composition.exported': 'Выгрузка состава МЦУ',
  'demo.seeded': 'Загрузка демонстрационных данных',
  'inbox.filter_created': 'Сохранение фильтра входящих',
  'inbox.filter_updated': 'Изменение сохранённого фильтра входящих',
  'inbox.filter_deleted': 'Удаление сохранённого фильтра входящих',
  'demo.structure_seeded': 'Загрузка демонстрационной структуры',
  'notification_preferences.updated': 'Изменение настроек уведомлений',
  'calendar.year_saved': 'Сохранение года производственного календаря',
  'calendar.day_off_added': 'Добавление местного выходного',
  'calendar.day_off_removed': 'Удаление местного выходного',
  'sla.schedule_saved': 'Сохранение графика работы',
  'sla.schedule_deleted': 'Удаление графика работы',
  'sla.policies_saved': 'Сохранение политик сроков',
  'tenant.created': 'Создание муниципалитета или региона',
  'user.created': 'Создание учётной записи',
};

const VERB_TITLES: Record<string, string> = {
  created: 'создание',
  updated: 'изменение',
  deleted: 'удаление',
  activated: 'активация',
  deactivated: 'деактивация',
  imported: 'загрузка',
  exported: 'выгрузка',
  viewed: 'просмотр',
  roles_changed: 'изменение ролей',
  password_reset: 'смена пароля',
};

/** «person.created» → «Сотрудник: создание»; an unknown code comes back unchanged. */
export function describeAuditAction(action: string): string {
  const exact = ACTION_TITLES[action];
  if (exact) return exact;
  const dot = action.indexOf('.');
  const objectTitle = AUDIT_OBJECT_TYPE_TITLES[action.slice(0, dot)];
  const verbTitle = VERB_TITLES[action.slice(dot + 1)];
  return dot > 0 && objectTitle && verbTitle ? `${objectTitle}: ${verbTitle}` : action;
}

export function describeObjectType(objectType: string | null): string {
  if (objectType === null) return '—';
  return AUDIT_OBJECT_TYPE_TITLES[objectType] ?? objectType;
}

/** The actions the filter suggests (any other code can be typed). */
export function listKnownAuditActions(): Array<{ value: string; label: string }> {
  const composed = ['person', 'user', 'recipient', 'block', 'substitution', 'tenant'].flatMap((objectType) =>
    ['created', 'updated', 'deleted'].map((verb) => `${objectType}.${verb}`),
  );
  return [...Object.keys(ACTION_TITLES), ...composed].map((action) => ({
    value: action,
    label: `${describeAuditAction(action)} (${action})`,
  }));
}
