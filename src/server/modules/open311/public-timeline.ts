import { REJECTION_REASONS } from '../../../shared/workflow/workflow-inputs.js';
import { MESSAGE_CLOSURE_REASONS } from '../../../shared/workflow/workflows/message.workflow.js';

/** One step of a case as the resident and the public see it: no staff names, no internal comments or drafts. */
export type PublicTimelineEntry = {
  id: number;
  action: string;
  at: Date;
  title: string;
  text: string | null;
  /** The group of the state the case went to (for the Open311 `status` of an update). */
  toStatus: string | null;
};

export type TimelineEvent = {
  id: number;
  action: string;
  payload: Record<string, unknown>;
  toStatus: string | null;
  createdAt: Date;
};

/** Actions the public timeline shows; every other action (comments, drafts, approvals…) stays internal. */
export const PUBLIC_ACTIONS: readonly string[] = [
  'created',
  'take',
  'moderate-accept',
  'assign',
  'forward',
  'request-info',
  'interim-answer',
  'publish',
  'resident-comment',
  'resident-rating',
  'moderate-reject',
  'close',
  'satisfaction-timeout',
  'reopen',
];

const reasonTitle = (options: readonly { code: string; title: string }[], code: unknown) =>
  typeof code === 'string' ? (options.find((option) => option.code === code)?.title ?? null) : null;

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * The public timeline of a case from its events (oldest first). The published answer's text is the
 * draft approved before `publish` (the last `draft-answer` before it).
 */
export function buildPublicTimeline(events: readonly TimelineEvent[]): PublicTimelineEntry[] {
  const entries: PublicTimelineEntry[] = [];
  let lastDraft: string | null = null;
  for (const event of events) {
    const payload = event.payload;
    if (event.action === 'draft-answer') lastDraft = textOf(payload.text);
    if (!PUBLIC_ACTIONS.includes(event.action)) continue;
    const entry = (title: string, text: string | null = null) =>
      entries.push({ id: event.id, action: event.action, at: event.createdAt, title, text, toStatus: event.toStatus });
    switch (event.action) {
      case 'created':
        entry('Сообщение зарегистрировано');
        break;
      case 'take':
      case 'moderate-accept':
        entry('Взято в работу');
        break;
      case 'assign':
        entry('Передано исполнителю');
        break;
      case 'forward':
        entry(
          textOf(payload.externalOrganisation)
            ? `Передано по компетенции: ${String(payload.externalOrganisation)}`
            : 'Передано другому исполнителю',
        );
        break;
      case 'request-info':
        entry('Запрошено уточнение', textOf(payload.text));
        break;
      case 'interim-answer':
        entry('Промежуточный ответ', textOf(payload.text));
        break;
      case 'publish':
        entry('Дан ответ', lastDraft);
        break;
      case 'resident-comment':
        entry('Комментарий заявителя', textOf(payload.text));
        break;
      case 'resident-rating':
        entry(`Оценка заявителя: ${String(payload.rating ?? '')}`, textOf(payload.comment));
        break;
      case 'moderate-reject':
        entry('Отклонено', reasonTitle(REJECTION_REASONS, payload.reason));
        break;
      case 'close':
        entry('Завершено', reasonTitle(MESSAGE_CLOSURE_REASONS, payload.reason));
        break;
      case 'satisfaction-timeout':
        entry('Завершено: заявитель не отреагировал в срок');
        break;
      case 'reopen':
        entry('Возвращено в работу');
        break;
    }
  }
  return entries;
}

/** The answer given (text of the last `publish`), if any. */
export function findPublishedAnswer(timeline: readonly PublicTimelineEntry[]): PublicTimelineEntry | undefined {
  return [...timeline].reverse().find((entry) => entry.action === 'publish');
}
