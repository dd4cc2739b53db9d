import zlib from 'node:zlib';
import type { DatasetCase } from './triage-dataset.js';
import { evaluateModel, type LabelMetrics } from './triage-evaluation.js';
import { TRIAGE_LABELS, type TriageLabel, type TriageModel } from './triage-model.js';
import { parseTriageModel, serializeTriageModel } from './triage-model-json.js';
import { trainTriageModel } from './triage-training.js';

// One retraining of a tenant's classifier, as pure computation (it runs in a worker thread, see
// triage-training.worker.ts): split the history by time — the latest HELD_OUT_SHARE of cases are kept out
// of training —, train a candidate on the earlier part, score the candidate and the active model on the
// held-out cases, and say whether the candidate is better. Storing and activating is the service's job.

/** Share of the latest cases (by date) the candidate is judged on and never learns from. */
export const HELD_OUT_SHARE = 0.15;
/** Fewer labelled cases than this give no model worth comparing. */
export const MIN_TRAINING_CASES = 30;

export type HeldOutMetrics = Partial<Record<TriageLabel, LabelMetrics>>;

export type TrainingRunInput = {
  /** Labelled cases, any order (sorted here by `created`). */
  cases: DatasetCase[];
  /** The active model (gzip JSON) to compare with, if any. */
  activeModel: Uint8Array | null;
};

export type TrainingRunResult = {
  /** The candidate (gzip JSON). */
  model: Uint8Array;
  trainedOn: number;
  heldOut: number;
  trainedUntil: number | null;
  heldOutFrom: number | null;
  metrics: HeldOutMetrics;
  score: number;
  /** The active model on the same held-out cases (null without one or when it could not be read). */
  compared: { metrics: HeldOutMetrics; score: number } | null;
  /** True when the candidate should replace the active model. */
  isBetter: boolean;
  trainSeconds: number;
};

export function encodeModel(model: TriageModel): Uint8Array {
  return zlib.gzipSync(Buffer.from(serializeTriageModel(model)));
}

export function decodeModel(bytes: Uint8Array): TriageModel {
  return parseTriageModel(zlib.gunzipSync(bytes).toString('utf8'));
}

/** Chronological split: the earlier cases train, the latest `share` (at least one) judge. */
export function splitByTime(
  cases: readonly DatasetCase[],
  share = HELD_OUT_SHARE,
): { training: DatasetCase[]; heldOut: DatasetCase[] } {
  const sorted = cases
    .map((item, index) => ({ item, index }))
    .sort((a, b) => a.item.created - b.item.created || a.index - b.index)
    .map(({ item }) => item);
  const heldOutCount = Math.min(sorted.length - 1, Math.max(1, Math.round(sorted.length * share)));
  const cut = sorted.length - heldOutCount;
  return { training: sorted.slice(0, cut), heldOut: sorted.slice(cut) };
}

/**
 * The comparison score: mean accuracy over the labels the held-out cases carry; a label the model does not
 * predict counts 0 (a model that lost a label is not better).
 */
export function scoreMetrics(metrics: HeldOutMetrics, scoredLabels: readonly TriageLabel[]): number {
  if (scoredLabels.length === 0) return 0;
  let sum = 0;
  for (const label of scoredLabels) sum += metrics[label]?.accuracy ?? 0;
  return Math.round((sum / scoredLabels.length) * 10_000) / 10_000;
}

function metricsOf(model: TriageModel, heldOut: readonly DatasetCase[]): HeldOutMetrics {
  const result = evaluateModel(model, heldOut);
  const metrics: HeldOutMetrics = {};
  for (const label of TRIAGE_LABELS) {
    const scored = result.labels[label];
    if (scored) metrics[label] = { n: scored.n, accuracy: scored.accuracy, macroF1: scored.macroF1 };
  }
  return metrics;
}

export function runTrainingRun(input: TrainingRunInput): TrainingRunResult {
  const startedAt = performance.now();
  const { training, heldOut } = splitByTime(input.cases);
  const candidate = trainTriageModel(training);
  const scoredLabels = TRIAGE_LABELS.filter((label) => heldOut.some((item) => item.labels[label]));
  const metrics = metricsOf(candidate, heldOut);
  const score = scoreMetrics(metrics, scoredLabels);
  let compared: TrainingRunResult['compared'] = null;
  if (input.activeModel) {
    try {
      const activeMetrics = metricsOf(decodeModel(input.activeModel), heldOut);
      compared = { metrics: activeMetrics, score: scoreMetrics(activeMetrics, scoredLabels) };
    } catch {
      // An unreadable active model (older format) loses to any candidate.
      compared = null;
    }
  }
  const hasLabels = Object.keys(candidate.labels).length > 0;
  return {
    model: encodeModel(candidate),
    trainedOn: training.length,
    heldOut: heldOut.length,
    trainedUntil: training.at(-1)?.created ?? null,
    heldOutFrom: heldOut[0]?.created ?? null,
    metrics,
    score,
    compared,
    isBetter: hasLabels && (compared === null || score > compared.score),
    trainSeconds: Math.round((performance.now() - startedAt) / 10) / 100,
  };
}
