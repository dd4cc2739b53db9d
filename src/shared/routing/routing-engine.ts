import { type CaseKind, CHANNEL_TITLES, type Channel } from '../channels.js';
import { distanceMeters, isPointInPolygon } from '../geo.js';
import { splitWords, stemText, stemWord } from '../text/russian-text.js';
import { findZoneOffset } from '../working-time/time-zone.js';
import type {
  ApplicantType,
  CasePriority,
  RoutingActions,
  RoutingCondition,
  RoutingRuleDefinition,
} from './routing-rule.schema.js';

// The routing engine: pure, deterministic, shared by the server (applied when a case is registered) and the
// rule test panel. It answers which rules fired, why (each condition's result with an explanation) and what
// the case looks like after their actions.

/** What rules look at: the case as it arrives. */
export type RoutingInput = {
  channel: Channel;
  kind: CaseKind;
  text: string;
  category: string | null;
  subcategory: string | null;
  district: string | null;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  /** Epoch milliseconds. */
  receivedAt: number;
  priority: CasePriority;
  applicantType: ApplicantType;
};

/** Facts of the tenant the engine cannot know by itself. */
export type RoutingEnvironment = {
  timeZone: string;
  /** Whether the instant is working time of the schedule; `undefined` when the tenant has no such schedule. */
  isWorkingMoment(scheduleId: string, instantMs: number): boolean | undefined;
};

export type RuleToEvaluate = {
  id: string;
  name: string;
  position: number;
  isActive: boolean;
  definition: RoutingRuleDefinition;
};

export type ConditionTrace = { index: number; type: RoutingCondition['type']; isMatched: boolean; explanation: string };

export type RuleTrace = {
  ruleId: string;
  name: string;
  position: number;
  /** `inactive`: switched off; `stopped`: an earlier rule fired and stopped evaluation. */
  skipped: 'inactive' | 'stopped' | null;
  isFired: boolean;
  conditions: ConditionTrace[];
};

/** What the fired rules set (later rules override earlier ones; tags accumulate). */
export type RoutingOutcome = Omit<RoutingActions, 'tags'> & { tags: string[] };

export type RoutingResult = {
  fired: Array<{ ruleId: string; name: string; actions: RoutingActions }>;
  outcome: RoutingOutcome;
  trace: RuleTrace[];
};

type PreparedText = { words: Set<string>; stems: string[]; stemSet: Set<string> };

function prepareText(text: string): PreparedText {
  const stems = stemText(text);
  return { words: new Set(splitWords(text)), stems, stemSet: new Set(stems) };
}

/** The text of a case, split and stemmed only when a word or phrase condition first looks at it. */
function lazyText(text: string): () => PreparedText {
  let prepared: PreparedText | undefined;
  return () => {
    prepared ??= prepareText(text);
    return prepared;
  };
}

/**
 * What a condition compares against, worked out once when the rules are compiled (stems of its words and
 * phrases, the words of settlement names) rather than for every case.
 */
type PreparedCondition = {
  words?: Array<{ word: string; parts: Array<{ part: string; stem: string }> }>;
  phrases?: Array<{ phrase: string; stems: string[] }>;
  settlements?: Array<{ name: string; needle: string }>;
};

function prepareCondition(condition: RoutingCondition): PreparedCondition {
  switch (condition.type) {
    case 'words':
      return {
        words: condition.words.map((word) => ({
          word,
          parts: splitWords(word).map((part) => ({ part, stem: stemWord(part) })),
        })),
      };
    case 'phrase':
      return { phrases: condition.phrases.map((phrase) => ({ phrase, stems: stemText(phrase) })) };
    case 'settlement':
      return { settlements: condition.anyOf.map((name) => ({ name, needle: ` ${splitWords(name).join(' ')} ` })) };
    default:
      return {};
  }
}

const normalize = (value: string) => value.trim().toLowerCase().replaceAll('ё', 'е').replace(/\s+/g, ' ');
const quoteList = (values: readonly string[]) => values.map((value) => `«${value}»`).join(', ');
const WEEKDAY_TITLES = ['', 'пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'];

function parseClock(value: string): number {
  const [hours = '0', minutes = '0'] = value.split(':');
  return Number(hours) * 60 + Number(minutes);
}

/** Local minutes since midnight and ISO weekday (1 = Monday) of an instant in a zone. */
export function findLocalClock(instantMs: number, timeZone: string): { minutes: number; weekday: number } {
  const wall = new Date(instantMs + findZoneOffset(timeZone, instantMs));
  const weekday = wall.getUTCDay() === 0 ? 7 : wall.getUTCDay();
  return { minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(), weekday };
}

function findPhrase(text: PreparedText, wanted: readonly string[]): boolean {
  if (wanted.length === 0) return false;
  outer: for (let start = 0; start + wanted.length <= text.stems.length; start += 1) {
    for (let offset = 0; offset < wanted.length; offset += 1) {
      if (text.stems[start + offset] !== wanted[offset]) continue outer;
    }
    return true;
  }
  return false;
}

function checkCondition(
  condition: RoutingCondition,
  prepared: PreparedCondition,
  input: RoutingInput,
  textOf: () => PreparedText,
  environment: RoutingEnvironment,
): { isMatched: boolean; explanation: string } {
  switch (condition.type) {
    case 'channel': {
      const isMatched = condition.anyOf.includes(input.channel);
      return { isMatched, explanation: `канал «${CHANNEL_TITLES[input.channel]}»` };
    }
    case 'kind': {
      const isMatched = condition.anyOf.includes(input.kind);
      return { isMatched, explanation: `вид «${input.kind === 'appeal' ? 'обращение' : 'сообщение'}»` };
    }
    case 'category': {
      const value = condition.field === 'subcategory' ? input.subcategory : input.category;
      const title = condition.field === 'subcategory' ? 'подкатегория' : 'категория';
      if (value === null) return { isMatched: false, explanation: `${title} не задана` };
      const isMatched = condition.anyOf.some((item) => normalize(item) === normalize(value));
      return { isMatched, explanation: `${title} «${value}»` };
    }
    case 'district': {
      if (input.district === null) return { isMatched: false, explanation: 'район не указан' };
      const district = input.district;
      const isMatched = condition.anyOf.some((item) => normalize(item) === normalize(district));
      return { isMatched, explanation: `район «${district}»` };
    }
    case 'settlement': {
      if (input.address === null) return { isMatched: false, explanation: 'адрес не указан' };
      const address = ` ${splitWords(input.address).join(' ')} `;
      const found = prepared.settlements?.find((settlement) => address.includes(settlement.needle));
      return found
        ? { isMatched: true, explanation: `в адресе есть «${found.name}»` }
        : { isMatched: false, explanation: `в адресе нет ни одного из: ${quoteList(condition.anyOf)}` };
    }
    case 'radius': {
      if (input.latitude === null || input.longitude === null)
        return { isMatched: false, explanation: 'нет координат' };
      const meters = distanceMeters(input as { latitude: number; longitude: number }, condition);
      return {
        isMatched: meters <= condition.meters,
        explanation: `до точки ${Math.round(meters)} м при радиусе ${condition.meters} м`,
      };
    }
    case 'polygon': {
      if (input.latitude === null || input.longitude === null)
        return { isMatched: false, explanation: 'нет координат' };
      const isMatched = isPointInPolygon({ latitude: input.latitude, longitude: input.longitude }, condition.geometry);
      return { isMatched, explanation: isMatched ? 'точка внутри контура' : 'точка вне контура' };
    }
    case 'words': {
      const text = textOf();
      const found = (prepared.words ?? [])
        .filter((word) => word.parts.every(({ part, stem }) => text.stemSet.has(stem) || text.words.has(part)))
        .map((word) => word.word);
      const isMatched = condition.mode === 'all' ? found.length === condition.words.length : found.length > 0;
      return {
        isMatched,
        explanation:
          found.length > 0
            ? `найдены: ${quoteList(found)}${condition.mode === 'all' && !isMatched ? ' (нужны все)' : ''}`
            : `нет ни одного из: ${quoteList(condition.words)}`,
      };
    }
    case 'phrase': {
      const text = textOf();
      const found = prepared.phrases?.find((phrase) => findPhrase(text, phrase.stems));
      return found
        ? { isMatched: true, explanation: `найдена фраза «${found.phrase}»` }
        : { isMatched: false, explanation: `нет фраз: ${quoteList(condition.phrases)}` };
    }
    case 'time': {
      const { minutes, weekday } = findLocalClock(input.receivedAt, environment.timeZone);
      const from = parseClock(condition.from);
      const to = parseClock(condition.to);
      const isInWindow = from <= to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
      const isDayMatched =
        !condition.weekdays || condition.weekdays.length === 0 || condition.weekdays.includes(weekday);
      const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
      return {
        isMatched: isInWindow && isDayMatched,
        explanation: `поступило в ${clock} (${WEEKDAY_TITLES[weekday]}), окно ${condition.from}–${condition.to}${
          condition.weekdays?.length ? ` по ${condition.weekdays.map((day) => WEEKDAY_TITLES[day]).join(', ')}` : ''
        }`,
      };
    }
    case 'workingHours': {
      const isWorking = environment.isWorkingMoment(condition.scheduleId, input.receivedAt);
      if (isWorking === undefined) return { isMatched: false, explanation: `нет графика «${condition.scheduleId}»` };
      return {
        isMatched: isWorking === condition.isWorking,
        explanation: `${isWorking ? 'рабочее' : 'нерабочее'} время по графику «${condition.scheduleId}»`,
      };
    }
    case 'priority':
      return { isMatched: condition.anyOf.includes(input.priority), explanation: `приоритет «${input.priority}»` };
    case 'applicantType':
      return {
        isMatched: condition.anyOf.includes(input.applicantType),
        explanation: `тип заявителя «${input.applicantType}»`,
      };
    default: {
      const unreachable: never = condition;
      return unreachable;
    }
  }
}

/** The case as the next rule sees it: earlier rules' category, subcategory and priority applied. */
function applyToInput(input: RoutingInput, actions: RoutingActions): RoutingInput {
  return {
    ...input,
    ...(actions.category !== undefined ? { category: actions.category } : {}),
    ...(actions.subcategory !== undefined ? { subcategory: actions.subcategory } : {}),
    ...(actions.priority !== undefined ? { priority: actions.priority } : {}),
  };
}

/** Rules ready to evaluate many cases: ordered, with their words and phrases stemmed once. */
export type CompiledRoutingRules = {
  readonly ruleCount: number;
  evaluate(input: RoutingInput, environment: RoutingEnvironment): RoutingResult;
};

/**
 * Compiles the rules (position order, stems of words and phrases) for evaluation of many cases; the
 * results are exactly those of evaluateRoutingRules on the same rules.
 */
export function compileRoutingRules(rules: readonly RuleToEvaluate[]): CompiledRoutingRules {
  const ordered = [...rules]
    .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
    .map((rule) => ({ rule, prepared: rule.definition.conditions.map(prepareCondition) }));
  return {
    ruleCount: ordered.length,
    evaluate(input, environment) {
      const textOf = lazyText(input.text);
      const trace: RuleTrace[] = [];
      const fired: RoutingResult['fired'] = [];
      const outcome: RoutingOutcome = { tags: [] };
      let current = input;
      let isStopped = false;
      for (const { rule, prepared } of ordered) {
        const base = { ruleId: rule.id, name: rule.name, position: rule.position, conditions: [] as ConditionTrace[] };
        if (isStopped) {
          trace.push({ ...base, skipped: 'stopped', isFired: false });
          continue;
        }
        if (!rule.isActive) {
          trace.push({ ...base, skipped: 'inactive', isFired: false });
          continue;
        }
        const conditions = rule.definition.conditions.map((condition, index) => {
          const checked = checkCondition(condition, prepared[index] ?? {}, current, textOf, environment);
          const isMatched = condition.negate ? !checked.isMatched : checked.isMatched;
          return {
            index,
            type: condition.type,
            isMatched,
            explanation: condition.negate ? `НЕ (${checked.explanation})` : checked.explanation,
          };
        });
        const isFired =
          conditions.length === 0 ||
          (rule.definition.match === 'any'
            ? conditions.some((condition) => condition.isMatched)
            : conditions.every((condition) => condition.isMatched));
        trace.push({ ...base, conditions, skipped: null, isFired });
        if (!isFired) continue;
        const { tags, ...actions } = rule.definition.actions;
        fired.push({ ruleId: rule.id, name: rule.name, actions: rule.definition.actions });
        Object.assign(outcome, Object.fromEntries(Object.entries(actions).filter(([, value]) => value !== undefined)));
        for (const tag of tags ?? []) if (!outcome.tags.includes(tag)) outcome.tags.push(tag);
        current = applyToInput(current, rule.definition.actions);
        if (rule.definition.stopOnMatch) isStopped = true;
      }
      return { fired, outcome, trace };
    },
  };
}

/**
 * Evaluates the rules in position order. An inactive rule is skipped; a rule fires when all (`match: all`)
 * or any (`match: any`) of its conditions hold (a rule without conditions always fires), each possibly
 * negated. A fired rule with `stopOnMatch` ends the evaluation (first match); otherwise the next rules are
 * evaluated on the case as changed by it (continue on match).
 */
export function evaluateRoutingRules(
  rules: readonly RuleToEvaluate[],
  input: RoutingInput,
  environment: RoutingEnvironment,
): RoutingResult {
  return compileRoutingRules(rules).evaluate(input, environment);
}
