/** Intake channels (PRODUCT.md §1). Stable codes stored in the database. */
export const CHANNELS = ['pos', 'im', 'regional_portal', 'head_pages', 'appeal_59fz', 'own_form', 'phone'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_TITLES: Record<Channel, string> = {
  pos: 'ПОС «Госуслуги. Решаем вместе»',
  im: 'Инцидент менеджмент',
  regional_portal: 'Региональный портал',
  head_pages: 'Страницы главы',
  appeal_59fz: 'Обращения по 59-ФЗ',
  own_form: 'Форма на сайте / Open311',
  phone: 'Телефон, личный приём',
};

export const CASE_KINDS = ['message', 'appeal'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];
export const CASE_KIND_TITLES: Record<CaseKind, string> = {
  message: 'Сообщение',
  appeal: 'Обращение (59-ФЗ)',
};

/**
 * Coarse case states shared by every channel workflow. Channel-specific workflows (issue on the case
 * lifecycle) refine them; these are the states the demo data and lists use.
 */
export const CASE_STATUSES = [
  'new',
  'moderation',
  'in_work',
  'answer_review',
  'answered',
  'closed',
  'rejected',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CASE_STATUS_TITLES: Record<CaseStatus, string> = {
  new: 'Новое',
  moderation: 'На модерации',
  in_work: 'В работе',
  answer_review: 'Ответ на согласовании',
  answered: 'Дан ответ',
  closed: 'Завершено',
  rejected: 'Отклонено',
};
