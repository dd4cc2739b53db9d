/**
 * The classifier as the server runs it (docs/classifier.md, «Модели в базе»): one retraining on the
 * St Petersburg history in the worker thread — how long it takes and how much the main thread's event loop
 * lags meanwhile (what HTTP requests would feel) —, the stored model's size, loading it into the cache, and
 * the latency of one card's suggestions (top 3 per target with the driving words).
 *
 *   npm run bench -- triage-models
 *
 * Needs ../shared/data/spb-appeals-2020-2021.train.jsonl.gz. COMPARE=0 skips the second retraining (the one
 * that also scores the active model on the held-out cases).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readDataset } from '../src/server/modules/triage/triage-dataset.js';
import { decodeModel, splitByTime } from '../src/server/modules/triage/triage-lifecycle.js';
import { TriagePredictor } from '../src/server/modules/triage/triage-model.js';
import { runTrainingInWorker } from '../src/server/modules/triage/triage-training-runner.js';
import { percentile } from './figures.js';

const root = path.resolve(import.meta.dirname, '..');
const dataFile = path.resolve(root, '../shared/data/spb-appeals-2020-2021.train.jsonl.gz');
if (!fs.existsSync(dataFile)) {
  console.error(`Нет файла данных ${dataFile} (../shared/data рядом с проектом).`);
  process.exit(1);
}

const print = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

print(
  `triage-models benchmark — node ${process.version}; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; ` +
    `load average at start: ${loadAverage()}`,
);
const cases = await readDataset(dataFile, 'spb-jsonl');
print(`cases: ${cases.length} (spb-jsonl; the latest 15 % by date are held out)`);

async function retrain(activeModel: Uint8Array | null, title: string) {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const startedAt = performance.now();
  const result = await runTrainingInWorker({ cases, activeModel });
  const seconds = (performance.now() - startedAt) / 1000;
  lag.disable();
  print(
    `${title}: ${seconds.toFixed(1)} s wall (in the worker: ${result.trainSeconds.toFixed(1)} s); trained on ` +
      `${result.trainedOn}, held out ${result.heldOut}; score ${result.score}` +
      (result.compared ? ` vs active ${result.compared.score} → ${result.isBetter ? 'activate' : 'reject'}` : '') +
      `; main-thread event loop delay p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ` +
      `${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`,
  );
  for (const [label, metrics] of Object.entries(result.metrics)) {
    print(`  ${label}: n ${metrics.n}, accuracy ${metrics.accuracy}, macro-F1 ${metrics.macroF1}`);
  }
  return result;
}

const first = await retrain(null, 'retraining (no active model)');
print(`stored model (gzip JSON, bytea): ${(first.model.length / 2 ** 20).toFixed(1)} MiB`);
if (process.env.COMPARE !== '0') await retrain(first.model, 'retraining against the active model');

const loadTimes: number[] = [];
let predictor: TriagePredictor | undefined;
for (let round = 0; round < 3; round += 1) {
  const startedAt = performance.now();
  predictor = new TriagePredictor(decodeModel(first.model));
  loadTimes.push(performance.now() - startedAt);
}
print(
  `loading the active model into the cache (gunzip, parse, predictor): median ${percentile(loadTimes, 0.5).toFixed(0)} ms`,
);

const { heldOut } = splitByTime(cases);
const sample = heldOut.slice(0, 500);
const measure = (explain: boolean) => {
  const times: number[] = [];
  for (const item of sample) {
    const startedAt = performance.now();
    predictor?.predict(item.input, { top: 3, explain, reasonsPerSuggestion: 5 });
    times.push(performance.now() - startedAt);
  }
  return `median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms`;
};
measure(true);
print(`one card's suggestions (top 3 × 3 targets, with words), ${sample.length} held-out cases: ${measure(true)}`);
print(`the same without words (auto-apply at intake needs only top 1 + words of 1): ${measure(false)}`);
print(`load average at end: ${loadAverage()}`);
