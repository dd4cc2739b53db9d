/**
 * Deadline arithmetic benchmark (src/shared/working-time): computeDeadline calls per second on one core.
 * Starts are random instants (to the millisecond) over 2018-01-01 … 2026-12-31 from a fixed-seed generator,
 * durations random in each case; the schedule, calendar and zone objects are the ones a service would pass.
 * Each case: warm-up (JIT, timelines built) for WARMUP_MS, then ROUNDS rounds of ROUND_MS; the median round
 * is reported. Target from the working-time issue: ≥ 1,000,000 deadlines/s for working-hour durations.
 * Run: npm run bench -- working-time   (ROUNDS=7 ROUND_MS=1000 WARMUP_MS=1000 to change the defaults)
 */
import os from 'node:os';
import {
  computeDeadline,
  computeElapsedWorkingMinutes,
  DAILY_UNTIL_18_SCHEDULE,
  MCU_SCHEDULE,
  ROUND_THE_CLOCK_SCHEDULE,
  RUSSIAN_PRODUCTION_CALENDAR,
  type WorkingDuration,
  type WorkSchedule,
} from '../src/shared/working-time/index.js';
import { median as medianOf } from './figures.js';

const rounds = Number(process.env.ROUNDS ?? 5);
const roundMs = Number(process.env.ROUND_MS ?? 1000);
const warmupMs = Number(process.env.WARMUP_MS ?? 1000);
const TARGET = 1_000_000;
const SAMPLE_SIZE = 1 << 16;
const MASK = SAMPLE_SIZE - 1;
const BATCH = 100_000;

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const random = createRandom(20_260_310);
const from = Date.UTC(2018, 0, 1);
const to = Date.UTC(2027, 0, 1);
const starts = new Float64Array(SAMPLE_SIZE);
const ends = new Float64Array(SAMPLE_SIZE);
for (let index = 0; index < SAMPLE_SIZE; index += 1) {
  starts[index] = from + Math.floor(random() * (to - from));
  ends[index] = (starts[index] ?? 0) + Math.floor(random() * 30 * 86_400_000);
}

function sampleDurations(unit: 'wm' | 'wh' | 'wd' | 'cdw', max: number): WorkingDuration[] {
  return Array.from({ length: SAMPLE_SIZE }, () => ({ unit, amount: 1 + Math.floor(random() * max) }));
}

type Case = { name: string; run: (count: number) => number };

function deadlineCase(name: string, schedule: WorkSchedule, durations: WorkingDuration[], timeZone: string): Case {
  return {
    name,
    run(count) {
      let checksum = 0;
      for (let index = 0; index < count; index += 1) {
        const sample = index & MASK;
        checksum += computeDeadline(
          schedule,
          RUSSIAN_PRODUCTION_CALENDAR,
          starts[sample] ?? 0,
          durations[sample] ?? { unit: 'wh', amount: 1 },
          timeZone,
        );
      }
      return checksum;
    },
  };
}

const cases: Case[] = [
  deadlineCase('mcu, 1–40 wh, Europe/Moscow', MCU_SCHEDULE, sampleDurations('wh', 40), 'Europe/Moscow'),
  deadlineCase('mcu, 1–40 wh, Asia/Kamchatka', MCU_SCHEDULE, sampleDurations('wh', 40), 'Asia/Kamchatka'),
  deadlineCase('mcu, 1–2400 wm, Europe/Moscow', MCU_SCHEDULE, sampleDurations('wm', 2400), 'Europe/Moscow'),
  deadlineCase('24x7, 1–40 wh, Europe/Moscow', ROUND_THE_CLOCK_SCHEDULE, sampleDurations('wh', 40), 'Europe/Moscow'),
  deadlineCase('daily18, 1–40 wh, Europe/Moscow', DAILY_UNTIL_18_SCHEDULE, sampleDurations('wh', 40), 'Europe/Moscow'),
  deadlineCase('mcu, 1–30 wd, Europe/Moscow', MCU_SCHEDULE, sampleDurations('wd', 30), 'Europe/Moscow'),
  deadlineCase('mcu, 1–60 cdw, Europe/Moscow', MCU_SCHEDULE, sampleDurations('cdw', 60), 'Europe/Moscow'),
  {
    name: 'elapsed, mcu, spans up to 30 days',
    run(count) {
      let checksum = 0;
      for (let index = 0; index < count; index += 1) {
        const sample = index & MASK;
        checksum += computeElapsedWorkingMinutes(
          MCU_SCHEDULE,
          RUSSIAN_PRODUCTION_CALENDAR,
          starts[sample] ?? 0,
          ends[sample] ?? 0,
          'Europe/Moscow',
        );
      }
      return checksum;
    },
  },
];

function measureRound(work: Case, milliseconds: number): { perSecond: number; checksum: number } {
  let calls = 0;
  let checksum = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < milliseconds) {
    checksum += work.run(BATCH);
    calls += BATCH;
    elapsed = performance.now() - started;
  }
  return { perSecond: (calls / elapsed) * 1000, checksum };
}

const coldStarted = performance.now();
computeDeadline(
  MCU_SCHEDULE,
  RUSSIAN_PRODUCTION_CALENDAR,
  Date.UTC(2026, 2, 10, 7),
  { unit: 'wh', amount: 8 },
  'Asia/Vladivostok',
);
const coldMs = performance.now() - coldStarted;

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  `working-time benchmark — node ${process.version}; ${os.cpus().length} × ${cpu}; ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; one thread`,
  `measured: computeDeadline on ${SAMPLE_SIZE} random starts 2018–2026 (fixed seed), batches of ${BATCH}; warm-up ${warmupMs} ms, median of ${rounds} rounds × ${roundMs} ms`,
  `first call for a new zone (timeline 2017–2028 built, Intl offsets read): ${coldMs.toFixed(1)} ms`,
];
let checksum = 0;
for (const work of cases) {
  checksum += measureRound(work, warmupMs).checksum;
  const figures: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const result = measureRound(work, roundMs);
    figures.push(result.perSecond);
    checksum += result.checksum;
  }
  figures.sort((left, right) => left - right);
  const median = medianOf(figures);
  const isWorkingHours = work.name.includes(' wh,');
  const verdict = isWorkingHours
    ? `   target ≥ ${TARGET.toLocaleString('en-US')}/s ${median >= TARGET ? 'OK' : 'BELOW'}`
    : '';
  lines.push(
    `${work.name.padEnd(36)} ${Math.round(median).toLocaleString('en-US').padStart(11)}/s  (min ${Math.round(figures[0] ?? 0).toLocaleString('en-US')}, max ${Math.round(figures.at(-1) ?? 0).toLocaleString('en-US')})${verdict}`,
  );
}
lines.push(`checksum ${checksum.toExponential(3)} (keeps the results alive)`);
process.stdout.write(`${lines.join('\n')}\n`);
