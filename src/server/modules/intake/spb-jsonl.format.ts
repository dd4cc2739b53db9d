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
 * The St Petersburg portal («Наш Санкт-Петербург») format: one case a line with `id`, `text`,
 * `category`, `reason`, `object`, `district`, `lat`, `lon`, `created`, `statuses` [[time, status]…] and
 * `answers` [[time, organisation, text]…]. The portal writes local time without a zone: such moments are
 * read in the tenant's time zone. Cases go to the `regional` channel (a regional portal) and its
 * workflow; the mapping of portal statuses is SPB_STATUS_MAP (docs/intake.md).
 */
export const SPB_CHANNEL = 'regional' as const;

type SpbStatusMeaning = { action: string; state: 'new' | 'in_work' | 'closed'; portalOutcome?: string };

/** Portal status → our action and the regional workflow's state after it. */
export const SPB_STATUS_MAP: Record<string, SpbStatusMeaning> = {
  Модерация: { action: 'register', state: 'new' },
  Рассмотрение: { action: 'take', state: 'in_work' },
  'Промежуточный ответ': { action: 'interim-answer', state: 'in_work' },
  'Получен ответ': { action: 'publish', state: 'closed' },
  'Завершено: Автоматически': { action: 'close', state: 'closed', portalOutcome: 'auto' },
  'Завершено: Пользователь удовлетворен решением проблемы': {
    action: 'close',
    state: 'closed',
    portalOutcome: 'resident_satisfied',
  },
  'Завершено: Народный контролер подтвердил решение проблемы': {
    action: 'close',
    state: 'closed',
    portalOutcome: 'controller_confirmed',
  },
};

const KNOWN_FIELDS = new Set([
  'id',
  'text',
  'category',
  'reason',
  'object',
  'district',
  'lat',
  'lon',
  'created',
  'statuses',
  'answers',
]);

export function parseSpbLine(line: number, value: unknown, timeZone: string, now: number): ImportedCase {
  const record = asObject(value);
  for (const key of Object.keys(record)) {
    if (!KNOWN_FIELDS.has(key)) throw new RecordProblem(`неизвестное поле «${clip(key, 40)}».`);
  }
  const zone = { timeZone };
  const externalId = readRequiredText(record.id, 'id', LIMITS.externalId);
  const text = readRequiredText(record.text, 'text', LIMITS.text);
  const receivedAt = readInstant(record.created, 'created', zone, now);
  const category = readOptionalText(record.category, 'category', LIMITS.name);
  const subcategory = readOptionalText(record.reason, 'reason', LIMITS.name);
  if (subcategory && !category) throw new RecordProblem('указана причина («reason»), но нет категории («category»).');
  const objectType = readOptionalText(record.object, 'object', LIMITS.name);
  const district = readOptionalText(record.district, 'district', LIMITS.name);
  const { latitude, longitude } = readCoordinates(record.lat, record.lon, { latitude: 'lat', longitude: 'lon' });

  const statuses = readPairs(record.statuses, 'statuses', 2).map((item, index) => {
    const at = readInstant(item[0], `statuses[${index}][0]`, zone, now);
    const name = readRequiredText(item[1], `statuses[${index}][1]`, LIMITS.name);
    const meaning = SPB_STATUS_MAP[name];
    if (!meaning) {
      throw new RecordProblem(
        `поле «statuses[${index}]» — неизвестный статус «${clip(name)}»; известны: ${Object.keys(SPB_STATUS_MAP).join(', ')}.`,
      );
    }
    return { at, name, meaning };
  });
  const answers = readPairs(record.answers, 'answers', 3).map((item, index) => ({
    at: readInstant(item[0], `answers[${index}][0]`, zone, now),
    organisation: readRequiredText(item[1], `answers[${index}][1]`, LIMITS.name),
    text: readRequiredText(item[2], `answers[${index}][2]`, LIMITS.answer),
  }));
  for (const status of statuses) {
    if (status.at.getTime() < receivedAt.getTime() - 60_000) {
      throw new RecordProblem(`статус «${status.name}» раньше даты поступления («created»).`);
    }
  }

  // Timeline in time order; at the same moment a status goes before an answer.
  type Step =
    | { at: Date; kind: 'status'; status: (typeof statuses)[number] }
    | { at: Date; kind: 'answer'; answer: (typeof answers)[number] };
  const steps: Step[] = [
    ...statuses.map((status) => ({ at: status.at, kind: 'status' as const, status })),
    ...answers.map((answer) => ({ at: answer.at, kind: 'answer' as const, answer })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === b.kind ? 0 : a.kind === 'status' ? -1 : 1));

  const events: ImportedEvent[] = [];
  let state: string | null = null;
  let reopenCount = 0;
  let closedAt: Date | null = null;
  let portalOutcome: string | null = null;
  let lastStatus: string | null = null;
  for (const step of steps) {
    if (step.kind === 'answer') {
      events.push({
        at: step.at,
        action: 'draft-answer',
        fromState: state,
        toState: state,
        payload: { text: step.answer.text, organisation: step.answer.organisation, source: 'spb-jsonl' },
      });
      continue;
    }
    const { meaning, name } = step.status;
    let action = meaning.action;
    if (action === 'register' && state !== null) {
      action = 'reopen';
      reopenCount += 1;
      closedAt = null;
      portalOutcome = null;
    }
    events.push({
      at: step.at,
      action,
      fromState: state,
      toState: meaning.state,
      payload: { portalStatus: name, source: 'spb-jsonl' },
    });
    state = meaning.state;
    lastStatus = name;
    if (meaning.state === 'closed') closedAt = step.at;
    if (meaning.portalOutcome) portalOutcome = meaning.portalOutcome;
  }
  if (state === null) {
    state = 'new';
    events.unshift({
      at: receivedAt,
      action: 'register',
      fromState: null,
      toState: 'new',
      payload: { source: 'spb-jsonl' },
    });
  }
  const lastAnswer = answers.reduce<(typeof answers)[number] | null>(
    (latest, answer) => (latest === null || answer.at.getTime() >= latest.at.getTime() ? answer : latest),
    null,
  );
  const lifecycle: Record<string, unknown> = {
    imported: {
      source: 'spb-jsonl',
      portalStatus: lastStatus,
      ...(portalOutcome ? { portalOutcome } : {}),
      ...(objectType ? { objectType } : {}),
    },
  };
  if (lastAnswer) {
    lifecycle.draftAnswer = { text: lastAnswer.text, templateId: null, attachmentIds: [] };
    lifecycle.answeredAt = lastAnswer.at.toISOString();
  }
  if (state === 'closed') {
    lifecycle.isAnswerPublished = lastAnswer !== null;
    lifecycle.closureReason = 'answer_published';
  }
  return {
    line,
    channel: SPB_CHANNEL,
    kind: 'message',
    externalId,
    text,
    receivedAt,
    category,
    subcategory,
    district,
    address: null,
    latitude,
    longitude,
    applicantName: null,
    recipientName: lastAnswer?.organisation ?? null,
    state,
    closedAt: state === 'closed' ? closedAt : null,
    result: null,
    rating: null,
    reopenCount,
    isFastTrack: false,
    lifecycle,
    events,
  };
}

function readPairs(value: unknown, field: string, size: number): unknown[][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new RecordProblem(`поле «${field}» должно быть списком.`);
  if (value.length > 1000) throw new RecordProblem(`в поле «${field}» больше 1000 элементов.`);
  return value.map((item, index) => {
    if (!Array.isArray(item) || item.length !== size) {
      throw new RecordProblem(`поле «${field}[${index}]» должно быть списком из ${size} значений.`);
    }
    return item;
  });
}
