import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeBaseline, isSignificantGrowth, poissonUpperTail } from './growth-test.js';
import { detectOtpiska } from './otpiska.js';
import { isoWeekOf, kpiDueDate, parseIsoWeek, parseQuarter, previousPeriod } from './periods.js';
import { combineScores, computeComponentScores, DEFAULT_RATING_SETTINGS } from './rating-score.js';

describe('периоды', () => {
  test('ISO-недели и кварталы', () => {
    assert.deepEqual(parseIsoWeek('2021-W12'), { from: '2021-03-22', to: '2021-03-28' });
    assert.deepEqual(parseIsoWeek('2021-W01'), { from: '2021-01-04', to: '2021-01-10' });
    assert.deepEqual(parseIsoWeek('2020-W53'), { from: '2020-12-28', to: '2021-01-03' });
    assert.equal(parseIsoWeek('2021-W53'), undefined);
    assert.equal(isoWeekOf('2021-01-03'), '2020-W53');
    assert.deepEqual(parseQuarter('2021-Q1'), { from: '2021-01-01', to: '2021-03-31' });
    assert.equal(kpiDueDate('2021-Q4'), '2022-01-05');
    assert.deepEqual(previousPeriod({ from: '2021-03-22', to: '2021-03-28' }), {
      from: '2021-03-15',
      to: '2021-03-21',
    });
  });
});

describe('«отписки»', () => {
  test('шаблонный ответ без действия, даты и вложений — отписка, с причинами', () => {
    const verdict = detectOtpiska('Ваше обращение рассмотрено, информация принята к сведению.', 0);
    assert.equal(verdict.isOtpiska, true);
    assert.ok(verdict.reasons.some((reason) => reason.includes('принята к сведению')));
    assert.ok(verdict.reasons.some((reason) => reason.includes('нет даты')));
  });
  test('выполненное действие, дата или вложение — не отписка', () => {
    assert.equal(detectOtpiska('Яма заделана бригадой подрядчика.', 0).isOtpiska, false);
    assert.equal(detectOtpiska('Работы будут проведены до 15 мая 2021 года.', 0).isOtpiska, false);
    assert.equal(detectOtpiska('Направляем фотографии.', 2).isOtpiska, false);
  });
  test('будущее без срока — отписка', () => {
    const verdict = detectOtpiska('Ремонт будет выполнен по мере финансирования.', 0);
    assert.equal(verdict.isOtpiska, true);
  });
});

describe('рост и рейтинг', () => {
  test('хвост Пуассона и порог значимости', () => {
    assert.ok(Math.abs(poissonUpperTail(1, 1) - (1 - Math.exp(-1))) < 1e-12);
    assert.equal(poissonUpperTail(0, 3), 1);
    assert.equal(computeBaseline([2, 4], 10, 0.5), 10);
    assert.equal(isSignificantGrowth(20, 3, 10).isSignificant, true);
    assert.equal(isSignificantGrowth(4, 0.5, 1).isSignificant, false, 'меньше минимального числа');
    assert.equal(isSignificantGrowth(6, 5, 1).isSignificant, false);
  });
  test('балл — взвешенное среднее имеющихся составляющих', () => {
    const scores = computeComponentScores(
      {
        cases: 4,
        answered: 4,
        onTime: 3,
        decided: 4,
        medianAnswerHours: 32,
        returns: 1,
        reopens: 0,
        otpiska: 1,
        rated: 0,
        ratingSum: 0,
        ratedHigh: 0,
      },
      DEFAULT_RATING_SETTINGS,
    );
    assert.deepEqual(scores, { timeliness: 75, speed: 50, completeness: 75, quality: 75, satisfaction: null });
    const { timeliness, speed, completeness, quality } = DEFAULT_RATING_SETTINGS.weights;
    const expected =
      (75 * timeliness + 50 * speed + 75 * completeness + 75 * quality) / (timeliness + speed + completeness + quality);
    assert.equal(combineScores(scores, DEFAULT_RATING_SETTINGS), Math.round(expected * 10) / 10);
  });
});
