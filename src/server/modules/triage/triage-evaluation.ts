import type { DatasetCase } from './triage-dataset.js';
import { TRIAGE_LABELS, type TriageLabel, type TriageModel, TriagePredictor } from './triage-model.js';

// Evaluation of a model on labelled cases: accuracy and macro-F1 per label (macro over the classes seen in
// the truth or the predictions, as scikit-learn's f1_score(average="macro") does), the prediction rate,
// and the confusions of the worst classes for the report.

export type LabelMetrics = { n: number; accuracy: number; macroF1: number };

export type ClassConfusion = {
  value: string;
  support: number;
  f1: number;
  /** The values most often predicted instead, with counts. */
  confusedWith: { value: string; count: number }[];
};

export type EvaluationResult = {
  n: number;
  labels: Partial<Record<TriageLabel, LabelMetrics & { worstClasses: ClassConfusion[] }>>;
  predictPerSecond: number;
};

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/** Accuracy, macro-F1 and the worst classes (by F1, among classes with at least `minimumSupport` cases). */
export function scoreLabel(
  truth: readonly string[],
  predicted: readonly string[],
  worstCount = 5,
  minimumSupport = 20,
): LabelMetrics & { worstClasses: ClassConfusion[] } {
  const stats = new Map<string, { tp: number; fp: number; fn: number; confusions: Map<string, number> }>();
  const statsOf = (value: string) => {
    let entry = stats.get(value);
    if (!entry) {
      entry = { tp: 0, fp: 0, fn: 0, confusions: new Map() };
      stats.set(value, entry);
    }
    return entry;
  };
  let correct = 0;
  truth.forEach((actual, index) => {
    const guess = predicted[index] ?? '';
    if (guess === actual) {
      correct += 1;
      statsOf(actual).tp += 1;
      return;
    }
    const actualStats = statsOf(actual);
    actualStats.fn += 1;
    actualStats.confusions.set(guess, (actualStats.confusions.get(guess) ?? 0) + 1);
    statsOf(guess).fp += 1;
  });
  let f1Sum = 0;
  const perClass: ClassConfusion[] = [];
  for (const [value, { tp, fp, fn, confusions }] of stats) {
    const f1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
    f1Sum += f1;
    const support = tp + fn;
    if (support >= minimumSupport) {
      perClass.push({
        value,
        support,
        f1: round(f1),
        confusedWith: [...confusions]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 3)
          .map(([other, count]) => ({ value: other, count })),
      });
    }
  }
  return {
    n: truth.length,
    accuracy: truth.length === 0 ? 0 : round(correct / truth.length),
    macroF1: stats.size === 0 ? 0 : round(f1Sum / stats.size),
    worstClasses: perClass.sort((a, b) => a.f1 - b.f1).slice(0, worstCount),
  };
}

/** Predicts every case (top-3 with calibrated confidence, as the product does) and scores each label. */
export function evaluateModel(model: TriageModel, cases: readonly DatasetCase[]): EvaluationResult {
  const predictor = new TriagePredictor(model);
  const predictions: Partial<Record<TriageLabel, string>>[] = new Array(cases.length);
  const startedAt = performance.now();
  cases.forEach((item, index) => {
    const prediction = predictor.predict(item.input, { top: 3, explain: false });
    predictions[index] = {
      category: prediction.category?.[0]?.value,
      subcategory: prediction.subcategory?.[0]?.value,
      recipient: prediction.recipient?.[0]?.value,
    };
  });
  const seconds = (performance.now() - startedAt) / 1000;
  const labels: EvaluationResult['labels'] = {};
  for (const label of TRIAGE_LABELS) {
    if (!model.labels[label]) continue;
    const truth: string[] = [];
    const guesses: string[] = [];
    cases.forEach((item, index) => {
      const actual = item.labels[label];
      if (!actual) return;
      truth.push(actual);
      guesses.push(predictions[index]?.[label] ?? '');
    });
    if (truth.length > 0) labels[label] = scoreLabel(truth, guesses);
  }
  return { n: cases.length, labels, predictPerSecond: Math.round(cases.length / Math.max(seconds, 1e-9)) };
}

/** The one-line summary `otklik model eval` prints last. */
export function summarizeEvaluation(result: EvaluationResult): Record<string, unknown> {
  const summary: Record<string, unknown> = { n: result.n };
  for (const label of TRIAGE_LABELS) {
    const metrics = result.labels[label];
    if (metrics) summary[label] = { accuracy: metrics.accuracy, macroF1: metrics.macroF1 };
  }
  summary.predictPerSecond = result.predictPerSecond;
  return summary;
}
