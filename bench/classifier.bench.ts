/**
 * Classifier benchmark (issue 7): our TypeScript classifier against the reference scikit-learn TF-IDF
 * (word 1–2-grams + char_wb 2–5-grams, sublinear tf) + LinearSVC, on the same time split of the
 * St Petersburg file, in the same run.
 *
 * Split: cases sorted by `created`; the earliest 82 % train, the latest 18 % test (TEST_SHARE to change).
 * Labels: category; subcategory = `reason`; recipient = organisation of the latest answer (cases without an
 * answer are left out of the recipient's training and scoring). Our model also reads the structured fields
 * district (as territory) and object; the reference reads the text only, as the issue defines it.
 * Figures: accuracy and macro-F1 per label (scikit-learn's definition for both), training time (wall and
 * CPU of this process), prediction rate on one thread (top-3 with calibrated confidence, no explanations:
 * median of ROUNDS passes over the test cases after one warm-up pass), peak memory, and the confusions of the worst classes.
 * The reference runs in Debian's Python (/usr/bin/python3 with python3-sklearn; REFERENCE_PYTHON to change;
 * REFERENCE=0 skips it).
 * Run: npm run bench -- classifier
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type DatasetCase, readDataset } from '../src/server/modules/triage/triage-dataset.js';
import { evaluateModel } from '../src/server/modules/triage/triage-evaluation.js';
import { TRIAGE_LABELS, type TriageLabel, TriagePredictor } from '../src/server/modules/triage/triage-model.js';
import { parseTriageModel, serializeTriageModel } from '../src/server/modules/triage/triage-model-json.js';
import { trainTriageModel } from '../src/server/modules/triage/triage-training.js';
import { median } from './figures.js';

const root = path.resolve(import.meta.dirname, '..');
const dataFile = path.resolve(root, '../shared/data/spb-appeals-2020-2021.train.jsonl.gz');
const testShare = Number(process.env.TEST_SHARE ?? 0.18);
const rounds = Number(process.env.ROUNDS ?? 5);
const python = process.env.REFERENCE_PYTHON ?? '/usr/bin/python3';
const TARGETS = {
  categoryAccuracy: 0.94,
  categoryMacroF1: 0.82,
  subcategoryAccuracy: 0.72,
  recipientAccuracy: 0.69,
  predictPerSecond: 5_000,
  trainSeconds: 60,
};

type ReferenceResult = {
  n: number;
  features: number;
  trainCpuSeconds: number;
  trainWallSeconds: number;
  predictPerSecond: number;
  peakRssMB: number;
} & Partial<Record<TriageLabel, { n: number; accuracy: number; macroF1: number }>>;

function toHistoryLine(item: DatasetCase): string {
  return JSON.stringify({
    id: item.id,
    text: item.input.text,
    created: new Date(item.created).toISOString(),
    territory: item.input.fields?.territory ?? null,
    object: item.input.fields?.object ?? null,
    category: item.labels.category ?? null,
    subcategory: item.labels.subcategory ?? null,
    recipient: item.labels.recipient ?? null,
  });
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

if (!fs.existsSync(dataFile)) {
  console.error(`Нет файла данных ${dataFile} (../shared/data рядом с проектом).`);
  process.exit(1);
}

const lines: string[] = [];
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
lines.push(
  `classifier benchmark — node ${process.version}; ${os.cpus().length} × ${cpu}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
);
lines.push(
  `load average at start: ${loadAverage()} (shared machine: wall times grow with the load; CPU times less so)`,
);

const cases = await readDataset(dataFile, 'spb-jsonl');
const cut = Math.floor(cases.length * (1 - testShare));
const train = cases.slice(0, cut);
const test = cases.slice(cut);
lines.push(
  `data: ${cases.length} cases; train ${train.length} (${new Date(train[0]?.created ?? 0).toISOString().slice(0, 10)} … ` +
    `${new Date(train.at(-1)?.created ?? 0).toISOString().slice(0, 10)}), test ${test.length} latest ` +
    `(${new Date(test[0]?.created ?? 0).toISOString().slice(0, 10)} … ${new Date(test.at(-1)?.created ?? 0).toISOString().slice(0, 10)})`,
);

// Ours: training.
const trainCpuStart = process.cpuUsage();
const trainStart = performance.now();
const trained = trainTriageModel(train);
const trainWall = (performance.now() - trainStart) / 1000;
const trainCpuUsage = process.cpuUsage(trainCpuStart);
const trainCpu = (trainCpuUsage.user + trainCpuUsage.system) / 1e6;
const json = serializeTriageModel(trained);
const model = parseTriageModel(json);
const evaluation = evaluateModel(model, test);

// Ours: prediction rate on one thread.
const predictor = new TriagePredictor(model);
for (const item of test) predictor.predict(item.input, { top: 3, explain: false }); // warm-up (JIT, word caches)
const rates: number[] = [];
const cpuRates: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const started = performance.now();
  const startedCpu = process.cpuUsage();
  for (const item of test) predictor.predict(item.input, { top: 3, explain: false });
  const usage = process.cpuUsage(startedCpu);
  rates.push(test.length / ((performance.now() - started) / 1000));
  cpuRates.push(test.length / ((usage.user + usage.system) / 1e6));
}
const medianCpuRate = median(cpuRates);
const medianRate = median(rates);
const explainStart = performance.now();
const explainCount = Math.min(1000, test.length);
for (const item of test.slice(0, explainCount)) predictor.predict(item.input, { top: 3, explain: true });
const explainRate = explainCount / ((performance.now() - explainStart) / 1000);
const peakRss = process.resourceUsage().maxRSS / 1024;

// Reference: scikit-learn in its own process, on the same split.
function runReference(): ReferenceResult | string {
  if (process.env.REFERENCE === '0') return 'reference skipped (REFERENCE=0)';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-classifier-bench-'));
  try {
    const trainFile = path.join(directory, 'train.jsonl');
    const testFile = path.join(directory, 'test.jsonl');
    fs.writeFileSync(trainFile, `${train.map(toHistoryLine).join('\n')}\n`);
    fs.writeFileSync(testFile, `${test.map(toHistoryLine).join('\n')}\n`);
    const result = spawnSync(python, [path.join(root, 'bench/reference/sklearn_reference.py'), trainFile, testFile], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (result.status !== 0) {
      return `reference failed (${python}): ${(result.stderr || String(result.error)).trim().split('\n').at(-1)}`;
    }
    return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as ReferenceResult;
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
const referenceOutcome = runReference();
const reference = typeof referenceOutcome === 'string' ? null : referenceOutcome;
const referenceNote = typeof referenceOutcome === 'string' ? referenceOutcome : '';

const format = (value: number | undefined) => (value === undefined ? '   —  ' : value.toFixed(4));
lines.push('');
lines.push(`label         n      ours acc  ref acc   ours mF1  ref mF1   classes`);
for (const label of TRIAGE_LABELS) {
  const ours = evaluation.labels[label];
  const theirs = reference?.[label];
  lines.push(
    `${label.padEnd(12)} ${String(ours?.n ?? 0).padStart(5)}   ${format(ours?.accuracy)}    ${format(theirs?.accuracy)}    ` +
      `${format(ours?.macroF1)}    ${format(theirs?.macroF1)}    ${model.labels[label]?.classes.length ?? 0}`,
  );
}
lines.push('');
lines.push(
  `training on ${train.length} cases — ours: ${trainWall.toFixed(1)} s wall, ${trainCpu.toFixed(1)} s CPU, one thread; ` +
    (reference
      ? `reference: ${reference.trainWallSeconds.toFixed(1)} s wall, ${reference.trainCpuSeconds.toFixed(1)} s CPU`
      : referenceNote),
);
lines.push(
  `prediction, one thread — ours: ${Math.round(medianRate).toLocaleString('en-US')} cases/s (median of ${rounds} passes over ${test.length}; ` +
    `min ${Math.round(rates[0] ?? 0).toLocaleString('en-US')}, max ${Math.round(rates.at(-1) ?? 0).toLocaleString('en-US')}; ` +
    `per CPU second ${Math.round(medianCpuRate).toLocaleString('en-US')}); ` +
    `with explanations ${Math.round(explainRate).toLocaleString('en-US')} cases/s` +
    (reference ? `; reference: ${reference.predictPerSecond.toLocaleString('en-US')} cases/s (batch, CPU time)` : ''),
);
lines.push(
  `memory — ours: peak RSS ${peakRss.toFixed(0)} MB (data, training, evaluation in one process), model JSON ${(json.length / 2 ** 20).toFixed(1)} MiB, ` +
    `${model.vocabulary.size.toLocaleString('en-US')} features` +
    (reference
      ? `; reference: peak RSS ${reference.peakRssMB} MB, ${reference.features.toLocaleString('en-US')} features`
      : ''),
);

const checks: [string, boolean][] = [];
const category = evaluation.labels.category;
const subcategory = evaluation.labels.subcategory;
const recipient = evaluation.labels.recipient;
checks.push([`category accuracy ≥ ${TARGETS.categoryAccuracy}`, (category?.accuracy ?? 0) >= TARGETS.categoryAccuracy]);
checks.push([`category macro-F1 ≥ ${TARGETS.categoryMacroF1}`, (category?.macroF1 ?? 0) >= TARGETS.categoryMacroF1]);
checks.push([
  `subcategory accuracy ≥ ${TARGETS.subcategoryAccuracy}`,
  (subcategory?.accuracy ?? 0) >= TARGETS.subcategoryAccuracy,
]);
checks.push([
  `recipient accuracy ≥ ${TARGETS.recipientAccuracy}`,
  (recipient?.accuracy ?? 0) >= TARGETS.recipientAccuracy,
]);
if (reference) {
  for (const label of TRIAGE_LABELS) {
    const ours = evaluation.labels[label];
    const theirs = reference[label];
    if (!ours || !theirs) continue;
    checks.push([`${label}: accuracy ≥ reference`, ours.accuracy >= theirs.accuracy]);
    checks.push([`${label}: macro-F1 ≥ reference`, ours.macroF1 >= theirs.macroF1]);
  }
}
checks.push([
  `prediction ≥ ${TARGETS.predictPerSecond.toLocaleString('en-US')} cases/s (wall)`,
  medianRate >= TARGETS.predictPerSecond,
]);
checks.push([
  `prediction ≥ ${TARGETS.predictPerSecond.toLocaleString('en-US')} cases per CPU second`,
  medianCpuRate >= TARGETS.predictPerSecond,
]);
checks.push([`training ≤ ${TARGETS.trainSeconds} s (wall)`, trainWall <= TARGETS.trainSeconds]);
checks.push([`training ≤ ${TARGETS.trainSeconds} s (CPU)`, trainCpu <= TARGETS.trainSeconds]);
lines.push('');
lines.push(`targets: ${checks.map(([name, ok]) => `${name} ${ok ? 'OK' : 'MISSED'}`).join('; ')}`);

lines.push('');
lines.push('worst classes (ours; F1 among classes with ≥ 20 test cases) and what they were taken for:');
for (const label of TRIAGE_LABELS) {
  for (const worst of evaluation.labels[label]?.worstClasses.slice(0, 3) ?? []) {
    lines.push(
      `  ${label}: «${worst.value}» (n=${worst.support}, F1 ${worst.f1.toFixed(3)}) → ` +
        worst.confusedWith.map((other) => `«${other.value}» ×${other.count}`).join(', '),
    );
  }
}
lines.push(`load average at end: ${loadAverage()}`);
process.stdout.write(`${lines.join('\n')}\n`);
