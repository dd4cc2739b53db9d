import {
  blockOfFeature,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures,
  type FeatureOptions,
  type TriageInput,
} from './triage-features.js';
import {
  type BlockWeights,
  CaseVectorizer,
  DEFAULT_BLOCK_WEIGHTS,
  FeatureVocabulary,
  type LabelWeights,
  type SparseVector,
  scoreVector,
  TRIAGE_LABELS,
  type TriageLabel,
  type TriageModel,
} from './triage-model.js';

// Training: vocabulary (feature ids seen in ≥ minDocumentFrequency cases, capped at maxFeatures, with smooth
// IDF), sublinear TF-IDF vectors, and per label a multiclass linear model learned by the averaged
// passive-aggressive algorithm (PA-I, Crammer–Singer multiclass hinge: each mistake or small margin moves
// the true class up and the best wrong class down by the smallest step that fixes it, capped by C; the
// final weights are the average over all steps, which acts as regularisation). Confidence is calibrated by
// a softmax temperature fitted on the most recent slice of the history held out from a first fit; the
// model is then refitted on everything.

export type TriageExample = {
  input: TriageInput;
  labels: Partial<Record<TriageLabel, string | null | undefined>>;
};

export type TrainingOptions = {
  featureOptions: FeatureOptions;
  blockWeights: BlockWeights;
  /** Structured fields to use (names in `TriageInput.fields`). */
  fieldKeys: string[];
  minDocumentFrequency: number;
  maxFeatures: number;
  epochs: number;
  /** PA-I aggressiveness: the largest step on one case. */
  aggressiveness: number;
  /** Cases scored with a margin above this are skipped in the next pass (0 = never skip). */
  confidentMargin: number;
  /** Share of the latest cases held out to fit the confidence temperature (0 = no calibration, T = 1). */
  calibrationShare: number;
  /** Passes over all cases (held-out slice included) after calibrating. */
  epochsAfterCalibration: number;
  /** Weights smaller than this share of the label's largest weight are dropped (smaller model, faster). */
  pruneRelative: number;
  seed: number;
  /** Progress lines (Russian), e.g. for the CLI's stderr. */
  log?: (line: string) => void;
};

export const DEFAULT_FIELD_KEYS = ['territory', 'channel', 'object'];

export const DEFAULT_TRAINING_OPTIONS: TrainingOptions = {
  featureOptions: DEFAULT_FEATURE_OPTIONS,
  blockWeights: DEFAULT_BLOCK_WEIGHTS,
  fieldKeys: DEFAULT_FIELD_KEYS,
  minDocumentFrequency: 2,
  maxFeatures: 400_000,
  epochs: 2,
  aggressiveness: 0.5,
  confidentMargin: 2,
  calibrationShare: 0.1,
  epochsAfterCalibration: 1,
  pruneRelative: 0.01,
  seed: 20_260_101,
};

/** Cases as CSR rows of the vocabulary's feature indices. */
export type VectorizedCases = {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
  squaredNorms: Float64Array;
};

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

/** Counts of 32-bit feature ids in an open-addressing table (a Map of a million numbers is ~10× slower). */
class FeatureCounter {
  private keys = new Int32Array(1 << 16);
  private counts = new Int32Array(1 << 16);
  private blocks = new Uint8Array(1 << 16);
  size = 0;

  add(hash: number, block: number): void {
    let mask = this.keys.length - 1;
    let slot = mixBits(hash) & mask;
    for (;;) {
      const count = this.counts[slot] ?? 0;
      if (count === 0) break;
      if (this.keys[slot] === hash) {
        this.counts[slot] = count + 1;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.grow();
      mask = this.keys.length - 1;
      slot = mixBits(hash) & mask;
      while ((this.counts[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
    }
    this.keys[slot] = hash;
    this.counts[slot] = 1;
    this.blocks[slot] = block;
    this.size += 1;
  }

  private grow(): void {
    const { keys, counts, blocks } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Int32Array(keys.length * 2);
    this.blocks = new Uint8Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let index = 0; index < keys.length; index += 1) {
      const count = counts[index] ?? 0;
      if (count === 0) continue;
      const hash = keys[index] ?? 0;
      let slot = mixBits(hash) & mask;
      while ((this.counts[slot] ?? 0) !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = hash;
      this.counts[slot] = count;
      this.blocks[slot] = blocks[index] ?? 0;
    }
  }

  entries(minimum: number): { hash: number; count: number; block: number }[] {
    const result: { hash: number; count: number; block: number }[] = [];
    for (let index = 0; index < this.keys.length; index += 1) {
      const count = this.counts[index] ?? 0;
      if (count >= minimum && count > 0) {
        result.push({ hash: this.keys[index] ?? 0, count, block: this.blocks[index] ?? 0 });
      }
    }
    return result;
  }
}

function mixBits(hash: number): number {
  const value = Math.imul(hash ^ (hash >>> 16), 0x45d9f3b);
  return (value ^ (value >>> 16)) >>> 0;
}

/** Builds the vocabulary from the training cases: document frequency per feature id, pruned, smooth IDF. */
export function buildVocabulary(
  inputs: readonly TriageInput[],
  options: Pick<TrainingOptions, 'featureOptions' | 'fieldKeys' | 'minDocumentFrequency' | 'maxFeatures'>,
): FeatureVocabulary {
  const counter = new FeatureCounter();
  let hashes = new Int32Array(1024);
  for (const input of inputs) {
    let length = 0;
    extractFeatures(input, options.fieldKeys, options.featureOptions, (hash) => {
      if (length === hashes.length) {
        const grown = new Int32Array(hashes.length * 2);
        grown.set(hashes);
        hashes = grown;
      }
      hashes[length] = hash;
      length += 1;
    });
    const sorted = hashes.subarray(0, length).sort();
    for (let index = 0; index < length; index += 1) {
      const hash = sorted[index] ?? 0;
      if (index === 0 || sorted[index - 1] !== hash) counter.add(hash, blockOfFeature(hash));
    }
  }
  let kept = counter.entries(Math.max(1, options.minDocumentFrequency));
  if (kept.length > options.maxFeatures) {
    kept.sort((a, b) => b.count - a.count || a.hash - b.hash);
    kept = kept.slice(0, options.maxFeatures);
  }
  kept.sort((a, b) => a.hash - b.hash);
  const total = inputs.length;
  return new FeatureVocabulary(
    Int32Array.from(kept, (entry) => entry.hash),
    Uint8Array.from(kept, (entry) => entry.block),
    Float32Array.from(kept, (entry) => Math.log((1 + total) / (1 + entry.count)) + 1),
  );
}

export function vectorizeCases(inputs: readonly TriageInput[], vectorizer: CaseVectorizer): VectorizedCases {
  const offsets = new Int32Array(inputs.length + 1);
  let indices = new Int32Array(inputs.length * 128);
  let values = new Float32Array(inputs.length * 128);
  const squaredNorms = new Float64Array(inputs.length);
  let vector: SparseVector = { indices: new Int32Array(256), values: new Float32Array(256), length: 0 };
  let used = 0;
  inputs.forEach((input, row) => {
    vector = vectorizer.vectorize(input, vector);
    if (used + vector.length > indices.length) {
      const capacity = Math.max(indices.length * 2, used + vector.length);
      const grownIndices = new Int32Array(capacity);
      grownIndices.set(indices);
      indices = grownIndices;
      const grownValues = new Float32Array(capacity);
      grownValues.set(values);
      values = grownValues;
    }
    let norm = 0;
    for (let position = 0; position < vector.length; position += 1) {
      const value = vector.values[position] ?? 0;
      indices[used + position] = vector.indices[position] ?? 0;
      values[used + position] = value;
      norm += value * value;
    }
    used += vector.length;
    squaredNorms[row] = norm;
    offsets[row + 1] = used;
  });
  return { offsets, indices: indices.slice(0, used), values: values.slice(0, used), squaredNorms };
}

/**
 * Averaged multiclass passive-aggressive learner (PA-I) over rows of `cases`, weights feature-major
 * (weights[feature × classCount + class]). Training can continue on more rows (warm start), which the
 * calibration uses: fit on the older cases, calibrate on the latest, then one more pass over all of them.
 */
export class MulticlassLearner {
  private readonly weights: Float32Array;
  /** Averaging trick: Σ step × update; the average is weights − accumulated / steps. */
  private readonly accumulated: Float32Array;
  private readonly scores: Float64Array;
  private step = 1;
  private readonly random: () => number;

  constructor(
    private readonly cases: VectorizedCases,
    featureCount: number,
    private readonly classCount: number,
    private readonly options: Pick<TrainingOptions, 'aggressiveness' | 'seed' | 'confidentMargin'>,
  ) {
    this.weights = new Float32Array(featureCount * classCount);
    this.accumulated = new Float32Array(featureCount * classCount);
    this.scores = new Float64Array(classCount);
    this.random = createRandom(options.seed);
  }

  /** `epochs` shuffled passes over `rows` (targets[i] is the class of rows[i]). */
  train(rows: Int32Array, targets: Int32Array, epochs: number): void {
    const { classCount, weights, accumulated, scores } = this;
    const { offsets, indices, values, squaredNorms } = this.cases;
    const order = Int32Array.from(rows.keys());
    // Shrinking: a case scored with a wide margin is skipped in the next pass (its margin halves each
    // time it is skipped, so it is checked again later) — it would not have moved the weights anyway.
    const margins = new Float32Array(rows.length);
    const confident = this.options.confidentMargin;
    for (let epoch = 0; epoch < epochs; epoch += 1) {
      for (let index = order.length - 1; index > 0; index -= 1) {
        const other = Math.floor(this.random() * (index + 1));
        const swap = order[index] ?? 0;
        order[index] = order[other] ?? 0;
        order[other] = swap;
      }
      for (let position = 0; position < order.length; position += 1) {
        const sample = order[position] ?? 0;
        const previousMargin = margins[sample] ?? 0;
        if (confident > 0 && previousMargin > confident) {
          margins[sample] = previousMargin / 2;
          this.step += 1;
          continue;
        }
        const row = rows[sample] ?? 0;
        const target = targets[sample] ?? 0;
        const start = offsets[row] ?? 0;
        const end = offsets[row + 1] ?? 0;
        scores.fill(0);
        for (let entry = start; entry < end; entry += 1) {
          const base = (indices[entry] ?? 0) * classCount;
          const value = values[entry] ?? 0;
          for (let classId = 0; classId < classCount; classId += 1) {
            scores[classId] = (scores[classId] ?? 0) + value * (weights[base + classId] ?? 0);
          }
        }
        let rival = target === 0 ? 1 : 0;
        for (let classId = 0; classId < classCount; classId += 1) {
          if (classId !== target && (scores[classId] ?? 0) > (scores[rival] ?? 0)) rival = classId;
        }
        const margin = (scores[target] ?? 0) - (scores[rival] ?? 0);
        margins[sample] = margin;
        const loss = 1 - margin;
        if (loss > 0) {
          const tau = Math.min(this.options.aggressiveness, loss / (2 * (squaredNorms[row] || 1)));
          const weightedTau = tau * this.step;
          for (let entry = start; entry < end; entry += 1) {
            const base = (indices[entry] ?? 0) * classCount;
            const value = values[entry] ?? 0;
            weights[base + target] = (weights[base + target] ?? 0) + tau * value;
            weights[base + rival] = (weights[base + rival] ?? 0) - tau * value;
            accumulated[base + target] = (accumulated[base + target] ?? 0) + weightedTau * value;
            accumulated[base + rival] = (accumulated[base + rival] ?? 0) - weightedTau * value;
          }
        }
        this.step += 1;
      }
    }
  }

  /** The averaged weights so far (a new array). */
  averaged(): Float32Array {
    const result = new Float32Array(this.weights.length);
    for (let index = 0; index < result.length; index += 1) {
      result[index] = (this.weights[index] ?? 0) - (this.accumulated[index] ?? 0) / this.step;
    }
    return result;
  }
}

/** Dense feature-major weights → the sparse per-feature layout a model stores, dropping tiny weights. */
export function sparsifyWeights(
  dense: Float32Array,
  featureCount: number,
  classes: string[],
  temperature: number,
  pruneRelative: number,
): LabelWeights {
  const classCount = classes.length;
  let largest = 0;
  for (const weight of dense) largest = Math.max(largest, Math.abs(weight));
  const threshold = largest * pruneRelative;
  let kept = 0;
  for (const weight of dense) if (weight !== 0 && Math.abs(weight) >= threshold) kept += 1;
  const rowStart = new Int32Array(featureCount + 1);
  const classIds = new Uint16Array(kept);
  const weights = new Float32Array(kept);
  let used = 0;
  for (let feature = 0; feature < featureCount; feature += 1) {
    const base = feature * classCount;
    for (let classId = 0; classId < classCount; classId += 1) {
      const weight = dense[base + classId] ?? 0;
      if (weight !== 0 && Math.abs(weight) >= threshold) {
        classIds[used] = classId;
        weights[used] = weight;
        used += 1;
      }
    }
    rowStart[feature + 1] = used;
  }
  return { classes, temperature, rowStart, classIds, weights };
}

/** The temperature T that minimises the negative log-likelihood of softmax(score / T) on held-out cases. */
export function fitTemperature(scoreRows: Float64Array[], targets: number[]): number {
  if (scoreRows.length === 0) return 1;
  const negativeLogLikelihood = (temperature: number) => {
    let total = 0;
    for (let row = 0; row < scoreRows.length; row += 1) {
      const scores = scoreRows[row] ?? new Float64Array();
      const target = targets[row] ?? 0;
      let maximum = Number.NEGATIVE_INFINITY;
      for (const score of scores) maximum = Math.max(maximum, score);
      let sum = 0;
      for (const score of scores) sum += Math.exp((score - maximum) / temperature);
      total += Math.log(sum) - ((scores[target] ?? 0) - maximum) / temperature;
    }
    return total / scoreRows.length;
  };
  // Golden-section search on log T over [1e-3, 1e2]; the likelihood is unimodal in T.
  let low = Math.log(1e-3);
  let high = Math.log(1e2);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = high - ratio * (high - low);
  let b = low + ratio * (high - low);
  let valueA = negativeLogLikelihood(Math.exp(a));
  let valueB = negativeLogLikelihood(Math.exp(b));
  for (let iteration = 0; iteration < 60; iteration += 1) {
    if (valueA < valueB) {
      high = b;
      b = a;
      valueB = valueA;
      a = high - ratio * (high - low);
      valueA = negativeLogLikelihood(Math.exp(a));
    } else {
      low = a;
      a = b;
      valueA = valueB;
      b = low + ratio * (high - low);
      valueB = negativeLogLikelihood(Math.exp(b));
    }
  }
  return Math.exp((low + high) / 2);
}

type LabelPlan = { label: TriageLabel; classes: string[]; classOf: Map<string, number>; targets: Int32Array };

function planLabel(label: TriageLabel, examples: readonly TriageExample[]): LabelPlan | null {
  const counts = new Map<string, number>();
  for (const example of examples) {
    const value = example.labels[label];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  if (counts.size < 2) return null;
  const classes = [...counts.keys()].sort();
  const classOf = new Map(classes.map((value, index) => [value, index]));
  const targets = Int32Array.from(examples, (example) => {
    const value = example.labels[label];
    return value ? (classOf.get(value) ?? -1) : -1;
  });
  return { label, classes, classOf, targets };
}

/**
 * Trains a model on cases in chronological order (the latest `calibrationShare` of them calibrate the
 * confidence). A label with fewer than two distinct values in the cases is left out of the model.
 */
export function trainTriageModel(
  examples: readonly TriageExample[],
  overrides: Partial<TrainingOptions> = {},
): TriageModel {
  const options: TrainingOptions = { ...DEFAULT_TRAINING_OPTIONS, ...overrides };
  const log = options.log ?? (() => {});
  const startedAt = performance.now();
  const startedCpu = process.cpuUsage();
  const inputs = examples.map((example) => example.input);
  const vocabulary = buildVocabulary(inputs, options);
  const vectorizer = new CaseVectorizer(vocabulary, options.featureOptions, options.fieldKeys, options.blockWeights);
  const cases = vectorizeCases(inputs, vectorizer);
  log(
    `Признаков: ${vocabulary.size}, случаев: ${examples.length}, векторы готовы за ${elapsed(startedAt, startedCpu)} с.`,
  );
  const featureCount = vocabulary.size;
  const labels: TriageModel['labels'] = {};
  const heldOut: NonNullable<TriageModel['training']['heldOut']> = {};
  const calibrationStart =
    options.calibrationShare > 0 ? Math.floor(examples.length * (1 - options.calibrationShare)) : examples.length;
  for (const label of TRIAGE_LABELS) {
    const plan = planLabel(label, examples);
    if (!plan) continue;
    const classCount = plan.classes.length;
    const labelled = (from: number, to: number) => {
      const rows: number[] = [];
      for (let row = from; row < to; row += 1) if ((plan.targets[row] ?? -1) >= 0) rows.push(row);
      return Int32Array.from(rows);
    };
    const targetsOf = (rows: Int32Array) => Int32Array.from(rows, (row) => plan.targets[row] ?? 0);
    const learner = new MulticlassLearner(cases, featureCount, classCount, options);
    let temperature = 1;
    const calibrationRows = labelled(calibrationStart, examples.length);
    const earlierRows = labelled(0, calibrationStart);
    if (calibrationRows.length > 0 && earlierRows.length > 0) {
      learner.train(earlierRows, targetsOf(earlierRows), options.epochs);
      const firstFit = sparsifyWeights(learner.averaged(), featureCount, plan.classes, 1, 0);
      const scoreRows: Float64Array[] = [];
      const targets: number[] = [];
      let correct = 0;
      for (const row of calibrationRows) {
        const scores = new Float64Array(classCount);
        const start = cases.offsets[row] ?? 0;
        const end = cases.offsets[row + 1] ?? 0;
        scoreVector(
          firstFit,
          {
            indices: cases.indices.subarray(start, end),
            values: cases.values.subarray(start, end),
            length: end - start,
          },
          scores,
        );
        const target = plan.targets[row] ?? 0;
        let best = 0;
        for (let classId = 1; classId < classCount; classId += 1) {
          if ((scores[classId] ?? 0) > (scores[best] ?? 0)) best = classId;
        }
        if (best === target) correct += 1;
        scoreRows.push(scores);
        targets.push(target);
      }
      temperature = fitTemperature(scoreRows, targets);
      heldOut[label] = { n: calibrationRows.length, accuracy: correct / calibrationRows.length };
      log(
        `${label}: классов ${classCount}, точность на отложенных ${calibrationRows.length} случаях ` +
          `${(correct / calibrationRows.length).toFixed(4)}, температура ${temperature.toFixed(3)}.`,
      );
      const allRows = labelled(0, examples.length);
      learner.train(allRows, targetsOf(allRows), options.epochsAfterCalibration);
    } else {
      const allRows = labelled(0, examples.length);
      learner.train(allRows, targetsOf(allRows), options.epochs);
    }
    const dense = learner.averaged();
    labels[label] = sparsifyWeights(dense, featureCount, plan.classes, temperature, options.pruneRelative);
    log(`${label}: обучено за ${elapsed(startedAt, startedCpu)} с от начала.`);
  }
  return {
    featureOptions: options.featureOptions,
    fieldKeys: options.fieldKeys,
    blockWeights: options.blockWeights,
    vocabulary,
    labels,
    training: {
      trainedAt: new Date().toISOString(),
      cases: examples.length,
      seconds: Math.round((performance.now() - startedAt) / 10) / 100,
      heldOut,
    },
  };
}

function elapsed(startedAt: number, startedCpu: NodeJS.CpuUsage): string {
  const cpu = process.cpuUsage(startedCpu);
  return `${((performance.now() - startedAt) / 1000).toFixed(1)} (процессор ${((cpu.user + cpu.system) / 1e6).toFixed(1)})`;
}
