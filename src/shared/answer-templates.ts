/**
 * Answer templates: text with placeholders filled from the case, e.g. «По вашему сообщению № {{номер}}
 * от {{дата}} по адресу {{адрес}} …». Pure: the server renders drafts, the editor previews them.
 */
export const TEMPLATE_PLACEHOLDERS = {
  номер: 'номер сообщения в Отклике',
  дата: 'дата поступления (ДД.ММ.ГГГГ)',
  адрес: 'адрес из сообщения',
  исполнитель: 'ФИО исполнителя',
  получатель: 'ответственный получатель',
  заявитель: 'имя заявителя (как он подписался)',
  категория: 'категория',
} as const;

export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;
export type TemplateValues = Partial<Record<TemplatePlaceholder, string | null>>;

const PLACEHOLDER_PATTERN = /\{\{\s*([^{}\s]+)\s*\}\}/g;

export function isTemplatePlaceholder(name: string): name is TemplatePlaceholder {
  return Object.hasOwn(TEMPLATE_PLACEHOLDERS, name);
}

/** Placeholders a template uses that are not known: shown to the author before saving. */
export function findUnknownPlaceholders(body: string): string[] {
  const unknown = new Set<string>();
  for (const match of body.matchAll(PLACEHOLDER_PATTERN)) {
    const name = (match[1] ?? '').toLocaleLowerCase('ru');
    if (!isTemplatePlaceholder(name)) unknown.add(match[1] ?? '');
  }
  return [...unknown];
}

/**
 * Fills the placeholders; a value the case lacks stays visible as «[адрес не указан]» so the author sees
 * what to complete by hand instead of an answer with a silent gap.
 */
export function renderTemplate(body: string, values: TemplateValues): { text: string; missing: TemplatePlaceholder[] } {
  const missing = new Set<TemplatePlaceholder>();
  const text = body.replace(PLACEHOLDER_PATTERN, (whole, rawName: string) => {
    const name = rawName.toLocaleLowerCase('ru');
    if (!isTemplatePlaceholder(name)) return whole;
    const value = values[name];
    if (value === undefined || value === null || value.trim() === '') {
      missing.add(name);
      return `[${name} не указан]`;
    }
    return value;
  });
  return { text, missing: [...missing] };
}
