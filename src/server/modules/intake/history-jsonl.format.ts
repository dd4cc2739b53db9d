import { CASE_STATUSES, type CaseStatus, CHANNEL_TITLES, CHANNELS, type Channel } from '../../../shared/channels.js';
import { findWorkflow } from '../../../shared/workflow/index.js';
import {
  clip,
  type ImportedCase,
  type ImportedEvent,
  LIMITS,
  RecordProblem,
  readCoordinates,
  readInstant,
  readOptionalText,
  readRequiredText,
} from './intake-record.js';
import { asObject } from './jsonl-reader.js';

/**
 * The neutral history format (docs/intake.md): one JSON object a line. Required `id`, `text`, `created`;
 * optional `territory`, `lat`, `lon`, `channel`, `category`, `subcategory`, `recipient`, `state`,
 * `answeredAt`, `answer`, `rating` (and `address`, `closedAt`). Every moment must carry its zone: the
 * format is written by a program, and a guessed zone would shift deadlines by hours.
 */
export const HISTORY_FIELDS = [
  'id',
  'text',
  'created',
  'territory',
  'lat',
  'lon',
  'channel',
  'category',
  'subcategory',
  'recipient',
  'state',
  'answeredAt',
  'answer',
  'rating',
  'address',
  'closedAt',
] as const;

const KNOWN_FIELDS = new Set<string>(HISTORY_FIELDS);
const fold = (text: string) => text.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();

const CHANNEL_BY_NAME = new Map<string, Channel>([
  ...CHANNELS.map((code) => [code, code] as const),
  ...CHANNELS.map((code) => [fold(CHANNEL_TITLES[code]), code] as const),
  ['пос', 'pos'],
  ['им', 'im'],
  ['инцидент менеджмент', 'im'],
  ['госуслуги. решаем вместе', 'pos'],
]);

export function readChannel(value: unknown, fallback: Channel): Channel {
  const text = readOptionalText(value, 'channel', LIMITS.name);
  if (text === null) return fallback;
  const channel = CHANNEL_BY_NAME.get(fold(text));
  if (!channel) {
    throw new RecordProblem(`поле «channel» — неизвестный канал «${clip(text)}»; допустимы: ${CHANNELS.join(', ')}.`);
  }
  return channel;
}

/** A state of the channel's workflow by its code or title, or a list group (closed, in_work…). */
function readState(value: unknown, channel: Channel, hasAnswer: boolean): string {
  const workflow = findWorkflow(channel, 'message');
  const text = readOptionalText(value, 'state', LIMITS.name);
  if (text === null) return hasAnswer ? 'closed' : workflow.initialState;
  const folded = fold(text);
  const byCode = workflow.states.find((state) => state.code === folded || fold(state.title) === folded);
  if (byCode) return byCode.code;
  if ((CASE_STATUSES as readonly string[]).includes(folded)) {
    const byGroup = workflow.states.find((state) => state.group === (folded as CaseStatus));
    if (byGroup) return byGroup.code;
  }
  throw new RecordProblem(
    `поле «state» — состояние «${clip(text)}» не из процесса канала ${channel}; допустимы: ${workflow.states.map((state) => state.code).join(', ')}.`,
  );
}

export function parseHistoryLine(line: number, value: unknown, defaultChannel: Channel, now: number): ImportedCase {
  const record = asObject(value);
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) {
      throw new RecordProblem(`неизвестное поле «${clip(key, 40)}»; допустимы: ${HISTORY_FIELDS.join(', ')}.`);
    }
  }
  const externalId = readRequiredText(record.id, 'id', LIMITS.externalId);
  const text = readRequiredText(record.text, 'text', LIMITS.text);
  const receivedAt = readInstant(record.created, 'created', 'reject', now);
  const channel = readChannel(record.channel, defaultChannel);
  const category = readOptionalText(record.category, 'category', LIMITS.name);
  const subcategory = readOptionalText(record.subcategory, 'subcategory', LIMITS.name);
  if (subcategory && !category)
    throw new RecordProblem('указана подкатегория («subcategory»), но нет категории («category»).');
  const district = readOptionalText(record.territory, 'territory', LIMITS.name);
  const address = readOptionalText(record.address, 'address', LIMITS.name);
  const { latitude, longitude } = readCoordinates(record.lat, record.lon, { latitude: 'lat', longitude: 'lon' });
  const recipientName = readOptionalText(record.recipient, 'recipient', LIMITS.name);
  const answer = readOptionalText(record.answer, 'answer', LIMITS.answer);
  const answeredAt =
    record.answeredAt === undefined || record.answeredAt === null || record.answeredAt === ''
      ? null
      : readInstant(record.answeredAt, 'answeredAt', 'reject', now);
  if (answeredAt && answeredAt.getTime() < receivedAt.getTime()) {
    throw new RecordProblem('дата ответа («answeredAt») раньше даты поступления («created»).');
  }
  const explicitClosedAt =
    record.closedAt === undefined || record.closedAt === null || record.closedAt === ''
      ? null
      : readInstant(record.closedAt, 'closedAt', 'reject', now);
  if (explicitClosedAt && explicitClosedAt.getTime() < receivedAt.getTime()) {
    throw new RecordProblem('дата завершения («closedAt») раньше даты поступления («created»).');
  }
  let rating: number | null = null;
  if (record.rating !== undefined && record.rating !== null && record.rating !== '') {
    const number = typeof record.rating === 'string' ? Number(record.rating) : record.rating;
    if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 5) {
      throw new RecordProblem(`поле «rating» — «${clip(String(record.rating))}»: нужна целая оценка от 1 до 5.`);
    }
    rating = number;
  }
  const workflow = findWorkflow(channel, 'message');
  const state = readState(record.state, channel, answer !== null || answeredAt !== null);
  const stateInfo = workflow.states.find((item) => item.code === state);
  const isFinal = stateInfo?.isFinal ?? false;
  const closedAt = isFinal ? (explicitClosedAt ?? answeredAt ?? receivedAt) : null;

  const events: ImportedEvent[] = [
    {
      at: receivedAt,
      action: 'register',
      fromState: null,
      toState: workflow.initialState,
      payload: { source: 'history-jsonl' },
    },
  ];
  const answerAt = answeredAt ?? closedAt ?? receivedAt;
  if (answer !== null) {
    events.push({
      at: answerAt,
      action: 'draft-answer',
      fromState: workflow.initialState,
      toState: workflow.initialState,
      payload: { text: answer, ...(recipientName ? { organisation: recipientName } : {}), source: 'history-jsonl' },
    });
  }
  if (state !== workflow.initialState) {
    const group = stateInfo?.group;
    const action =
      group === 'rejected'
        ? 'moderate-reject'
        : group === 'closed'
          ? 'close'
          : group === 'answered'
            ? 'publish'
            : group === 'answer_review'
              ? 'draft-answer'
              : 'take';
    events.push({
      at: closedAt ?? answerAt,
      action,
      fromState: workflow.initialState,
      toState: state,
      payload: { source: 'history-jsonl' },
    });
  }
  if (rating !== null) {
    events.push({
      at: closedAt ?? answerAt,
      action: 'resident-rating',
      fromState: state,
      toState: state,
      payload: { rating, source: 'history-jsonl' },
    });
  }
  const lifecycle: Record<string, unknown> = { imported: { source: 'history-jsonl' } };
  if (answer !== null) lifecycle.draftAnswer = { text: answer, templateId: null, attachmentIds: [] };
  if (answeredAt) lifecycle.answeredAt = answeredAt.toISOString();
  if (isFinal && answer !== null) lifecycle.isAnswerPublished = true;
  return {
    line,
    channel,
    kind: 'message',
    externalId,
    text,
    receivedAt,
    category,
    subcategory,
    district,
    address,
    latitude,
    longitude,
    applicantName: null,
    recipientName,
    state,
    closedAt,
    result: null,
    rating,
    reopenCount: 0,
    isFastTrack: false,
    lifecycle,
    events,
  };
}
