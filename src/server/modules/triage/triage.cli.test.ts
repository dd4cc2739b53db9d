import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { runOtklik } from '../../test-support/cli-process.js';
import { buildSyntheticCases, toHistoryJsonl } from './test-support/synthetic-history.js';

// `otklik model train|eval` in their own processes on a generated history-jsonl file (not the shared data).

function lastJsonLine(stdout: string): Record<string, unknown> {
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as Record<string, unknown>;
}

describe('otklik model train/eval (отдельные процессы, без базы данных)', () => {
  let directory = '';
  let trainFile = '';
  let testFile = '';
  let modelFile = '';

  before(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-model-cli-'));
    const cases = buildSyntheticCases(700, 11);
    trainFile = path.join(directory, 'history.jsonl.gz');
    testFile = path.join(directory, 'recent.jsonl');
    modelFile = path.join(directory, 'model.json');
    fs.writeFileSync(trainFile, zlib.gzipSync(toHistoryJsonl(cases.slice(0, 600))));
    fs.writeFileSync(testFile, toHistoryJsonl(cases.slice(600)));
  });

  after(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  test('train читает .gz и пишет модель; eval печатает последней строкой JSON с метриками', async () => {
    const trained = await runOtklik(
      ['model', 'train', '--input', trainFile, '--format', 'history-jsonl', '--out', modelFile],
      {},
    );
    assert.equal(trained.code, 0, trained.stderr);
    const summary = lastJsonLine(trained.stdout);
    assert.equal(summary.cases, 600);
    assert.ok(fs.statSync(modelFile).size > 1000);
    assert.equal(JSON.parse(fs.readFileSync(modelFile, 'utf8')).format, 'otklik-triage-model');

    const evaluated = await runOtklik(
      ['model', 'eval', '--model', modelFile, '--input', testFile, '--format', 'history-jsonl'],
      {},
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    const result = lastJsonLine(evaluated.stdout);
    assert.deepEqual(Object.keys(result), ['n', 'category', 'subcategory', 'recipient', 'predictPerSecond']);
    assert.equal(result.n, 100);
    for (const label of ['category', 'subcategory', 'recipient']) {
      const metrics = result[label] as { accuracy: number; macroF1: number };
      assert.equal(metrics.accuracy, 1, label);
      assert.equal(metrics.macroF1, 1, label);
    }
    assert.ok((result.predictPerSecond as number) > 0);
  });

  test('метка, которой нет во входном файле, в ответе eval опущена', async () => {
    const withoutRecipient = path.join(directory, 'no-recipient.jsonl');
    const lines = fs
      .readFileSync(testFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const { recipient: _dropped, ...rest } = JSON.parse(line) as Record<string, unknown>;
        return JSON.stringify(rest);
      });
    fs.writeFileSync(withoutRecipient, `${lines.join('\n')}\n`);
    const evaluated = await runOtklik(
      ['model', 'eval', '--model', modelFile, '--input', withoutRecipient, '--format', 'history-jsonl'],
      {},
    );
    assert.equal(evaluated.code, 0, evaluated.stderr);
    assert.deepEqual(Object.keys(lastJsonLine(evaluated.stdout)), ['n', 'category', 'subcategory', 'predictPerSecond']);
  });

  test('плохая строка: сообщение по-русски с номером строки, код выхода 1, модель не пишется', async () => {
    const badFile = path.join(directory, 'bad.jsonl');
    const good = JSON.stringify({ id: 1, text: 'Яма на дороге', created: '2025-01-01T10:00:00Z', category: 'Дороги' });
    fs.writeFileSync(badFile, `${good}\n${good}\n{"id": 3, "text": "обрыв\n`);
    const badModel = path.join(directory, 'bad-model.json');
    const result = await runOtklik(
      ['model', 'train', '--input', badFile, '--format', 'history-jsonl', '--out', badModel],
      {},
    );
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^Ошибка: Строка 3: /m);
    assert.equal(fs.existsSync(badModel), false);

    const missingCreated = path.join(directory, 'missing-created.jsonl');
    fs.writeFileSync(missingCreated, `${good}\n${JSON.stringify({ id: 2, text: 'без даты' })}\n`);
    const second = await runOtklik(
      ['model', 'eval', '--model', modelFile, '--input', missingCreated, '--format', 'history-jsonl'],
      {},
    );
    assert.equal(second.code, 1);
    assert.match(second.stderr, /Строка 2: поле «created» обязательно/);
  });

  test('неизвестный формат, нет файла, не модель — понятные ошибки', async () => {
    const wrongFormat = await runOtklik(
      ['model', 'train', '--input', testFile, '--format', 'csv', '--out', modelFile],
      {},
    );
    assert.equal(wrongFormat.code, 1);
    assert.match(wrongFormat.stderr, /неизвестный формат «csv»; есть spb-jsonl, history-jsonl/);
    const missing = await runOtklik(
      ['model', 'eval', '--model', path.join(directory, 'nope.json'), '--input', testFile, '--format', 'spb-jsonl'],
      {},
    );
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /не найден/);
    const notModel = await runOtklik(
      ['model', 'eval', '--model', testFile, '--input', testFile, '--format', 'history-jsonl'],
      {},
    );
    assert.equal(notModel.code, 1);
    assert.match(notModel.stderr, /Файл модели — не JSON|не модель классификатора/);
  });
});
