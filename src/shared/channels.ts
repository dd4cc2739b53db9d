/** Intake channels (PRODUCT.md §1). Stable codes stored in the database. */
/**
 * Intake channels (PRODUCT.md §1). Stable codes (APIs and the database use them). Whether a case is a
 * message or a 59-ФЗ appeal is its `kind`, not its channel: an appeal arrives by letter, e-mail, at a
 * reception or through ПОС with «подача по 59-ФЗ».
 */
export const CHANNELS = [
  'pos',
  'im',
  'regional',
  'official_pages',
  'form',
  'open311',
  'email',
  'letter',
  'reception',
  'phone',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_TITLES: Record<Channel, string> = {
  pos: 'ПОС «Госуслуги. Решаем вместе»',
  im: 'Инцидент менеджмент',
  regional: 'Региональный портал',
  official_pages: 'Страницы главы и губернатора',
  form: 'Форма на сайте',
  open311: 'Open311',
  email: 'Электронная почта',
  letter: 'Письмо',
  reception: 'Личный приём',
  phone: 'Телефон, горячая линия',
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
