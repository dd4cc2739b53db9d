/**
 * Demo data: a fictional region with two municipalities and a deterministic generator of residents' cases
 * (messages and 59-ФЗ appeals) with realistic Russian texts, addresses, applicants, statuses and deadlines.
 *
 * Same options → the same cases, byte for byte: all randomness comes from a seeded PRNG, and the only clock is
 * `options.now`. Due dates are approximate (the SLA engine with the production calendar computes the real ones).
 */
import type { CaseKind, CaseStatus, Channel } from '../../../shared/channels.js';
import {
  APPEAL_SALUTATIONS,
  DEMO_TOPICS,
  type DemoProblem,
  type DemoTopic,
  DOCTORS,
  DURATIONS,
  EMAIL_DOMAINS,
  FEMALE_FIRST_NAMES,
  FIRST_NAME_DIMINUTIVES,
  GENERIC_PREVIOUS_ATTEMPTS,
  HEAD_PAGE_ENDINGS,
  HEAD_PAGE_OPENINGS,
  HEAD_PAGE_TOPICS_OF_POSTS,
  KINDERGARTEN_NAMES,
  MALE_FIRST_NAMES,
  MALE_PATRONYMICS,
  MANAGEMENT_COMPANIES,
  MOBILE_CODES,
  PHOTO_NOTES,
  type PlaceKind,
  POLITE_ENDINGS,
  POLITE_OPENINGS,
  PREVIOUS_ATTEMPTS,
  SOCIAL_ENDINGS,
  SOCIAL_OPENINGS,
  SURNAMES,
  TOWN_STREETS,
  VILLAGE_STREETS,
} from './demo-texts.js';

export type DemoMunicipality = {
  slug: string;
  name: string;
  shortName: string;
  /** IANA zone, e.g. 'Asia/Novokuznetsk'. */
  timezone: string;
  center: { latitude: number; longitude: number };
  /**
   * Микрорайоны of a city, or settlements of a municipal district («пгт Сосновка», «с. Берёзовка»): a name that
   * starts with a settlement type is a settlement, addresses there are prefixed with it, and the first settlement
   * is the administrative center.
   */
  districts: string[];
  population: number;
};

export type DemoRegion = { slug: string; name: string; timezone: string; municipalities: DemoMunicipality[] };

export type DemoCase = {
  channel: Channel;
  kind: CaseKind;
  externalId: string;
  status: CaseStatus;
  category: string;
  subcategory: string | null;
  text: string;
  address: string;
  district: string;
  latitude: number;
  longitude: number;
  applicantName: string;
  applicantPhone: string | null;
  applicantEmail: string | null;
  isFastTrack: boolean;
  receivedAt: Date;
  dueAt: Date | null;
  closedAt: Date | null;
};

/** A fictional region in the time zone of Kuzbass, with a city okrug and a municipal district. */
export const DEMO_REGION: DemoRegion = {
  slug: 'demo-region',
  name: 'Демонстрационная область',
  timezone: 'Asia/Novokuznetsk',
  municipalities: [
    {
      slug: 'zarechny',
      name: 'Заречный городской округ',
      shortName: 'Заречный',
      timezone: 'Asia/Novokuznetsk',
      center: { latitude: 54.472, longitude: 86.618 },
      districts: [
        'Центральный',
        'Заречье',
        'Северный',
        'Шахтёрский',
        'Южный',
        'Привокзальный',
        'Новостройка',
        'Берёзовая Роща',
      ],
      population: 148_600,
    },
    {
      slug: 'sosnovsky',
      name: 'Сосновский муниципальный район',
      shortName: 'Сосновский район',
      timezone: 'Asia/Novokuznetsk',
      center: { latitude: 54.087, longitude: 87.126 },
      districts: [
        'пгт Сосновка',
        'с. Берёзовка',
        'с. Красный Яр',
        'п. Горный',
        'д. Ключи',
        'с. Озёрное',
        'д. Малиновка',
        'п. Лесной',
      ],
      population: 27_400,
    },
  ],
};

/** How far back the generated cases go. */
const DEMO_WINDOW_DAYS = 60;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const KILOMETERS_PER_DEGREE = 111.32;

// ---------------------------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small, fast 32-bit PRNG, good enough for demo data and fully reproducible. */
class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  /** A standard normal value (Box–Muller). */
  normal(): number {
    const radius = Math.sqrt(-2 * Math.log(1 - this.next()));
    return radius * Math.cos(2 * Math.PI * this.next());
  }
}

/** One item of a non-empty list, uniformly. */
function pick<T>(random: SeededRandom, items: readonly T[]): T {
  const item = items[Math.floor(random.next() * items.length)];
  if (item === undefined) throw new RangeError('pick: пустой список');
  return item;
}

function pickWeighted<T>(random: SeededRandom, items: readonly T[], weightOf: (item: T) => number): T {
  let total = 0;
  for (const item of items) total += weightOf(item);
  let remaining = random.next() * total;
  for (const item of items) {
    remaining -= weightOf(item);
    if (remaining < 0) return item;
  }
  return pick(random, items);
}

/** Picks from [value, weight] pairs. */
function pickFrom<T>(random: SeededRandom, options: readonly (readonly [T, number])[]): T {
  return pickWeighted(random, options, (option) => option[1])[0];
}

/** FNV-1a: a stable 32-bit hash of a text, to derive per-municipality seeds. */
function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

// ---------------------------------------------------------------------------------------------------------------
// Local time of the municipality

type LocalDate = { year: number; month: number; day: number; weekday: number };
type LocalDateTime = LocalDate & { hour: number; minute: number; second: number };

/**
 * Wall-clock time of one IANA zone. Intl is slow, so the offset is read once per UTC day and reused when it is the
 * same at both ends of the day (zones change their offset at most once a day).
 */
class ZoneClock {
  private readonly formatter: Intl.DateTimeFormat;
  private readonly dailyOffsets = new Map<number, number | null>();

  constructor(timeZone: string) {
    this.formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  toLocal(instant: Date): LocalDateTime {
    const shifted = new Date(instant.getTime() + this.getOffset(instant.getTime()));
    return {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      weekday: shifted.getUTCDay(),
      hour: shifted.getUTCHours(),
      minute: shifted.getUTCMinutes(),
      second: shifted.getUTCSeconds(),
    };
  }

  /** The instant of a local wall-clock time; `minuteOfDay` may exceed a day (it rolls over to the next date). */
  toInstant(date: LocalDate, minuteOfDay: number): Date {
    const wallClock = Date.UTC(date.year, date.month - 1, date.day, 0, minuteOfDay);
    const firstGuess = wallClock - this.getOffset(wallClock);
    return new Date(wallClock - this.getOffset(firstGuess));
  }

  private getOffset(instant: number): number {
    const day = Math.floor(instant / DAY);
    let offset = this.dailyOffsets.get(day);
    if (offset === undefined) {
      const atStart = this.readOffset(day * DAY);
      offset = atStart === this.readOffset((day + 1) * DAY - 1000) ? atStart : null;
      this.dailyOffsets.set(day, offset);
    }
    return offset ?? this.readOffset(instant);
  }

  private readOffset(instant: number): number {
    const wholeSecond = Math.floor(instant / 1000) * 1000;
    const values: Record<string, number> = {};
    for (const part of this.formatter.formatToParts(new Date(wholeSecond))) {
      if (part.type !== 'literal') values[part.type] = Number(part.value);
    }
    const local = Date.UTC(
      values.year ?? 1970,
      (values.month ?? 1) - 1,
      values.day ?? 1,
      values.hour ?? 0,
      values.minute ?? 0,
      values.second ?? 0,
    );
    return local - wholeSecond;
  }
}

/** The local calendar date `days` days before `date`. */
function subtractDays(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day - days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
  };
}

function isWeekend(date: LocalDate): boolean {
  return date.weekday === 0 || date.weekday === 6;
}

// ---------------------------------------------------------------------------------------------------------------
// The municipality's map: districts, streets, routes (derived from the municipality itself, not from the seed)

type Point = { latitude: number; longitude: number };
type StreetPlan = Point & { name: string; maxHouseNumber: number };
type DistrictPlan = Point & {
  name: string;
  /** The settlement as written in addresses («с. Берёзовка»), null for a city district. */
  settlement: string | null;
  isVillage: boolean;
  weight: number;
  streets: StreetPlan[];
};
type MunicipalityPlan = {
  districts: DistrictPlan[];
  isRural: boolean;
  routeNumbers: number[];
  schoolCount: number;
  clinicCount: number;
  kindergartenCount: number;
  administrationHandle: string;
  vkGroupId: number;
  okGroupId: number;
  telegramChannel: string;
  headPageId: number;
};

const SETTLEMENT_PATTERN = /^(г\.|пгт|рп|с\.|д\.|п\.|пос\.|ст\.|х\.|аул)\s/;
const TOWN_PATTERN = /^(г\.|пгт|рп)\s/;
const plans = new WeakMap<DemoMunicipality, MunicipalityPlan>();

function shiftPoint(point: Point, northKilometers: number, eastKilometers: number): Point {
  const latitude = point.latitude + northKilometers / KILOMETERS_PER_DEGREE;
  const longitude =
    point.longitude + eastKilometers / (KILOMETERS_PER_DEGREE * Math.cos((point.latitude * Math.PI) / 180));
  return { latitude, longitude };
}

function scatterPoint(random: SeededRandom, point: Point, sigmaKilometers: number): Point {
  return shiftPoint(point, random.normal() * sigmaKilometers, random.normal() * sigmaKilometers);
}

function shuffle<T>(random: SeededRandom, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = random.integer(0, index);
    const current = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = current;
  }
  return copy;
}

function planStreets(random: SeededRandom, names: readonly string[], center: Point, spread: number, maxHouse: number) {
  return names.map((name) => ({
    name,
    ...scatterPoint(random, center, spread),
    maxHouseNumber: random.integer(Math.round(maxHouse / 3), maxHouse),
  }));
}

function planMunicipality(municipality: DemoMunicipality): MunicipalityPlan {
  const cached = plans.get(municipality);
  if (cached) return cached;
  if (municipality.districts.length === 0) throw new RangeError(`У муниципалитета «${municipality.name}» нет районов`);
  const random = new SeededRandom(hashText(`plan:${municipality.slug}:${municipality.name}`));
  const isRural = municipality.districts.some((name) => SETTLEMENT_PATTERN.test(name));
  const townStreets = shuffle(random, TOWN_STREETS);
  const count = municipality.districts.length;
  const angleStep = (2 * Math.PI) / Math.max(1, count - 1);
  const startAngle = random.between(0, 2 * Math.PI);

  const districts = municipality.districts.map((name, index): DistrictPlan => {
    const isCenter = index === 0;
    const angle = startAngle + (index - 1) * angleStep + random.between(-0.3, 0.3);
    const radius = isCenter ? random.between(0, 0.3) : isRural ? random.between(5, 14) : random.between(1.2, 3.5);
    const center = shiftPoint(municipality.center, radius * Math.sin(angle), radius * Math.cos(angle));
    if (!isRural) {
      const own = townStreets.filter((_, streetIndex) => streetIndex % count === index);
      const shared = [pick(random, townStreets), pick(random, townStreets)].filter((street) => !own.includes(street));
      return {
        name,
        settlement: null,
        isVillage: false,
        weight: random.between(0.6, 1.4),
        ...center,
        streets: planStreets(random, [...own, ...new Set(shared)], center, 0.5, 120),
      };
    }
    const isTown = TOWN_PATTERN.test(name) || (isCenter && !SETTLEMENT_PATTERN.test(name));
    const streetNames = isTown
      ? townStreets.slice(0, random.integer(18, 26))
      : shuffle(random, VILLAGE_STREETS).slice(0, random.integer(3, 7));
    return {
      name,
      settlement: name,
      isVillage: !isTown,
      weight: isCenter ? (count - 1) * 0.8 : random.between(0.5, 1.5),
      ...center,
      streets: planStreets(random, streetNames, center, isTown ? 0.6 : 0.25, isTown ? 90 : 60),
    };
  });

  const routeNumbers = isRural
    ? shuffle(
        random,
        Array.from({ length: 30 }, (_, index) => 101 + index),
      ).slice(0, 8)
    : shuffle(
        random,
        Array.from({ length: 40 }, (_, index) => 1 + index),
      ).slice(0, 16);
  const plan: MunicipalityPlan = {
    districts,
    isRural,
    routeNumbers,
    schoolCount: isRural ? 5 : 32,
    clinicCount: isRural ? 2 : 6,
    kindergartenCount: isRural ? 7 : 48,
    administrationHandle: `adm_${municipality.slug}`,
    vkGroupId: random.integer(100_000_000, 220_000_000),
    okGroupId: random.integer(50_000_000_000_000, 70_000_000_000_000),
    telegramChannel: `chp_${municipality.slug}`,
    headPageId: random.integer(300_000_000, 800_000_000),
  };
  plans.set(municipality, plan);
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// Applicants

type Gender = 'male' | 'female';
type Person = { gender: Gender; firstName: string; surname: string; patronymic: string };

function toFeminineSurname(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/(ский|цкий)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  if (surname.endsWith('ой')) return `${surname.slice(0, -2)}ая`;
  return surname;
}

function toFemininePatronymic(patronymic: string): string {
  return patronymic.replace(/ич$/, 'на');
}

function createPerson(random: SeededRandom): Person {
  const gender: Gender = random.chance(0.58) ? 'female' : 'male';
  const surname = pick(random, SURNAMES);
  const patronymic = pick(random, MALE_PATRONYMICS);
  if (gender === 'female') {
    return {
      gender,
      firstName: pick(random, FEMALE_FIRST_NAMES),
      surname: toFeminineSurname(surname),
      patronymic: toFemininePatronymic(patronymic),
    };
  }
  return { gender, firstName: pick(random, MALE_FIRST_NAMES), surname, patronymic };
}

function formatFullName(person: Person): string {
  return `${person.surname} ${person.firstName} ${person.patronymic}`;
}

/** How people sign in social networks: «Ирина К.», «Ира Кузнецова», «Ирина Кузнецова». */
function formatSocialName(random: SeededRandom, person: Person): string {
  const diminutive = FIRST_NAME_DIMINUTIVES[person.firstName];
  const roll = random.next();
  if (roll < 0.45) return `${person.firstName} ${person.surname.charAt(0)}.`;
  if (roll < 0.75) return `${person.firstName} ${person.surname}`;
  if (roll < 0.9 && diminutive) return `${diminutive} ${person.surname}`;
  if (roll < 0.95) return `${person.surname} ${person.firstName}`;
  return person.firstName;
}

function createPhone(random: SeededRandom): string {
  const digits = (length: number) => String(random.integer(0, 10 ** length - 1)).padStart(length, '0');
  return `+7 ${pick(random, MOBILE_CODES)} ${digits(3)}-${digits(2)}-${digits(2)}`;
}

const LATIN_LETTERS: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

function transliterate(text: string): string {
  let result = '';
  for (const letter of text.toLowerCase()) result += LATIN_LETTERS[letter] ?? letter;
  return result;
}

function createEmail(random: SeededRandom, person: Person): string {
  const surname = transliterate(person.surname);
  const firstName = transliterate(person.firstName);
  const domain = pick(random, EMAIL_DOMAINS);
  const local = pickFrom<() => string>(random, [
    [() => `${surname}.${firstName}`, 3],
    [() => `${firstName.charAt(0)}${surname}${random.integer(60, 99)}`, 2],
    [() => `${surname}${random.integer(1, 999)}`, 2],
    [() => `${firstName}_${surname.slice(0, 4)}${random.integer(1990, 2010)}`, 1],
  ])();
  return `${local}@${domain}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Places: the address field and how the resident names the place in the text

type Spot = {
  district: DistrictPlan;
  street: StreetPlan;
  house: string;
  secondStreet: StreetPlan;
  secondHouse: string;
  entrance: number;
  apartment: number;
};
type Location = Point & { address: string; mention: string };

function createHouseNumber(random: SeededRandom, street: StreetPlan): string {
  const number = 1 + Math.floor(street.maxHouseNumber * random.next() ** 1.4);
  return random.chance(0.08) ? `${number}${pick(random, ['а', 'б'])}` : String(number);
}

function createSpot(random: SeededRandom, plan: MunicipalityPlan): Spot {
  const district = pickWeighted(random, plan.districts, (candidate) => candidate.weight);
  const street = pick(random, district.streets);
  const others = district.streets.filter((candidate) => candidate !== street);
  const secondStreet = others.length > 0 ? pick(random, others) : street;
  const house = createHouseNumber(random, street);
  const neighbour = Number.parseInt(house, 10) + 2;
  return {
    district,
    street,
    house,
    secondStreet,
    secondHouse: String(neighbour),
    entrance: random.integer(1, 6),
    apartment: random.integer(1, 140),
  };
}

function describeLocation(random: SeededRandom, kind: PlaceKind, spot: Spot): Location {
  const street = spot.street.name;
  const house = spot.house;
  const point = scatterPoint(random, spot.street, spot.district.isVillage ? 0.06 : 0.1);
  const building = !spot.district.settlement && random.chance(0.06) ? `, корп. ${random.integer(1, 3)}` : '';
  const crossing = `${street} и ${spot.secondStreet.name}`;
  let address: string;
  let mention: string;
  switch (kind) {
    case 'inHouse':
      address = `${street}, д. ${house}${building}`;
      mention = pick(random, [
        `в доме №${house} по ${street}`,
        `в нашем доме (${street}, ${house})`,
        `в доме ${street}, ${house}`,
        `по адресу ${street}, д. ${house}`,
      ]);
      break;
    case 'entrance':
      address = `${street}, д. ${house}${building}, подъезд ${spot.entrance}`;
      mention = pick(random, [
        `в подъезде №${spot.entrance} дома №${house} по ${street}`,
        `в ${spot.entrance}-м подъезде дома ${street}, ${house}`,
      ]);
      break;
    case 'nearHouse':
      address = `${street}, у дома ${house}`;
      mention = pick(random, [
        `у дома №${house} по ${street}`,
        `возле дома ${street}, ${house}`,
        `напротив дома №${house} по ${street}`,
        `рядом с домом ${street}, ${house}`,
      ]);
      break;
    case 'yard':
      address = `${street}, во дворе дома ${house}`;
      mention = pick(random, [
        `во дворе дома №${house} по ${street}`,
        `во дворе дома ${street}, ${house}`,
        `у нас во дворе (${street}, ${house})`,
        `во дворе между домами №${house} и №${spot.secondHouse} по ${street}`,
      ]);
      break;
    case 'street':
      address = `${street}, в районе дома ${house}`;
      mention = pick(random, [
        `на ${street}`,
        `на ${street} в районе дома №${house}`,
        `по ${street} от дома №${house} до перекрёстка с ${spot.secondStreet.name}`,
        `на участке ${street} возле дома №${house}`,
      ]);
      break;
    case 'crossing':
      address = `перекрёсток ${crossing}`;
      mention = pick(random, [`на перекрёстке ${crossing}`, `на пересечении ${crossing}`]);
      break;
    case 'stop':
      address = `${street}, остановка у дома ${house}`;
      mention = pick(random, [`на остановке у дома №${house} по ${street}`, `на остановке «${street}»`]);
      break;
    case 'none':
      address = `${street}, д. ${house}${building}${spot.district.isVillage ? '' : `, кв. ${spot.apartment}`}`;
      mention = '';
      break;
  }
  const settlement = spot.district.settlement;
  return {
    address: settlement ? `${settlement}, ${address}` : address,
    mention: settlement && mention ? `в ${settlement} ${mention}` : mention,
    ...point,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Texts

type Fragments = {
  topic: DemoTopic;
  person: Person;
  location: Location;
  problem: string;
  duration: string;
  details: string[];
  consequence: string;
  request: string;
  question: string;
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** «{place} {problem}», «{duration} {place} {problem}», … without the final full stop, lower-case first letter. */
function composeCore(random: SeededRandom, fragments: Fragments, withDuration: boolean): string {
  const { problem, duration } = fragments;
  const place = fragments.location.mention;
  if (!withDuration || !duration)
    return place && random.chance(0.6) ? `${place} ${problem}` : place ? `${problem} ${place}` : problem;
  if (!place)
    return pick(random, [`${duration} ${problem}`, `${problem}, и так ${duration}`, `${problem} — ${duration}`]);
  return pick(random, [
    `${duration} ${place} ${problem}`,
    `${place} ${problem} — ${duration}`,
    `${problem} ${place}, и так ${duration}`,
    `${place} ${problem}, ${duration}`,
  ]);
}

function joinSentences(parts: readonly (string | null | false | undefined)[]): string {
  return parts
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join(' ')
    .replace(/\s+([.,!?])/g, '$1');
}

/** Opening phrases ending with a comma continue the sentence in lower case. */
function startAfter(opening: string, sentence: string): string {
  return opening.endsWith(', ') ? `${opening}${sentence}` : `${opening}${capitalize(sentence)}`;
}

function composeSocialPost(random: SeededRandom, fragments: Fragments, plan: MunicipalityPlan): string {
  const core = composeCore(random, fragments, random.chance(0.7));
  const style = pickFrom(random, [
    ['short', 35],
    ['mention', 15],
    ['story', 50],
  ] as const);
  if (style === 'short') {
    return joinSentences([
      `${capitalize(core)}${random.chance(0.5) ? '!!!' : '!'}`,
      random.chance(0.6) ? fragments.question : pick(random, SOCIAL_ENDINGS),
    ]);
  }
  if (style === 'mention') {
    return joinSentences([`@${plan.administrationHandle} ${core}.`, fragments.question]);
  }
  const request = pick(random, [
    `Просьба ${fragments.request}.`,
    `Надо срочно ${fragments.request}!`,
    `Пора уже ${fragments.request}!`,
    `Нужно ${fragments.request}, пока не поздно.`,
    `Прошу ${fragments.request}.`,
  ]);
  return joinSentences([
    `${random.chance(0.6) ? startAfter(pick(random, SOCIAL_OPENINGS), core) : capitalize(core)}.`,
    fragments.details[0],
    random.chance(0.5) && fragments.consequence,
    random.chance(0.7) ? request : fragments.question,
    random.chance(0.4) && pick(random, SOCIAL_ENDINGS),
  ]);
}

function composeHeadPageComment(random: SeededRandom, fragments: Fragments): string {
  const core = composeCore(random, fragments, random.chance(0.7));
  const style = pickFrom(random, [
    ['letter', 55],
    ['reproach', 25],
    ['question', 20],
  ] as const);
  if (style === 'reproach') {
    return joinSentences([
      `Вы пишете ${pick(random, HEAD_PAGE_TOPICS_OF_POSTS)}, а у нас ${core}.`,
      random.chance(0.5) && fragments.details[0],
      fragments.question,
    ]);
  }
  if (style === 'question') {
    return joinSentences([fragments.question, `${capitalize(core)}.`, pick(random, HEAD_PAGE_ENDINGS)]);
  }
  return joinSentences([
    `${startAfter(pick(random, HEAD_PAGE_OPENINGS), core)}.`,
    fragments.details[0],
    random.chance(0.6) && fragments.consequence,
    `${pick(random, ['Просим', 'Прошу', 'Просьба'])} ${fragments.request}.`,
    random.chance(0.7) && pick(random, HEAD_PAGE_ENDINGS),
  ]);
}

function composePortalMessage(random: SeededRandom, fragments: Fragments, isLong: boolean): string {
  const core = composeCore(random, fragments, random.chance(0.75));
  const request = `${pick(random, ['Прошу', 'Просим', 'Просьба', 'Убедительно прошу', 'Прошу вас'])} ${fragments.request}.`;
  return joinSentences([
    `${random.chance(0.5) ? startAfter(pick(random, POLITE_OPENINGS), core) : capitalize(core)}.`,
    random.chance(isLong ? 0.9 : 0.6) && fragments.details[0],
    isLong && random.chance(0.5) && fragments.details[1],
    random.chance(isLong ? 0.7 : 0.4) && fragments.consequence,
    request,
    fragments.location.mention && random.chance(0.25)
      ? pick(random, PHOTO_NOTES)
      : random.chance(0.4) && pick(random, POLITE_ENDINGS),
  ]);
}

function composeWebFormMessage(random: SeededRandom, fragments: Fragments): string {
  const core = composeCore(random, fragments, random.chance(0.5));
  return joinSentences([
    `${capitalize(core)}.`,
    random.chance(0.5) && fragments.details[0],
    `Прошу ${fragments.request}.`,
    fragments.location.mention &&
      random.chance(0.5) &&
      pick(random, [...PHOTO_NOTES, '[Место отметил|Место отметила] на карте.']),
  ]);
}

function composePhoneRecord(random: SeededRandom, fragments: Fragments): string {
  const core = composeCore(random, fragments, random.chance(0.8));
  const quote = fragments.details[0];
  return joinSentences([
    `[Заявитель|Заявительница] сообщает, что ${core}.`,
    random.chance(0.6) && quote && `Со слов [заявителя|заявительницы]: «${quote.replace(/[.!?]$/, '')}».`,
    `Просит ${fragments.request}.`,
    pick(random, [
      'Просит перезвонить по результатам.',
      'Ответ просит дать по телефону.',
      'Обращается повторно.',
      'Звонок на горячую линию администрации.',
      '',
    ]),
  ]);
}

function composeAppeal(
  random: SeededRandom,
  fragments: Fragments,
  spot: Spot,
  residence: string,
  email: string | null,
): string {
  const { person, topic } = fragments;
  const core = composeCore(random, fragments, random.chance(0.8));
  const previous = pick(random, [...(PREVIOUS_ATTEMPTS[topic.category] ?? []), ...GENERIC_PREVIOUS_ATTEMPTS]);
  const replyTo = email ? `на адрес электронной почты ${email}` : 'по указанному почтовому адресу';
  const collectiveReplyTo = email ? `на адрес электронной почты ${email}` : `по адресу: ${residence}`;
  const body = joinSentences([
    `${capitalize(core)}.`,
    ...fragments.details,
    random.chance(0.7) && fragments.consequence,
  ]);
  const law = random.chance(0.4)
    ? ', руководствуясь Федеральным законом от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации»,'
    : '';
  const isCollective = fragments.location.mention !== '' && random.chance(0.2);
  if (isCollective) {
    const signatures = random.integer(12, 64);
    return [
      pick(random, APPEAL_SALUTATIONS),
      `Мы, жители дома №${spot.house} по ${spot.street.name}${spot.district.settlement ? ` (${spot.district.settlement})` : ''}, обращаемся к Вам по вопросу, который не удаётся решить длительное время.`,
      body,
      `Жители неоднократно обращались ${previous}, однако проблема до сих пор не решена.`,
      `На основании изложенного${law} просим ${fragments.request}.`,
      `Представитель жителей: ${formatFullName(person)}. Ответ просим направить ${collectiveReplyTo}.`,
      `Приложение: подписи жителей (${signatures}).`,
    ].join('\n\n');
  }
  return [
    pick(random, APPEAL_SALUTATIONS),
    `Я, ${formatFullName(person)}, [проживающий|проживающая] по адресу: ${residence}, обращаюсь к Вам по следующему вопросу.`,
    body,
    `Ранее я [обращался|обращалась] ${previous}, однако меры приняты не были.`,
    `На основании изложенного${law} прошу ${fragments.request}.`,
    `Ответ прошу направить ${replyTo}.`,
  ].join('\n\n');
}

/** Fills `{name}` placeholders and `[masculine|feminine]` forms. */
function fillTemplate(text: string, values: Readonly<Record<string, string>>, gender: Gender): string {
  return text
    .replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole)
    .replace(/\[([^|\]]*)\|([^\]]*)\]/g, (_, masculine: string, feminine: string) =>
      gender === 'male' ? masculine : feminine,
    );
}

const SLOPPY_SPELLINGS: readonly (readonly [RegExp, string])[] = [
  [/пожалуйста/g, 'пожалуста'],
  [/Здравствуйте/g, 'Здраствуйте'],
  [/вообще/g, 'вобще'],
  [/ничего/g, 'ничо'],
  [/сейчас/g, 'щас'],
];

/** Hasty typing: no «ё», lower-case start, a swapped pair of letters, missing commas, colloquial spellings. */
function addResidentTypos(random: SeededRandom, text: string, sloppiness: number): string {
  let result = text;
  if (random.chance(0.5 + sloppiness / 2)) result = result.replaceAll('ё', 'е').replaceAll('Ё', 'Е');
  if (random.chance(sloppiness)) result = result.charAt(0).toLowerCase() + result.slice(1);
  if (random.chance(sloppiness * 0.5)) {
    const words = result.split(' ');
    const index = random.integer(0, words.length - 1);
    const word = words[index];
    if (word && /^[а-я]{6,}$/.test(word)) {
      const position = random.integer(1, word.length - 3);
      words[index] =
        `${word.slice(0, position)}${word.charAt(position + 1)}${word.charAt(position)}${word.slice(position + 2)}`;
      result = words.join(' ');
    }
  }
  if (random.chance(sloppiness * 0.4)) result = result.replace(', ', ' ');
  if (random.chance(sloppiness * 0.6)) {
    for (const [pattern, replacement] of SLOPPY_SPELLINGS) result = result.replace(pattern, replacement);
  }
  if (random.chance(sloppiness * 0.3)) result = result.replace(/\.$/, '');
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Channels, deadlines and statuses

const CHANNEL_SHARES: readonly (readonly [Channel, number])[] = [
  ['im', 30],
  ['pos', 25],
  ['regional', 10],
  ['official_pages', 8],
  ['letter', 8],
  ['form', 5],
  ['open311', 2],
  ['email', 4],
  ['reception', 2],
  ['phone', 6],
];

const FAST_TRACK_SHARES: Readonly<Record<Channel, number>> = {
  im: 0.22,
  pos: 0.15,
  regional: 0.03,
  official_pages: 0,
  letter: 0,
  form: 0.02,
  open311: 0.02,
  email: 0,
  reception: 0,
  phone: 0.04,
};

const REJECTED_SHARES: Readonly<Record<Channel, number>> = {
  im: 0.02,
  pos: 0.06,
  regional: 0.04,
  official_pages: 0,
  letter: 0.01,
  form: 0.07,
  open311: 0.07,
  email: 0.01,
  reception: 0,
  phone: 0,
};

const MODERATED_CHANNELS: ReadonlySet<Channel> = new Set(['pos', 'regional', 'form', 'open311']);
const UNCLASSIFIED_CHANNELS: ReadonlySet<Channel> = new Set(['im', 'form', 'open311', 'phone']);
/** Categories people rather bring to a letter or a phone call than to a social network. */
const PERSONAL_CATEGORIES: ReadonlySet<string> = new Set([
  'Социальная защита',
  'Здравоохранение',
  'Образование',
  'ЖКХ',
]);

/** Minute of the local day when a case of the channel arrives. */
function chooseMinuteOfDay(random: SeededRandom, channel: Channel): number {
  switch (channel) {
    case 'reception':
    case 'phone':
      return random.integer(8 * 60 + 30, 17 * 60 + 29);
    case 'email':
    case 'letter':
      return random.integer(9 * 60, 17 * 60 - 1);
    case 'im':
    case 'official_pages':
      return pickFrom(random, [
        [random.integer(9 * 60, 22 * 60 - 1), 70],
        [random.integer(7 * 60, 9 * 60 - 1), 12],
        [random.integer(22 * 60, 24 * 60 - 1), 12],
        [random.integer(0, 7 * 60 - 1), 6],
      ]);
    default:
      return random.chance(0.75) ? random.integer(8 * 60, 22 * 60 - 1) : random.integer(0, 24 * 60 - 1);
  }
}

function chooseReceivedAt(random: SeededRandom, channel: Channel, now: Date, today: LocalDate, clock: ZoneClock): Date {
  const isOfficeChannel = channel === 'phone' || channel === 'letter';
  let date = subtractDays(today, random.integer(0, DEMO_WINDOW_DAYS - 1));
  for (let attempt = 0; attempt < 8 && isWeekend(date) && (isOfficeChannel || random.chance(0.35)); attempt += 1) {
    date = subtractDays(today, random.integer(0, DEMO_WINDOW_DAYS - 1));
  }
  const receivedAt = clock.toInstant(date, chooseMinuteOfDay(random, channel));
  const withSeconds = receivedAt.getTime() + random.integer(0, 59) * 1000;
  if (withSeconds <= now.getTime()) return new Date(withSeconds);
  // Later today than `now`: it arrived earlier today instead.
  const sinceMidnight = now.getTime() - clock.toInstant(today, 0).getTime();
  return new Date(now.getTime() - Math.max(MINUTE, Math.floor(random.next() * sinceMidnight)));
}

/** Approximate deadlines per channel (PRODUCT.md §1); working time comes with the SLA engine. */
function computeDueAt(channel: Channel, receivedAt: Date, isFastTrack: boolean, clock: ZoneClock): Date {
  const received = receivedAt.getTime();
  switch (channel) {
    case 'im':
      return new Date(received + (isFastTrack ? 4 * HOUR : DAY));
    case 'pos':
      return new Date(received + (isFastTrack ? DAY : 10 * DAY));
    case 'regional':
      return new Date(received + (isFastTrack ? 3 * DAY : 14 * DAY));
    case 'official_pages': {
      const local = clock.toLocal(receivedAt);
      return clock.toInstant(local, local.hour < 18 ? 18 * 60 : 42 * 60);
    }
    case 'email':
    case 'letter':
      return new Date(received + 30 * DAY);
    case 'open311':
    case 'form':
    case 'reception':
    case 'phone':
      return new Date(received + (isFastTrack ? 2 * DAY : 10 * DAY));
  }
}

type Outcome = { status: CaseStatus; dueAt: Date | null; closedAt: Date | null };

/** Older cases are mostly answered or closed, recent ones still in the pipeline; some open ones are overdue. */
function settleOutcome(random: SeededRandom, channel: Channel, receivedAt: Date, dueAt: Date, now: Date): Outcome {
  const received = receivedAt.getTime();
  const age = now.getTime() - received;
  const closeAt = (delay: number) => new Date(received + Math.min(age, Math.max(10 * MINUTE, Math.round(delay))));

  if (age > 2 * HOUR && random.chance(REJECTED_SHARES[channel])) {
    return { status: 'rejected', dueAt: null, closedAt: closeAt(random.between(HOUR, 30 * HOUR)) };
  }
  const term = Math.max(HOUR, dueAt.getTime() - received);
  const progress = age / term;
  const doneShare = age < HOUR ? 0 : progress < 0.1 ? 0.03 : progress < 1 ? 0.1 + 0.75 * progress : 0.88;
  if (random.chance(doneShare)) {
    const isLate = random.chance(0.15);
    const closedAt = closeAt(term * (isLate ? random.between(1.02, 1.6) : random.between(0.1, 0.95)));
    const isAwaitingAuthor = now.getTime() - closedAt.getTime() < 3 * DAY;
    const status: CaseStatus = random.chance(isAwaitingAuthor ? 0.7 : 0.15) ? 'answered' : 'closed';
    return { status, dueAt, closedAt };
  }
  if (age < 2 * HOUR || progress < 0.1) {
    const waiting: CaseStatus = MODERATED_CHANNELS.has(channel) && random.chance(0.6) ? 'moderation' : 'new';
    return { status: random.chance(0.25) ? 'in_work' : waiting, dueAt, closedAt: null };
  }
  const status = pickFrom<CaseStatus>(random, [
    ['in_work', 65],
    ['answer_review', 25],
    ['new', 10],
  ]);
  return { status, dueAt, closedAt: null };
}

// ---------------------------------------------------------------------------------------------------------------
// External ids, per channel and unique within the generated set (assigned in order of arrival)

type IdSequences = {
  pos: number;
  vkPost: number;
  telegramPost: number;
  okTopic: number;
  headPost: number;
  headComment: number;
  ownForm: number;
  appealsByYear: Map<number, number>;
  portalByYear: Map<number, number>;
  phoneByDay: Map<string, number>;
};

function dayOfYear(date: LocalDate): number {
  return Math.floor((Date.UTC(date.year, date.month - 1, date.day) - Date.UTC(date.year, 0, 1)) / DAY) + 1;
}

function nextYearlyNumber(random: SeededRandom, counters: Map<number, number>, date: LocalDate, perDay: number) {
  const previous = counters.get(date.year);
  const next =
    previous === undefined
      ? Math.max(1, Math.round(dayOfYear(date) * perDay * random.between(0.8, 1.2)))
      : previous + random.integer(1, Math.max(1, Math.round(perDay / 2)));
  counters.set(date.year, next);
  return next;
}

function createExternalId(
  random: SeededRandom,
  channel: Channel,
  receivedAt: Date,
  clock: ZoneClock,
  plan: MunicipalityPlan,
  sequences: IdSequences,
): string {
  const local = clock.toLocal(receivedAt);
  switch (channel) {
    case 'pos':
      sequences.pos += random.integer(1, 4000);
      return String(sequences.pos);
    case 'im': {
      const network = pickFrom(random, [
        ['vk', 60],
        ['telegram', 25],
        ['ok', 15],
      ] as const);
      if (network === 'vk') {
        sequences.vkPost += random.integer(1, 40);
        return `vk:wall-${plan.vkGroupId}_${sequences.vkPost}`;
      }
      if (network === 'telegram') {
        sequences.telegramPost += random.integer(1, 25);
        return `tg:${plan.telegramChannel}/${sequences.telegramPost}`;
      }
      sequences.okTopic += random.integer(1_000, 900_000);
      return `ok:group/${plan.okGroupId}/topic/${sequences.okTopic}`;
    }
    case 'official_pages':
      if (random.chance(0.3)) sequences.headPost += random.integer(1, 6);
      sequences.headComment += random.integer(1, 30);
      return `vk:wall${plan.headPageId}_${sequences.headPost}?reply=${sequences.headComment}`;
    case 'regional': {
      const number = nextYearlyNumber(random, sequences.portalByYear, local, 12);
      return `RP-${local.year}-${String(number).padStart(6, '0')}`;
    }
    case 'email':
    case 'letter':
      return `ОГ-${nextYearlyNumber(random, sequences.appealsByYear, local, 4)}/${local.year}`;
    case 'open311':
    case 'form':
      sequences.ownForm += random.integer(1, 12);
      return String(sequences.ownForm);
    case 'reception':
    case 'phone': {
      const day = `${local.year}${String(local.month).padStart(2, '0')}${String(local.day).padStart(2, '0')}`;
      const number = (sequences.phoneByDay.get(day) ?? random.integer(0, 15)) + random.integer(1, 4);
      sequences.phoneByDay.set(day, number);
      return `ГЛ-${day}-${String(number).padStart(3, '0')}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Cases

function chooseTopic(random: SeededRandom, channel: Channel, month: number): DemoTopic {
  const isPersonal = channel === 'letter' || channel === 'phone';
  const inSeason = DEMO_TOPICS.filter((topic) => topic.months === null || topic.months.includes(month));
  return pickWeighted(random, inSeason, (topic) =>
    isPersonal && PERSONAL_CATEGORIES.has(topic.category) ? topic.weight * 1.8 : topic.weight,
  );
}

function createCase(random: SeededRandom, plan: MunicipalityPlan, now: Date, clock: ZoneClock): DemoCase {
  const channel = pickFrom(random, CHANNEL_SHARES);
  const receivedAt = chooseReceivedAt(random, channel, now, clock.toLocal(now), clock);
  const topic = chooseTopic(random, channel, clock.toLocal(receivedAt).month);
  const person = createPerson(random);
  const spot = createSpot(random, plan);
  const location = describeLocation(random, pick(random, topic.places), spot);
  const residence = location.mention ? describeLocation(random, 'none', spot).address : location.address;
  const chosen = pick(random, topic.problems);
  const problem: DemoProblem = typeof chosen === 'string' ? { text: chosen } : chosen;
  const fragments: Fragments = {
    topic,
    person,
    location,
    problem: problem.text,
    duration: problem.duration === 'none' ? '' : pick(random, DURATIONS[problem.duration ?? topic.duration]),
    details: shuffle(random, problem.details ?? topic.details).slice(0, 2),
    consequence: pick(random, problem.consequences ?? topic.consequences),
    request: pick(random, problem.requests ?? topic.requests),
    question: pick(random, problem.questions ?? topic.questions),
  };

  const isSocial = channel === 'im' || channel === 'official_pages';
  const phoneShare: Record<Channel, number> = {
    im: 0,
    official_pages: 0,
    pos: 0.6,
    regional: 0.7,
    form: 0.4,
    open311: 0.3,
    letter: 0.5,
    email: 0.3,
    reception: 0.8,
    phone: 1,
  };
  const emailShare: Record<Channel, number> = {
    im: 0,
    official_pages: 0,
    pos: 0.5,
    regional: 0.6,
    form: 0.75,
    open311: 0.5,
    letter: 0.45,
    email: 1,
    reception: 0.2,
    phone: 0.05,
  };
  const applicantPhone = random.chance(phoneShare[channel]) ? createPhone(random) : null;
  const applicantEmail = random.chance(emailShare[channel]) ? createEmail(random, person) : null;

  let text: string;
  let sloppiness: number;
  switch (channel) {
    case 'im':
      text = composeSocialPost(random, fragments, plan);
      sloppiness = 0.45;
      break;
    case 'official_pages':
      text = composeHeadPageComment(random, fragments);
      sloppiness = 0.3;
      break;
    case 'pos':
      text = composePortalMessage(random, fragments, random.chance(0.4));
      sloppiness = 0.12;
      break;
    case 'regional':
      text = composePortalMessage(random, fragments, random.chance(0.6));
      sloppiness = 0.12;
      break;
    case 'open311':
    case 'form':
      text = composeWebFormMessage(random, fragments);
      sloppiness = 0.2;
      break;
    case 'reception':
    case 'phone':
      text = composePhoneRecord(random, fragments);
      sloppiness = 0;
      break;
    case 'email':
    case 'letter':
      text = composeAppeal(random, fragments, spot, residence, applicantEmail);
      sloppiness = 0;
      break;
  }
  const values: Record<string, string> = {
    company: pick(random, MANAGEMENT_COMPANIES),
    routeNumber: String(pick(random, plan.routeNumbers)),
    minutes: String(pick(random, [30, 40, 45, 50, 60, 90])),
    temperature: String(random.integer(12, 17)),
    doctor: pick(random, DOCTORS),
    clinicNumber: String(random.integer(1, plan.clinicCount)),
    schoolNumber: String(random.integer(1, plan.schoolCount)),
    kindergartenNumber: String(random.integer(1, plan.kindergartenCount)),
    kindergartenName: pick(random, KINDERGARTEN_NAMES),
  };
  text = fillTemplate(text, values, person.gender);
  if (sloppiness > 0) text = addResidentTypos(random, text, sloppiness);

  const isFastTrack = random.chance(FAST_TRACK_SHARES[channel]);
  const outcome = settleOutcome(
    random,
    channel,
    receivedAt,
    computeDueAt(channel, receivedAt, isFastTrack, clock),
    now,
  );
  const isUnclassified = outcome.status === 'new' && UNCLASSIFIED_CHANNELS.has(channel) && random.chance(0.4);

  return {
    channel,
    kind: channel === 'letter' || channel === 'email' || channel === 'reception' ? 'appeal' : 'message',
    externalId: '',
    status: outcome.status,
    category: topic.category,
    subcategory: isUnclassified ? null : topic.subcategory,
    text,
    address: location.address,
    district: spot.district.name,
    latitude: Math.round(location.latitude * 1e6) / 1e6,
    longitude: Math.round(location.longitude * 1e6) / 1e6,
    applicantName: isSocial ? formatSocialName(random, person) : formatFullName(person),
    applicantPhone,
    applicantEmail,
    isFastTrack,
    receivedAt,
    dueAt: outcome.dueAt,
    closedAt: outcome.closedAt,
  };
}

/**
 * Generates `count` cases of the municipality received in the 60 days before `now`, ordered by `receivedAt`.
 * Deterministic: the same options give the same cases.
 */
export function generateDemoCases(options: {
  municipality: DemoMunicipality;
  count: number;
  seed: number;
  now: Date;
}): DemoCase[] {
  const { municipality, count, seed, now } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError('count: ожидается целое неотрицательное число');
  if (Number.isNaN(now.getTime())) throw new RangeError('now: ожидается корректная дата');
  const plan = planMunicipality(municipality);
  const random = new SeededRandom(hashText(`cases:${municipality.slug}`) ^ Math.trunc(seed));
  const clock = new ZoneClock(municipality.timezone);

  const cases: DemoCase[] = [];
  for (let index = 0; index < count; index += 1) cases.push(createCase(random, plan, now, clock));
  cases.sort((first, second) => first.receivedAt.getTime() - second.receivedAt.getTime());

  const sequences: IdSequences = {
    pos: random.integer(310_000_000, 690_000_000),
    vkPost: random.integer(20_000, 90_000),
    telegramPost: random.integer(5_000, 40_000),
    okTopic: random.integer(150_000_000_000_000, 160_000_000_000_000),
    headPost: random.integer(800, 4_000),
    headComment: random.integer(10_000, 60_000),
    ownForm: random.integer(10_000, 60_000),
    appealsByYear: new Map(),
    portalByYear: new Map(),
    phoneByDay: new Map(),
  };
  for (const item of cases) {
    item.externalId = createExternalId(random, item.channel, item.receivedAt, clock, plan, sequences);
  }
  return cases;
}
