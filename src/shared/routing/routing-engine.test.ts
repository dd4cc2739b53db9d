import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isWorkingMoment, MCU_SCHEDULE, RUSSIAN_PRODUCTION_CALENDAR } from '../working-time/index.js';
import {
  evaluateRoutingRules,
  type RoutingEnvironment,
  type RoutingInput,
  type RuleToEvaluate,
} from './routing-engine.js';
import { type RoutingRuleDefinitionInput, RoutingRuleDefinitionSchema } from './routing-rule.schema.js';

const environment: RoutingEnvironment = {
  timeZone: 'Europe/Moscow',
  isWorkingMoment: (scheduleId, instant) =>
    scheduleId === 'mcu'
      ? isWorkingMoment(MCU_SCHEDULE, RUSSIAN_PRODUCTION_CALENDAR, instant, 'Europe/Moscow')
      : undefined,
};

// Wednesday 2025-03-12 10:30 in Moscow (UTC+3).
const WEDNESDAY_MORNING = Date.parse('2025-03-12T07:30:00Z');
// Saturday 2025-03-15 23:10 in Moscow.
const SATURDAY_NIGHT = Date.parse('2025-03-15T20:10:00Z');

function buildInput(overrides: Partial<RoutingInput> = {}): RoutingInput {
  return {
    channel: 'pos',
    kind: 'message',
    text: 'Огромные ямы на дороге у дома 5, машины бьют колёса',
    category: null,
    subcategory: null,
    district: 'Центральный',
    address: 'г. Заречный, ул. Ленина, 5',
    latitude: 55.75,
    longitude: 37.62,
    receivedAt: WEDNESDAY_MORNING,
    priority: 'normal',
    applicantType: 'person',
    ...overrides,
  };
}

let counter = 0;
function rule(definition: RoutingRuleDefinitionInput, position = counter++): RuleToEvaluate {
  const parsed = RoutingRuleDefinitionSchema.parse(definition);
  return { id: `rule-${position}`, name: parsed.name, position, isActive: parsed.isActive, definition: parsed };
}

function fires(condition: RoutingRuleDefinitionInput['conditions'][number], input = buildInput()): boolean {
  const result = evaluateRoutingRules(
    [rule({ name: 'r', conditions: [condition], actions: { tags: ['x'] } })],
    input,
    environment,
  );
  return result.fired.length === 1;
}

test('первое совпадение останавливает разбор, «продолжить» даёт следующим правилам сработать поверх', () => {
  const roads = rule(
    {
      name: 'Дороги',
      conditions: [{ type: 'words', words: ['яма'] }],
      actions: { category: 'Дороги', tags: ['дороги'] },
    },
    1,
  );
  const urgent = rule(
    {
      name: 'Срочно',
      conditions: [{ type: 'category', anyOf: ['Дороги'] }],
      actions: { priority: 'high', tags: ['срочно'] },
    },
    2,
  );
  const stopped = evaluateRoutingRules([urgent, roads], buildInput(), environment);
  assert.deepEqual(
    stopped.fired.map((item) => item.name),
    ['Дороги'],
  );
  assert.equal(stopped.trace[1]?.skipped, 'stopped');
  assert.equal(stopped.outcome.category, 'Дороги');
  assert.equal(stopped.outcome.priority, undefined);

  const continuing = rule({ ...roads.definition, stopOnMatch: false }, 1);
  const both = evaluateRoutingRules([continuing, urgent], buildInput(), environment);
  assert.deepEqual(
    both.fired.map((item) => item.name),
    ['Дороги', 'Срочно'],
  );
  // The second rule saw the category the first one set.
  assert.equal(both.outcome.priority, 'high');
  assert.deepEqual(both.outcome.tags, ['дороги', 'срочно']);
});

test('выключенное правило пропускается и объясняется', () => {
  const off = rule({ name: 'Выкл', isActive: false, conditions: [], actions: { priority: 'low' } });
  const result = evaluateRoutingRules([off], buildInput(), environment);
  assert.equal(result.fired.length, 0);
  assert.equal(result.trace[0]?.skipped, 'inactive');
});

test('условия по каналу, виду, категории, району, населённому пункту, приоритету и типу заявителя', () => {
  assert.equal(fires({ type: 'channel', anyOf: ['pos', 'im'] }), true);
  assert.equal(fires({ type: 'channel', anyOf: ['email'] }), false);
  assert.equal(fires({ type: 'channel', anyOf: ['email'], negate: true }), true);
  assert.equal(fires({ type: 'kind', anyOf: ['appeal'] }), false);
  assert.equal(fires({ type: 'category', anyOf: ['ЖКХ'] }, buildInput({ category: 'жкх' })), true);
  assert.equal(
    fires({ type: 'category', field: 'subcategory', anyOf: ['Ямы'] }, buildInput({ category: 'Ямы' })),
    false,
  );
  assert.equal(fires({ type: 'district', anyOf: ['центральный'] }), true);
  assert.equal(fires({ type: 'district', anyOf: ['Северный'] }), false);
  assert.equal(fires({ type: 'settlement', anyOf: ['Заречный'] }), true);
  assert.equal(fires({ type: 'settlement', anyOf: ['Зареч'] }), false);
  assert.equal(fires({ type: 'priority', anyOf: ['high', 'urgent'] }), false);
  assert.equal(
    fires({ type: 'applicantType', anyOf: ['organization'] }, buildInput({ applicantType: 'organization' })),
    true,
  );
});

test('радиус и многоугольник (с дыркой); без координат территория не совпадает', () => {
  assert.equal(fires({ type: 'radius', latitude: 55.751, longitude: 37.62, meters: 150 }), true);
  assert.equal(fires({ type: 'radius', latitude: 55.76, longitude: 37.62, meters: 150 }), false);
  const square = {
    type: 'Polygon' as const,
    coordinates: [
      [
        [37.6, 55.74],
        [37.64, 55.74],
        [37.64, 55.76],
        [37.6, 55.76],
        [37.6, 55.74],
      ],
      [
        [37.615, 55.745],
        [37.625, 55.745],
        [37.625, 55.755],
        [37.615, 55.755],
        [37.615, 55.745],
      ],
    ],
  };
  assert.equal(fires({ type: 'polygon', geometry: square }, buildInput({ latitude: 55.742, longitude: 37.61 })), true);
  assert.equal(fires({ type: 'polygon', geometry: square }), false, 'точка в дырке');
  assert.equal(fires({ type: 'polygon', geometry: square }, buildInput({ latitude: 55.8 })), false);
  assert.equal(
    fires({ type: 'radius', latitude: 55.75, longitude: 37.62, meters: 100 }, buildInput({ latitude: null })),
    false,
  );
});

test('слова сравниваются по основам, фразы — по порядку основ', () => {
  assert.equal(fires({ type: 'words', words: ['яма'] }), true, '«ямы» → основа «ям»');
  assert.equal(fires({ type: 'words', words: ['колесо', 'машина'], mode: 'all' }), true);
  assert.equal(fires({ type: 'words', words: ['колесо', 'свет'], mode: 'all' }), false);
  assert.equal(fires({ type: 'words', words: ['свет', 'мусор'] }), false);
  assert.equal(fires({ type: 'phrase', phrases: ['яма на дорогах'] }), true);
  assert.equal(fires({ type: 'phrase', phrases: ['дорога на яме'] }), false);
  const result = evaluateRoutingRules(
    [rule({ name: 'r', conditions: [{ type: 'words', words: ['яма', 'свет'] }], actions: { tags: ['x'] } })],
    buildInput(),
    environment,
  );
  assert.match(result.trace[0]?.conditions[0]?.explanation ?? '', /найдены: «яма»/);
});

test('время поступления (через полночь, дни недели) и рабочее время графика МЦУ', () => {
  assert.equal(fires({ type: 'time', from: '09:00', to: '18:00' }), true);
  assert.equal(fires({ type: 'time', from: '22:00', to: '06:00' }, buildInput({ receivedAt: SATURDAY_NIGHT })), true);
  assert.equal(
    fires(
      { type: 'time', from: '22:00', to: '06:00', weekdays: [1, 2, 3, 4, 5] },
      buildInput({ receivedAt: SATURDAY_NIGHT }),
    ),
    false,
  );
  assert.equal(fires({ type: 'workingHours', scheduleId: 'mcu' }), true);
  assert.equal(fires({ type: 'workingHours', scheduleId: 'mcu' }, buildInput({ receivedAt: SATURDAY_NIGHT })), false);
  assert.equal(
    fires({ type: 'workingHours', scheduleId: 'mcu', isWorking: false }, buildInput({ receivedAt: SATURDAY_NIGHT })),
    true,
  );
  assert.equal(fires({ type: 'workingHours', scheduleId: 'unknown' }), false);
});

test('«любое из условий» и правило без условий', () => {
  const any = rule({
    name: 'any',
    match: 'any',
    conditions: [
      { type: 'channel', anyOf: ['email'] },
      { type: 'words', words: ['яма'] },
    ],
    actions: { isFastTrack: true },
  });
  assert.equal(evaluateRoutingRules([any], buildInput(), environment).outcome.isFastTrack, true);
  const always = rule({ name: 'always', conditions: [], actions: { workflowId: 'message' } });
  assert.equal(evaluateRoutingRules([always], buildInput(), environment).fired.length, 1);
});

test('формат правила: пустое действие, незамкнутый контур и неверное время отклоняются с путём к полю', () => {
  const empty = RoutingRuleDefinitionSchema.safeParse({ name: 'x', conditions: [], actions: {} });
  assert.equal(empty.success, false);
  const open = RoutingRuleDefinitionSchema.safeParse({
    name: 'x',
    conditions: [
      {
        type: 'polygon',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      },
    ],
    actions: { priority: 'high' },
  });
  assert.equal(open.success, false);
  assert.deepEqual(open.error?.issues[0]?.path.slice(0, 3), ['conditions', 0, 'geometry']);
  const time = RoutingRuleDefinitionSchema.safeParse({
    name: 'x',
    conditions: [{ type: 'time', from: '25:00', to: '06:00' }],
    actions: { priority: 'high' },
  });
  assert.deepEqual(time.error?.issues[0]?.path, ['conditions', 0, 'from']);
});

const channelArbitrary = fc.constantFrom('pos' as const, 'im' as const, 'email' as const, 'phone' as const);
const ruleArbitrary = fc.record({
  channels: fc.array(channelArbitrary, { minLength: 1, maxLength: 3 }),
  stopOnMatch: fc.boolean(),
  isActive: fc.boolean(),
  priority: fc.constantFrom('low' as const, 'high' as const, 'urgent' as const),
});

test('свойства: срабатывает не больше одного правила с «первым совпадением»; порядок решает; исход — действия последнего сработавшего', () => {
  fc.assert(
    fc.property(fc.array(ruleArbitrary, { maxLength: 8 }), channelArbitrary, (specs, channel) => {
      const rules = specs.map((spec, index) =>
        rule(
          {
            name: `r${index}`,
            isActive: spec.isActive,
            stopOnMatch: spec.stopOnMatch,
            conditions: [{ type: 'channel', anyOf: spec.channels }],
            actions: { priority: spec.priority },
          },
          index,
        ),
      );
      const result = evaluateRoutingRules(rules, buildInput({ channel }), environment);
      // Expected by a direct reading of the semantics.
      const expected: string[] = [];
      for (const [index, spec] of specs.entries()) {
        if (!spec.isActive || !spec.channels.includes(channel)) continue;
        expected.push(`r${index}`);
        if (spec.stopOnMatch) break;
      }
      assert.deepEqual(
        result.fired.map((item) => item.name),
        expected,
      );
      assert.ok(
        result.fired.slice(0, -1).every((item) => !rules.find((r) => r.id === item.ruleId)?.definition.stopOnMatch),
      );
      const last = specs[Number(expected.at(-1)?.slice(1) ?? -1)];
      assert.equal(result.outcome.priority, last?.priority);
      assert.equal(result.trace.length, rules.length);
    }),
  );
});

test('свойство: отрицание условия меняет его результат на противоположный', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 55.7, max: 55.8, noNaN: true }),
      fc.double({ min: 37.5, max: 37.7, noNaN: true }),
      fc.integer({ min: 1, max: 5000 }),
      (latitude, longitude, meters) => {
        const condition = { type: 'radius' as const, latitude: 55.75, longitude: 37.62, meters };
        const input = buildInput({ latitude, longitude });
        assert.notEqual(fires(condition, input), fires({ ...condition, negate: true }, input));
      },
    ),
  );
});
