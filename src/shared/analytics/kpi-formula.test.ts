import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateKpiFormula, type KpiMeasureValues, parseKpiFormula } from './kpi-formula.js';

const values: KpiMeasureValues = {
  received: 10,
  answered: 8,
  answered_on_time: 6,
  late: 2,
  rated: 3,
  rated_high: 1,
  rating_sum: 10,
  resolved: 4,
  explained: 0,
  otpiska: 1,
  returned: 0,
  returns: 0,
  reopens: 0,
  first_reaction_median_hours: 0.5,
  answer_median_hours: null,
  answer_median_working_days: null,
};

function evaluate(formula: string): number | null {
  const parsed = parseKpiFormula(formula);
  assert.ok(parsed.isValid, parsed.isValid ? '' : parsed.error);
  return evaluateKpiFormula(parsed.tree, values);
}

describe('формулы КПЭ', () => {
  test('арифметика с приоритетом, скобками и русскими знаками', () => {
    assert.equal(evaluate('answered_on_time / (answered_on_time + late) * 100'), 75);
    assert.equal(evaluate('rated_high / rated × 100'), 33.33);
    assert.equal(evaluate('rating_sum : rated'), 3.33);
    assert.equal(evaluate('100 - otpiska / answered * 100'), 87.5);
    assert.equal(evaluate('-late + 2,5 * 2'), 3);
  });

  test('деление на ноль и мера без данных — «нет данных», а не бесконечность', () => {
    assert.equal(evaluate('resolved / explained'), null);
    assert.equal(evaluate('answer_median_hours / 9'), null);
  });

  test('ошибки называют, что не так', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /пуста/],
      ['answered / unknown_measure', /неизвестная мера «unknown_measure»/],
      ['(answered + late', /не закрыта скобка/],
      ['answered +', /оборвалась/],
      ['answered late', /неожиданное «late»/],
      ['answered; drop table', /недопустимый символ «;»/],
      ['100 * 2', /нет ни одной меры/],
      [`${'('.repeat(40)}answered${')'.repeat(40)}`, /вложенность/],
    ];
    for (const [formula, pattern] of cases) {
      const parsed = parseKpiFormula(formula);
      assert.equal(parsed.isValid, false, formula);
      if (!parsed.isValid) assert.match(parsed.error, pattern, formula);
    }
  });
});
