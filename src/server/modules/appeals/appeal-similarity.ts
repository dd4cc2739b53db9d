import snowball from 'snowball-stemmers';

/**
 * Repeat detection of 59-ФЗ appeals (docs/appeals.md): the same applicant — the same normalised name and at
 * least one of the same postal address, e-mail or phone — and a similar subject — the same typical
 * classifier code, or texts that share stems.
 */
const stemmer = snowball.newStemmer('russian');

/** Words that say nothing about the subject of an appeal. */
const STOP_WORDS = new Set(
  (
    'а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы где да даже для до его ' +
    'ее её если есть еще ещё же за здесь и из или им их к как ко когда кто ли либо мне много может мы на над ' +
    'надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под после при про с со так ' +
    'также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы чье чьё эта эти это я ' +
    'прошу просим просить сообщаю сообщаем уважаемый уважаемая уважаемые пожалуйста данный данная данное который ' +
    'которая которые нашего нашей моего моей мой моя мне меня нам нас'
  ).split(' '),
);

/** At least this many shared stems, making up at least this share of the shorter text's stems. */
export const SHARED_STEMS_MIN = 3;
export const SHARED_STEMS_SHARE = 0.4;

const STEM_LENGTH_MAX = 7;
const fold = (value: string) => value.toLowerCase().replace(/ё/g, 'е');

/** «  Иванов  Иван Иванович » and «иванов иван иванович» are one person; initials are kept as written. */
export function normalisePersonName(name: string): string {
  return fold(name)
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim();
}

/** An address compared loosely: case, «ё», punctuation, «ул.»/«улица», «д.»/«дом», «кв.»/«квартира». */
export function normaliseAddress(address: string | null): string | null {
  if (!address) return null;
  const words = fold(address)
    .replace(/[^a-zа-я0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => !['ул', 'улица', 'д', 'дом', 'кв', 'квартира', 'г', 'город', 'пр', 'проспект'].includes(word));
  return words.length > 0 ? words.join(' ') : null;
}

export function normaliseEmail(email: string | null): string | null {
  return email ? email.trim().toLowerCase() : null;
}

/** The last ten digits: +7 (913) 123-45-67, 8 913 1234567 and 9131234567 are one number. */
export function normalisePhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return digits.length >= 6 ? digits.slice(-10) : null;
}

/** The distinct stems (at most 7 letters) of a text's meaningful words of 3+ letters, sorted. */
export function subjectStems(text: string): string[] {
  const stems = new Set<string>();
  for (const word of fold(text).split(/[^a-zа-я0-9]+/)) {
    if (word.length < 3 || STOP_WORDS.has(word) || /^\d+$/.test(word)) continue;
    // Capped: the stemmer leaves «отремонтирова» and «отремонтир» apart; their first letters agree.
    const stem = stemmer.stem(word).slice(0, STEM_LENGTH_MAX);
    if (stem.length >= 2) stems.add(stem);
  }
  return [...stems].sort();
}

export function sharedStems(a: readonly string[], b: readonly string[]): string[] {
  const other = new Set(b);
  return a.filter((stem) => other.has(stem));
}

/** Shares enough stems: ≥ SHARED_STEMS_MIN and ≥ SHARED_STEMS_SHARE of the shorter set. */
export function isSimilarText(a: readonly string[], b: readonly string[]): boolean {
  const shared = sharedStems(a, b).length;
  const shorter = Math.min(a.length, b.length);
  return shorter > 0 && shared >= SHARED_STEMS_MIN && shared / shorter >= SHARED_STEMS_SHARE;
}

export type ApplicantFacts = { name: string; address: string | null; email: string | null; phone: string | null };
export type SubjectFacts = { classifierCode: string | null; stems: readonly string[] };

/** Why two applicants are one person (a contact in common), or null. Names must match first. */
export function sameApplicantReason(a: ApplicantFacts, b: ApplicantFacts): string | null {
  if (normalisePersonName(a.name) !== normalisePersonName(b.name)) return null;
  const address = normaliseAddress(a.address);
  if (address && address === normaliseAddress(b.address)) return 'тот же заявитель и адрес';
  const email = normaliseEmail(a.email);
  if (email && email === normaliseEmail(b.email)) return 'тот же заявитель и e-mail';
  const phone = normalisePhone(a.phone);
  if (phone && phone === normalisePhone(b.phone)) return 'тот же заявитель и телефон';
  return null;
}

/** Why two subjects are similar, or null. */
export function similarSubjectReason(a: SubjectFacts, b: SubjectFacts): string | null {
  if (a.classifierCode && a.classifierCode === b.classifierCode) return `тот же код ${a.classifierCode}`;
  if (isSimilarText(a.stems, b.stems)) return `похожий текст (${sharedStems(a.stems, b.stems).length} общих основ)`;
  return null;
}
