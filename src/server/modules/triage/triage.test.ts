import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildSyntheticCases, SYNTHETIC_TOPICS } from './test-support/synthetic-history.js';
import { parseDataset, TriageDatasetError } from './triage-dataset.js';
import { scoreLabel } from './triage-evaluation.js';
import {
  blockOfFeature,
  CHAR_BLOCK,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures,
  FIELD_BLOCK,
  hashCharGrams,
  WORD_BLOCK,
} from './triage-features.js';
import { CaseVectorizer, softmaxWithTemperature, TriagePredictor, topIndices } from './triage-model.js';
import { parseTriageModel, serializeTriageModel, TriageModelError } from './triage-model-json.js';
import { tokenizeText } from './triage-text.js';
import { fitTemperature, trainTriageModel } from './triage-training.js';

const FIELD_KEYS = ['territory', 'channel', 'object'];

function featureIds(text: string, fields: Record<string, string> = {}): number[] {
  const ids: number[] = [];
  extractFeatures({ text, fields }, FIELD_KEYS, DEFAULT_FEATURE_OPTIONS, (hash) => ids.push(hash));
  return ids;
}

describe('токенизация и основы слов', () => {
  test('слова в нижнем регистре, «ё» → «е», основы Snowball, смещения указывают на исходный текст', () => {
    const text = 'Ёлки во ДВОРАХ, подъездах — 2 шт.';
    const tokens = tokenizeText(text);
    assert.deepEqual(
      tokens.map((token) => token.word),
      ['елки', 'во', 'дворах', 'подъездах', '2', 'шт'],
    );
    assert.equal(tokens[2]?.stem, 'двор');
    assert.equal(tokens[3]?.stem, 'подъезд');
    assert.equal(tokens[0]?.stem, tokens[0] && tokenizeText('елки')[0]?.stem);
    for (const token of tokens) {
      assert.equal(text.slice(token.start, token.end).toLowerCase().replaceAll('ё', 'е'), token.word);
    }
  });

  test('служебные слова помечены и не дают признаков слов, но дают символьные n-граммы', () => {
    const tokens = tokenizeText('и в на яма');
    assert.deepEqual(
      tokens.map((token) => token.isStopword),
      [true, true, true, false],
    );
    const blocks = featureIds('и в на').map(blockOfFeature);
    assert.ok(!blocks.includes(WORD_BLOCK));
    assert.ok(blocks.includes(CHAR_BLOCK));
  });

  test('разные формы одного слова дают один признак основы', () => {
    const wordIds = (text: string) => featureIds(text).filter((id) => blockOfFeature(id) === WORD_BLOCK);
    assert.deepEqual(wordIds('скамейка'), wordIds('скамейки'));
    assert.notDeepEqual(wordIds('скамейка'), wordIds('контейнер'));
  });
});

describe('хеширование признаков', () => {
  test('одинаковый текст и поля — одинаковые признаки в любом порядке вызовов', () => {
    const fields = { territory: 'Северный', channel: 'портал' };
    const first = featureIds('Яма на дороге у дома 5', fields);
    featureIds('совсем другой текст про мусор', { territory: 'Южный' });
    assert.deepEqual(featureIds('Яма на дороге у дома 5', fields), first);
    assert.deepEqual(featureIds('  ЯМА на дороге у дома 5 ', { territory: ' северный ', channel: 'Портал' }), first);
  });

  test('символьные 2–5-граммы внутри слова с пробелами по краям', () => {
    // « да », 4 символа: 2-граммы « д», «да», «а »; 3-граммы « да», «да »; 4-грамма « да » — всего 6.
    assert.equal(hashCharGrams('да', DEFAULT_FEATURE_OPTIONS).length, 6);
    assert.equal(new Set(hashCharGrams('да', DEFAULT_FEATURE_OPTIONS)).size, 6);
  });

  test('поля дают признаки своего блока, их пары и смещение; пустое поле — нет признака', () => {
    const withField = featureIds('', { territory: 'Северный', channel: 'портал' }).filter(
      (id) => blockOfFeature(id) === FIELD_BLOCK,
    );
    assert.equal(withField.length, 4); // territory, channel, territory×channel, bias
    const empty = featureIds('', { territory: '  ' }).filter((id) => blockOfFeature(id) === FIELD_BLOCK);
    assert.equal(empty.length, 1);
  });
});

describe('обучение, предсказание, объяснение', () => {
  const cases = buildSyntheticCases(600);
  const model = trainTriageModel(cases.slice(0, 500));
  const predictor = new TriagePredictor(model);

  test('синтетическая история выучена без ошибок (и рубрика, и получатель, зависящий от территории)', () => {
    for (const item of cases.slice(500)) {
      const best = predictor.predictBest(item.input);
      assert.equal(best.category, item.labels.category, item.input.text);
      assert.equal(best.subcategory, item.labels.subcategory, item.input.text);
      assert.equal(best.recipient, item.labels.recipient, `${item.input.text} ${item.input.fields?.territory}`);
    }
  });

  test('топ-3 с уверенностью по убыванию; объяснение называет слова, которые решили', () => {
    const prediction = predictor.predict({ text: 'Опять сломана скамейка', fields: { territory: 'Южный' } });
    const categories = prediction.category ?? [];
    assert.equal(categories.length, 3);
    assert.equal(categories[0]?.value, 'Дворы');
    const confidences = categories.map((suggestion) => suggestion.confidence);
    assert.deepEqual(
      [...confidences].sort((a, b) => b - a),
      confidences,
    );
    assert.ok(Math.abs(confidences.reduce((sum, value) => sum + value, 0) - 1) < 0.01);
    const reasons = categories[0]?.reasons ?? [];
    const words = reasons.map((reason) => reason.text);
    assert.ok(['скамейка', 'сломана'].includes(words[0] ?? ''), words.join(', '));
    const noise = reasons.find((reason) => reason.text === 'опять');
    assert.ok(!noise || noise.weight < (reasons[0]?.weight ?? 0) / 2, 'шумовое слово не должно решать');
    const recipientReasons = (prediction.recipient?.[0]?.reasons ?? []).map((reason) => reason.text);
    assert.equal(prediction.recipient?.[0]?.value, 'Управляющая компания «Южный»');
    assert.ok(
      recipientReasons.some((text) => text.startsWith('territory=южный')),
      recipientReasons.join(', '),
    );
  });

  test('сериализация в JSON и обратно даёт те же предсказания и уверенность', () => {
    const restored = parseTriageModel(serializeTriageModel(model));
    const restoredPredictor = new TriagePredictor(restored);
    for (const item of cases.slice(500, 530)) {
      assert.deepEqual(restoredPredictor.predict(item.input), predictor.predict(item.input));
    }
    assert.equal(restored.vocabulary.size, model.vocabulary.size);
  });

  test('чужой или повреждённый файл модели — понятная ошибка', () => {
    assert.throws(() => parseTriageModel('{"format":"other"}'), TriageModelError);
    const document = JSON.parse(serializeTriageModel(model));
    document.version = 99;
    assert.throws(() => parseTriageModel(document), /Версия формата модели 99/);
    const damaged = JSON.parse(serializeTriageModel(model));
    damaged.labels.category.weights = damaged.labels.category.weights.slice(0, 8);
    assert.throws(() => parseTriageModel(damaged), /повреждена/);
  });

  test('каждая тема синтетики узнаётся по любому своему слову', () => {
    for (const topic of SYNTHETIC_TOPICS) {
      for (const word of topic.words) {
        assert.equal(predictor.predictBest({ text: word }).category, topic.category, word);
      }
    }
  });
});

describe('калибровка уверенности', () => {
  test('уверенность монотонна по баллу класса', () => {
    const scores = Float64Array.from([0.3, -1.2, 2.5, 0.31, 1.0]);
    const probabilities = new Float64Array(scores.length);
    softmaxWithTemperature(scores, 0.4, probabilities);
    const byScore = [...scores.keys()].sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
    for (let index = 1; index < byScore.length; index += 1) {
      assert.ok((probabilities[byScore[index] ?? 0] ?? 0) > (probabilities[byScore[index - 1] ?? 0] ?? 0));
    }
  });

  test('температура растёт, когда баллы чаще ошибаются (уверенность честно падает)', () => {
    const rows = (errorShare: number) => {
      const scoreRows: Float64Array[] = [];
      const targets: number[] = [];
      for (let index = 0; index < 1000; index += 1) {
        scoreRows.push(Float64Array.from([1, 0, 0]));
        targets.push(index < errorShare * 1000 ? 1 + (index % 2) : 0);
      }
      return fitTemperature(scoreRows, targets);
    };
    const reliable = rows(0.05);
    const noisy = rows(0.3);
    assert.ok(reliable < noisy, `${reliable} < ${noisy}`);
    // With 5 % errors the fitted confidence of the top class is close to 0.95.
    const probabilities = new Float64Array(3);
    softmaxWithTemperature(Float64Array.from([1, 0, 0]), reliable, probabilities);
    assert.ok(Math.abs((probabilities[0] ?? 0) - 0.95) < 0.01, String(probabilities[0]));
  });
});

describe('чтение истории и метрики', () => {
  test('spb-jsonl: подрубрика — reason, территория — district, получатель — организация последнего по времени ответа', () => {
    const line = JSON.stringify({
      id: 1,
      text: 'Яма',
      created: '2020-10-18T14:50:40.817676',
      category: 'Дороги',
      reason: 'Ямы',
      district: 'Невский',
      object: 'Улица',
      answers: [
        ['2020-10-25T10:00:00', 'Поздний ответчик', '…'],
        ['2020-10-20T10:00:00', 'Ранний ответчик', '…'],
      ],
    });
    const [parsed] = parseDataset(`${line}\n`, 'spb-jsonl');
    assert.equal(parsed?.labels.subcategory, 'Ямы');
    assert.equal(parsed?.labels.recipient, 'Поздний ответчик');
    assert.equal(parsed?.input.fields?.territory, 'Невский');
  });

  test('плохая строка: ошибка называет номер строки и поле; случаи сортируются по времени', () => {
    const good = (id: number, created: string) => JSON.stringify({ id, text: 'т', created });
    assert.throws(
      () => parseDataset(`${good(1, '2025-01-01T00:00:00Z')}\n{oops\n`, 'history-jsonl'),
      (error: unknown) => error instanceof TriageDatasetError && /^Строка 2: не JSON/.test(error.message),
    );
    assert.throws(
      () =>
        parseDataset(
          `${good(1, '2025-01-01T00:00:00Z')}\n\n${JSON.stringify({ id: 2, text: 5, created: '2025-01-01' })}`,
          'history-jsonl',
        ),
      /Строка 3: поле «text»/,
    );
    assert.throws(
      () => parseDataset(JSON.stringify({ id: 2, text: 'т', created: 'вчера' }), 'history-jsonl'),
      /Строка 1: поле «created»/,
    );
    assert.throws(
      () => parseDataset(JSON.stringify({ id: 2, text: 'т', created: '2025-01-01', category: 3 }), 'history-jsonl'),
      /поле «category»/,
    );
    const sorted = parseDataset(
      `${good(2, '2025-02-01T00:00:00Z')}\n${good(1, '2025-01-01T00:00:00Z')}\n`,
      'history-jsonl',
    );
    assert.deepEqual(
      sorted.map((item) => item.id),
      ['1', '2'],
    );
  });

  test('macro-F1 — среднее F1 по классам из истины и предсказаний, как в scikit-learn', () => {
    const metrics = scoreLabel(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'c'], 5, 1);
    // F1: a = 2·1/(2·1+0+1) = 2/3, b = 2·1/(2·1+1+1) = 1/2, c = 0 → 7/18.
    assert.equal(metrics.accuracy, 0.5);
    assert.equal(metrics.macroF1, Math.round((7 / 18) * 10_000) / 10_000);
    assert.equal(metrics.worstClasses[0]?.value, 'b');
    assert.deepEqual(metrics.worstClasses[0]?.confusedWith, [{ value: 'c', count: 1 }]);
  });
});

describe('выбор лучших классов', () => {
  test('topIndices совпадает с полной сортировкой', () => {
    const values = Float64Array.from([0.1, 0.5, 0.05, 0.9, 0.5, 0.2, 0.7]);
    const sorted = [...values.keys()].sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0));
    assert.deepEqual(
      topIndices(values, 3).map((index) => values[index]),
      sorted.slice(0, 3).map((index) => values[index]),
    );
    assert.deepEqual(topIndices(Float64Array.from([0.2, 0.8]), 3), [1, 0]);
  });
});

describe('векторизация', () => {
  test('кеш n-грамм слова даёт тот же вектор, что и признаки по одному (и после повторов слов)', () => {
    const cases = buildSyntheticCases(200, 3);
    const model = trainTriageModel(cases, { calibrationShare: 0 });
    const vectorizer = new CaseVectorizer(model.vocabulary, model.featureOptions, model.fieldKeys, model.blockWeights);
    for (const item of cases.slice(0, 20)) {
      const counts = new Map<number, number>();
      extractFeatures(item.input, model.fieldKeys, model.featureOptions, (hash) => {
        const index = model.vocabulary.indexOf(hash);
        if (index >= 0) counts.set(index, (counts.get(index) ?? 0) + 1);
      });
      const vector = vectorizer.vectorize(item.input);
      const seen = new Map<number, number>();
      for (let position = 0; position < vector.length; position += 1) {
        seen.set(vector.indices[position] ?? -1, vector.values[position] ?? 0);
      }
      assert.deepEqual([...seen.keys()].sort(), [...counts.keys()].sort());
      let wordNorm = 0;
      for (const [index, value] of seen) {
        if (blockOfFeature(model.vocabulary.hashes[index] ?? 0) === WORD_BLOCK) wordNorm += value * value;
      }
      assert.ok(Math.abs(wordNorm - 1) < 1e-5, String(wordNorm));
    }
  });
});
