import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSyntheticCases, SYNTHETIC_TOPICS } from './test-support/synthetic-history.js';
import { decodeModel, encodeModel, runTrainingRun, scoreMetrics, splitByTime } from './triage-lifecycle.js';
import { TriagePredictor } from './triage-model.js';
import { runTrainingInWorker } from './triage-training-runner.js';

test('разбиение по времени: последние 15 % по дате — проверочные, хотя бы один, в обучение не входят', () => {
  const cases = buildSyntheticCases(100).reverse();
  const { training, heldOut } = splitByTime(cases);
  assert.equal(heldOut.length, 15);
  assert.equal(training.length, 85);
  const latestTraining = Math.max(...training.map((item) => item.created));
  assert.ok(heldOut.every((item) => item.created > latestTraining));
  assert.equal(splitByTime(buildSyntheticCases(2)).heldOut.length, 1);
});

test('оценка — средняя точность по меткам проверочных сообщений; отсутствующая метка даёт 0', () => {
  const metrics = {
    category: { n: 10, accuracy: 0.9, macroF1: 0.8 },
    recipient: { n: 10, accuracy: 0.5, macroF1: 0.4 },
  };
  assert.equal(scoreMetrics(metrics, ['category', 'recipient']), 0.7);
  assert.equal(scoreMetrics(metrics, ['category', 'subcategory', 'recipient']), 0.4667);
  assert.equal(scoreMetrics(metrics, []), 0);
});

test('новая модель заменяет активную только с лучшей оценкой: перепутанная история проигрывает верной', () => {
  const clean = buildSyntheticCases(400, 3);
  const good = runTrainingRun({ cases: clean, activeModel: null });
  assert.equal(good.isBetter, true, 'первая модель принимается');
  assert.equal(good.compared, null);
  assert.ok(good.score > 0.9, `оценка ${good.score}`);
  // The earlier 70 % with rotated categories: the candidate learns a wrong mapping.
  const corrupted = clean.map((item, index) => {
    if (index >= 280) return item;
    const topic = SYNTHETIC_TOPICS.findIndex((candidate) => candidate.category === item.labels.category);
    const wrong = SYNTHETIC_TOPICS[(topic + 1) % SYNTHETIC_TOPICS.length];
    return { ...item, labels: { ...item.labels, category: wrong?.category, subcategory: wrong?.subcategory } };
  });
  const worse = runTrainingRun({ cases: corrupted, activeModel: good.model });
  assert.equal(worse.isBetter, false);
  assert.ok(worse.compared && worse.score < worse.compared.score, JSON.stringify([worse.score, worse.compared]));
  const same = runTrainingRun({ cases: clean, activeModel: good.model });
  assert.equal(same.isBetter, false, 'равная оценка — не лучше');
  const restored = decodeModel(encodeModel(decodeModel(good.model)));
  const prediction = new TriagePredictor(restored).predict({ text: 'Глубокая яма на дороге, асфальт', fields: {} });
  assert.equal(prediction.category?.[0]?.value, 'Дороги');
});

test('обучение в рабочем потоке: модель, оценки и разбиение; нечитаемая активная модель проигрывает любой новой', async () => {
  const cases = buildSyntheticCases(200, 5);
  const result = await runTrainingInWorker({ cases, activeModel: null });
  assert.equal(result.isBetter, true);
  assert.ok(result.model instanceof Uint8Array && result.model.length > 100);
  assert.equal(result.trainedOn + result.heldOut, 200);
  // An unreadable active model (an older format) is not an error: it loses to any candidate.
  const overUnreadable = await runTrainingInWorker({
    cases: buildSyntheticCases(40, 1),
    activeModel: new Uint8Array([1, 2, 3]),
  });
  assert.equal(overUnreadable.compared, null);
  assert.equal(overUnreadable.isBetter, true);
});
