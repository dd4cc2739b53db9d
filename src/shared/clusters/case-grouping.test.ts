import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  buildDocumentFrequencies,
  buildTermVector,
  cosineSimilarity,
  DEFAULT_GROUPING_OPTIONS,
  type GroupingCase,
  groupCases,
  normalizeAddress,
} from './case-grouping.js';

const HOUR = 3_600_000;
const start = Date.parse('2025-04-01T08:00:00Z');

function item(id: string, text: string, overrides: Partial<GroupingCase> = {}): GroupingCase {
  return { id, text, latitude: 59.93, longitude: 30.31, address: null, receivedAt: start, ...overrides };
}

const background = [
  'Не работает уличное освещение во дворе',
  'Мусор не вывозят неделю, контейнеры переполнены',
  'Сломана детская площадка, качели без сиденья',
  'Нет горячей воды в доме',
  'Сосульки на крыше над входом в магазин',
].map((text, index) => item(`bg${index}`, text, { latitude: 60 + index, longitude: 31 }));

test('похожие тексты в одном месте и в окне — одна группа; другое место, время или тема — нет', () => {
  const cases = [
    ...background,
    item('a', 'Большая яма на дороге у дома 12, машины бьют колёса'),
    item('b', 'У дома 12 огромная яма на дороге, повредил колесо', { receivedAt: start + 5 * HOUR, latitude: 59.9302 }),
    item('c', 'Яма на дороге возле дома 12 так и не заделана, колёса пробиты', { receivedAt: start + 30 * HOUR }),
    item('far', 'Большая яма на дороге у дома 12, машины бьют колёса', { latitude: 59.94 }),
    item('late', 'Большая яма на дороге у дома 12, машины бьют колёса', { receivedAt: start + 10 * 24 * HOUR }),
    item('other', 'Не работает уличное освещение у дома 12', { receivedAt: start + 2 * HOUR }),
  ];
  const groups = [...groupCases(cases).values()];
  assert.equal(groups.length, 1);
  assert.deepEqual(groups[0]?.sort(), ['a', 'b', 'c']);
});

test('без координат место — тот же адрес (без учёта регистра и знаков)', () => {
  const cases = [
    ...background,
    item('a', 'Протечка крыши в подъезде, вода течёт по стенам', {
      latitude: null,
      longitude: null,
      address: 'ул. Ленина, 5',
    }),
    item('b', 'Крыша протекает, в подъезде по стенам течёт вода', {
      latitude: null,
      longitude: null,
      address: 'УЛ ЛЕНИНА 5',
      receivedAt: start + HOUR,
    }),
    item('c', 'Крыша протекает, в подъезде по стенам течёт вода', {
      latitude: null,
      longitude: null,
      address: 'ул. Ленина, 7',
      receivedAt: start + HOUR,
    }),
  ];
  assert.deepEqual(
    [...groupCases(cases).values()].map((group) => group.sort()),
    [['a', 'b']],
  );
  assert.equal(normalizeAddress(' ул.  Ленина,5 '), 'ул ленина 5');
  assert.equal(normalizeAddress('  , '), null);
});

test('косинус: одинаковые тексты — 1, без общих основ — 0, редкие слова весят больше', () => {
  const frequencies = buildDocumentFrequencies([...background.map((entry) => entry.text), 'яма дорога', 'дорога']);
  const a = buildTermVector('Яма на дороге', frequencies);
  assert.ok(Math.abs(cosineSimilarity(a, buildTermVector('ямы на дорогах', frequencies)) - 1) < 1e-9);
  assert.equal(cosineSimilarity(a, buildTermVector('сосульки на крыше', frequencies)), 0);
  const onlyRoad = cosineSimilarity(a, buildTermVector('дорога', frequencies));
  const onlyPit = cosineSimilarity(a, buildTermVector('яма', frequencies));
  assert.ok(onlyPit > onlyRoad, `«яма» реже «дороги»: ${onlyPit} > ${onlyRoad}`);
});

test('свойство: группы не пересекаются, в каждой не меньше двух, порядок входа не меняет результат', () => {
  const texts = [
    'яма на дороге',
    'ямы на дороге у дома',
    'нет света во дворе',
    'свет не горит во дворе',
    'мусор у подъезда',
  ];
  const arbitraryCase = fc.record({
    text: fc.constantFrom(...texts),
    latitude: fc.constantFrom(59.93, 59.9301, 59.95),
    hours: fc.integer({ min: 0, max: 400 }),
  });
  fc.assert(
    fc.property(fc.array(arbitraryCase, { minLength: 1, maxLength: 30 }), (specs) => {
      const cases = specs.map((spec, index) =>
        item(`c${String(index).padStart(2, '0')}`, spec.text, {
          latitude: spec.latitude,
          receivedAt: start + spec.hours * HOUR,
        }),
      );
      const groups = groupCases(cases, DEFAULT_GROUPING_OPTIONS);
      const seen = new Set<string>();
      for (const members of groups.values()) {
        assert.ok(members.length >= 2, 'в группе не меньше двух');
        for (const member of members) {
          assert.ok(!seen.has(member), 'сообщение только в одной группе');
          seen.add(member);
        }
      }
      const reversed = groupCases([...cases].reverse(), DEFAULT_GROUPING_OPTIONS);
      const canonical = (map: Map<string, string[]>) =>
        [...map.values()].map((group) => [...group].sort().join()).sort();
      assert.deepEqual(canonical(reversed), canonical(groups));
    }),
  );
});
