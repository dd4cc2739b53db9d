/**
 * Quality of the grouping of mass problems (src/shared/clusters) on the St Petersburg portal file
 * (../shared/data/spb-appeals-2020-2021.train.jsonl.gz, 47,911 messages; read in place, never copied).
 * Proxy truth: two messages describe the same problem when they are within TRUTH_METERS (50 m) of each other,
 * have the same `reason` (the portal's subcategory, which the grouping never sees) and were created at most
 * TRUTH_DAYS (7) apart. The grouping sees only text, coordinates and time, exactly as in the product: each
 * message joins the group of its most similar earlier message (TF-IDF cosine of stems ≥ threshold) within the
 * radius and the window. Pairwise precision = predicted pairs that are true / predicted pairs; recall = true
 * pairs predicted / true pairs. No database is needed.
 * Run: npm run bench -- clusters   (RUNS=3 TRUTH_METERS=50 TRUTH_DAYS=7 to change the defaults)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  buildDocumentFrequencies,
  DEFAULT_GROUPING_OPTIONS,
  type GroupingOptions,
  groupPreparedCases,
  type PreparedCase,
  prepareCase,
} from '../src/shared/clusters/index.js';
import { distanceMeters } from '../src/shared/geo.js';

const runs = Number(process.env.RUNS ?? 3);
const print = (line: string) => process.stdout.write(`${line}\n`);
const truthMeters = Number(process.env.TRUTH_METERS ?? 50);
const truthDays = Number(process.env.TRUTH_DAYS ?? 7);
const file = path.resolve(import.meta.dirname, '../../shared/data/spb-appeals-2020-2021.train.jsonl.gz');
if (!fs.existsSync(file)) {
  console.error(`Нет файла ${file}: бенчмарк читает данные из ../shared/data рядом с проектом.`);
  process.exit(1);
}

type Message = { id: string; text: string; reason: string; latitude: number; longitude: number; receivedAt: number };
const messages: Message[] = [];
let skipped = 0;
for (const line of zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n')) {
  if (line.trim() === '') continue;
  const record = JSON.parse(line) as {
    id: number;
    text?: string;
    reason?: string;
    lat?: number;
    lon?: number;
    created?: string;
  };
  const receivedAt = record.created ? Date.parse(`${record.created.slice(0, 19)}Z`) : Number.NaN;
  if (
    !record.text ||
    !record.reason ||
    typeof record.lat !== 'number' ||
    typeof record.lon !== 'number' ||
    Number.isNaN(receivedAt)
  ) {
    skipped += 1;
    continue;
  }
  messages.push({
    id: String(record.id),
    text: record.text,
    reason: record.reason,
    latitude: record.lat,
    longitude: record.lon,
    receivedAt,
  });
}

const DAY_MS = 86_400_000;
const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

/** True pairs, found through a grid of cells of the truth radius. */
function buildTruth(): Set<string> {
  const cell = truthMeters / 111_000;
  const grid = new Map<string, Message[]>();
  const keyOf = (latitude: number, longitude: number, dy = 0, dx = 0) =>
    `${Math.floor(latitude / cell) + dy}:${Math.floor(longitude / (cell / Math.cos((latitude * Math.PI) / 180))) + dx}`;
  for (const message of messages) {
    const key = keyOf(message.latitude, message.longitude);
    const list = grid.get(key);
    if (list) list.push(message);
    else grid.set(key, [message]);
  }
  const pairs = new Set<string>();
  for (const message of messages) {
    for (let dy = -1; dy <= 1; dy += 1) {
      for (let dx = -1; dx <= 1; dx += 1) {
        for (const other of grid.get(keyOf(message.latitude, message.longitude, dy, dx)) ?? []) {
          if (other.id <= message.id || other.reason !== message.reason) continue;
          if (Math.abs(other.receivedAt - message.receivedAt) > truthDays * DAY_MS) continue;
          if (distanceMeters(message, other) > truthMeters) continue;
          pairs.add(pairKey(message.id, other.id));
        }
      }
    }
  }
  return pairs;
}

function measure(prepared: PreparedCase[], truth: Set<string>, options: GroupingOptions) {
  const timings: number[] = [];
  let groups = new Map<string, string[]>();
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    groups = groupPreparedCases(prepared, options);
    timings.push(performance.now() - started);
  }
  let predicted = 0;
  let correct = 0;
  let grouped = 0;
  for (const members of groups.values()) {
    grouped += members.length;
    for (let i = 0; i < members.length; i += 1) {
      for (let j = i + 1; j < members.length; j += 1) {
        predicted += 1;
        if (truth.has(pairKey(members[i] ?? '', members[j] ?? ''))) correct += 1;
      }
    }
  }
  const precision = predicted === 0 ? 0 : correct / predicted;
  const recall = truth.size === 0 ? 0 : correct / truth.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  timings.sort((a, b) => a - b);
  return {
    groups: groups.size,
    grouped,
    predicted,
    correct,
    precision,
    recall,
    f1,
    minMs: timings[0] ?? 0,
    medianMs: timings[Math.floor(timings.length / 2)] ?? 0,
  };
}

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
print(
  `clusters benchmark — node ${process.version}; ${os.cpus().length} × ${cpu}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; one thread; shared noisy machine (timings are indicative)`,
);
print(
  `data: ${messages.length} messages with text, reason and coordinates (${skipped} skipped) from ${path.basename(file)}`,
);
const truthStarted = performance.now();
const truth = buildTruth();
print(
  `proxy truth: same reason, ≤ ${truthMeters} m, ≤ ${truthDays} days apart → ${truth.size} true pairs (${((performance.now() - truthStarted) / 1000).toFixed(1)} s)`,
);
const prepareStarted = performance.now();
const frequencies = buildDocumentFrequencies(messages.map((message) => message.text));
const prepared = messages.map((message) => prepareCase({ ...message, address: null }, frequencies));
print(`stems and TF-IDF vectors of all messages: ${((performance.now() - prepareStarted) / 1000).toFixed(1)} s`);

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;
const rows: Array<[string, GroupingOptions]> = [
  ['place + time only (no text)', { ...DEFAULT_GROUPING_OPTIONS, minSimilarity: 0 }],
  ...[0.1, 0.2, 0.3, 0.4, 0.5, 0.6].map((minSimilarity): [string, GroupingOptions] => [
    `text ≥ ${minSimilarity}`,
    { ...DEFAULT_GROUPING_OPTIONS, minSimilarity },
  ]),
  ...[100, 150].map((radiusMeters): [string, GroupingOptions] => [
    `radius ${radiusMeters} m`,
    { ...DEFAULT_GROUPING_OPTIONS, radiusMeters },
  ]),
  ['window 3 days', { ...DEFAULT_GROUPING_OPTIONS, windowDays: 3 }],
];
print(
  `runs per row: ${runs}; defaults: radius ${DEFAULT_GROUPING_OPTIONS.radiusMeters} m, window ${DEFAULT_GROUPING_OPTIONS.windowDays} days, text ≥ ${DEFAULT_GROUPING_OPTIONS.minSimilarity}`,
);
print(
  'options                        | groups | in groups | pairs   | precision | recall  | F1      | min ms | median ms',
);
for (const [label, options] of rows) {
  const result = measure(prepared, truth, options);
  const isDefault = JSON.stringify(options) === JSON.stringify(DEFAULT_GROUPING_OPTIONS);
  print(
    `${`${label} (r ${options.radiusMeters} m, ${options.windowDays} d)${isDefault ? ' *' : ''}`.padEnd(31)}| ${String(result.groups).padStart(6)} | ${String(result.grouped).padStart(9)} | ${String(result.predicted).padStart(7)} | ${percent(result.precision).padStart(9)} | ${percent(result.recall).padStart(7)} | ${percent(result.f1).padStart(7)} | ${result.minMs.toFixed(0).padStart(6)} | ${result.medianMs.toFixed(0).padStart(9)}`,
  );
}
print('* the product default');
