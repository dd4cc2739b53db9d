/**
 * The «отписка» detector: an answer with no concrete action, date or evidence. Transparent rules over
 * the answer text and its attachments — every verdict lists its reasons and evidence; a person may
 * override it (stored and audited by the server). The rules are in docs/analytics.md.
 */
export type OtpiskaVerdict = { isOtpiska: boolean; reasons: string[]; evidence: string[] };

/** Stems of verbs (and participles) of a completed action: «устранено», «отремонтировали», «вывезен». */
const ACTION_STEMS = [
  'выполн',
  'устран',
  'отремонтир',
  'произвед',
  'проведен',
  'провели',
  'заменен',
  'заменил',
  'замена произв',
  'установлен',
  'установил',
  'вывезен',
  'вывезл',
  'убран',
  'убрал',
  'восстановлен',
  'восстановил',
  'очищен',
  'очистил',
  'засыпан',
  'заасфальтир',
  'демонтир',
  'покошен',
  'скошен',
  'подключен',
  'подключил',
  'ликвидир',
  'спилен',
  'спилил',
  'обработан',
  'отсыпан',
  'покрашен',
  'исправлен',
  'исправил',
  'закрыт',
  'отремонтирован',
  'нанесен',
  'вывоз осуществл',
  'организован',
  'возобновлен',
  'выдан',
  'оплачен',
  'перечислен',
  'назначен',
  'составлен протокол',
  'привлечен',
  'заделан',
  'залатан',
  'оборудован',
  'построен',
  'уложен',
  'смонтирован',
  'выкошен',
  'опилен',
  'освещен',
];
const FUTURE_MARKERS = ['будет', 'будут', 'планиру', 'запланир', 'предполага', 'намечен'];

const BOILERPLATE = [
  'принято к сведению',
  'принята к сведению',
  'информация принята',
  'будет рассмотрен',
  'будут рассмотрен',
  'по мере финансирования',
  'при наличии финансирования',
  'в порядке очередности',
  'в порядке очерёдности',
  'взято на контроль',
  'взят на контроль',
  'находится на контроле',
  'на контроле',
  'направлено для рассмотрения',
  'передано для рассмотрения',
  'информация передана',
  'ваше обращение рассмотрено',
  'обращение рассмотрено',
  'включено в план',
  'будет включен',
  'рассмотрим возможность',
];

const MONTHS = 'январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр';
const DATE_PATTERNS = [
  /\b\d{1,2}\.\d{1,2}(?:\.\d{2,4})?\b/,
  new RegExp(`\\b\\d{1,2}\\s+(?:${MONTHS})[а-я]*`),
  new RegExp(`\\b(?:до|в|к)\\s+(?:конц[а-я]*\\s+|начал[а-я]*\\s+|середин[а-я]*\\s+)?(?:${MONTHS})[а-я]*`),
  /\bв течение\s+\d+\s+(?:рабочих\s+)?(?:дн|дней|час|недел|месяц)/,
  /\b(?:сегодня|вчера|завтра)\b/,
  /\b(?:i|ii|iii|iv|[1-4])\s+квартал/,
  /\b20\d{2}\s*(?:г|год)/,
];
const SPECIFICS_PATTERNS = [
  /\b\d+(?:[.,]\d+)?\s*(?:м2|м²|кв\.?\s*м|м\b|км|шт|т\b|тонн|куб|м3|м³|единиц|светильник|контейнер)/,
  /\b(?:ул\.|улиц[аеы]|пр\.|проспект|пер\.|переул|д\.\s*\d|дом\s*№?\s*\d|кв\.\s*\d)/,
  /№\s*\d+/,
];

function normalise(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

function findActionWord(text: string): string | undefined {
  const words = text.split(/[^а-яa-z0-9]+/).filter(Boolean);
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const pair = `${word} ${words[index + 1] ?? ''}`;
    const stem = ACTION_STEMS.find((candidate) =>
      candidate.includes(' ') ? pair.startsWith(candidate) : word.startsWith(candidate),
    );
    if (!stem) continue;
    const before = words.slice(Math.max(0, index - 2), index);
    if (before.some((previous) => FUTURE_MARKERS.some((marker) => previous.startsWith(marker)))) continue;
    return candidateText(words, index, stem);
  }
  return undefined;
}

function candidateText(words: string[], index: number, stem: string): string {
  return stem.includes(' ') ? `${words[index]} ${words[index + 1] ?? ''}`.trim() : (words[index] ?? stem);
}

/** Judges one answer. `attachmentCount` = photos or documents attached to the answer. */
export function detectOtpiska(answerText: string, attachmentCount: number): OtpiskaVerdict {
  const text = normalise(answerText ?? '').trim();
  const reasons: string[] = [];
  const evidence: string[] = [];
  const action = findActionWord(text);
  if (action) evidence.push(`выполненное действие: «${action}»`);
  else reasons.push('нет глагола выполненного действия («устранено», «отремонтировали», «вывезен»…)');
  const date = DATE_PATTERNS.map((pattern) => pattern.exec(text)?.[0]).find(Boolean);
  if (date) evidence.push(`дата или срок: «${date.trim()}»`);
  else reasons.push('нет даты или срока');
  const specific = SPECIFICS_PATTERNS.map((pattern) => pattern.exec(text)?.[0]).find(Boolean);
  if (specific) evidence.push(`конкретика (адрес, объём): «${specific.trim()}»`);
  else reasons.push('нет конкретики: адреса, объёма, номера');
  if (attachmentCount > 0) evidence.push(`вложений: ${attachmentCount}`);
  else reasons.push('нет вложений (фото, документов)');
  const boilerplate = BOILERPLATE.find((phrase) => text.includes(phrase));
  if (boilerplate) reasons.push(`шаблонная фраза: «${boilerplate}»`);
  const isTooShort = text.length < 40;
  // Concrete: a completed action, a date, or an attachment; an address or a volume alone is enough
  // only when no boilerplate phrase waves the matter away.
  const isConcrete = Boolean(action) || Boolean(date) || attachmentCount > 0 || (Boolean(specific) && !boilerplate);
  if (isTooShort && !isConcrete) reasons.push('ответ короче 40 знаков');
  const isOtpiska = !isConcrete;
  return { isOtpiska, reasons: isOtpiska ? reasons : [], evidence };
}
