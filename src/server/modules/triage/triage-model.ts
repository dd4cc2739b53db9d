import {
  CHAR_BLOCK,
  DEFAULT_FEATURE_OPTIONS,
  extractFeatures,
  type FeatureOptions,
  FIELD_BLOCK,
  hashCharGrams,
  hashFieldFeatures,
  type TriageInput,
  WORD_BLOCK,
} from './triage-features.js';

// The trained model and what it does at prediction time: turn a case into a sparse TF-IDF vector, score
// every class of every label with sparse linear weights, turn scores into calibrated probabilities
// (softmax with a fitted temperature) and explain the top classes by the words that pushed them up.

export const TRIAGE_LABELS = ['category', 'subcategory', 'recipient'] as const;
export type TriageLabel = (typeof TRIAGE_LABELS)[number];

export const MODEL_FORMAT = 'otklik-triage-model';
export const MODEL_FORMAT_VERSION = 1;

export type BlockWeights = { word: number; char: number; field: number };

const WORD_CACHE_LIMIT = 200_000;

/** The kept feature ids (sorted), the block of each and its inverse document frequency. */
export class FeatureVocabulary {
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(
    readonly hashes: Int32Array,
    readonly blocks: Uint8Array,
    readonly idf: Float32Array,
  ) {
    let capacity = 16;
    while (capacity < hashes.length * 2) capacity *= 2;
    this.table = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let index = 0; index < hashes.length; index += 1) {
      let slot = mixHash(hashes[index] ?? 0) & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = index + 1;
    }
  }

  get size(): number {
    return this.hashes.length;
  }

  /** Index of a feature id, or -1 when the model never kept it. */
  indexOf(hash: number): number {
    let slot = mixHash(hash) & this.mask;
    for (;;) {
      const entry = this.table[slot] ?? 0;
      if (entry === 0) return -1;
      if (this.hashes[entry - 1] === hash) return entry - 1;
      slot = (slot + 1) & this.mask;
    }
  }
}

function mixHash(hash: number): number {
  let value = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  value = Math.imul(value ^ (value >>> 13), 0xc2b2ae35);
  return (value ^ (value >>> 16)) >>> 0;
}

/** Linear weights of one label, stored by feature: for feature j, `classIds`/`weights` in rowStart[j]…rowStart[j+1]. */
export type LabelWeights = {
  classes: string[];
  /** Softmax temperature fitted on held-out cases (probability = softmax(score / temperature)). */
  temperature: number;
  rowStart: Int32Array;
  classIds: Uint16Array;
  weights: Float32Array;
};

export type TrainingSummary = {
  trainedAt: string;
  cases: number;
  seconds: number;
  /** Figures on the held-out slice used for calibration, per label. */
  heldOut?: Partial<Record<TriageLabel, { n: number; accuracy: number }>>;
};

export type TriageModel = {
  featureOptions: FeatureOptions;
  fieldKeys: string[];
  blockWeights: BlockWeights;
  vocabulary: FeatureVocabulary;
  labels: Partial<Record<TriageLabel, LabelWeights>>;
  training: TrainingSummary;
};

/** A sparse case vector: feature indices and their values (TF-IDF, normalised per block). */
export type SparseVector = { indices: Int32Array; values: Float32Array; length: number };

/** Turns cases into vectors with a reusable scratch area (one per model; not shared between threads). */
export class CaseVectorizer {
  private readonly counts: Float64Array;
  private readonly touched: Int32Array;
  private touchedLength = 0;
  private readonly blockNorms = new Float64Array(3);
  /** Per word: the vocabulary indices of its character n-grams (those the model kept). */
  private readonly wordCharIndices = new Map<string, Int32Array>();

  constructor(
    private readonly vocabulary: FeatureVocabulary,
    private readonly featureOptions: FeatureOptions,
    private readonly fieldKeys: readonly string[],
    private readonly blockWeights: BlockWeights,
  ) {
    this.counts = new Float64Array(vocabulary.size);
    this.touched = new Int32Array(vocabulary.size);
  }

  /** The vector of a case; `into` is reused when given and large enough. */
  vectorize(input: TriageInput, into?: SparseVector): SparseVector {
    this.touchedLength = 0;
    const { vocabulary, counts, touched } = this;
    const add = (index: number) => {
      if (counts[index] === 0) {
        touched[this.touchedLength] = index;
        this.touchedLength += 1;
      }
      counts[index] = (counts[index] ?? 0) + 1;
    };
    extractFeatures(
      input,
      this.fieldKeys,
      this.featureOptions,
      (hash) => {
        const index = vocabulary.indexOf(hash);
        if (index >= 0) add(index);
      },
      (word) => {
        const indices = this.charIndicesOf(word);
        for (let position = 0; position < indices.length; position += 1) add(indices[position] ?? 0);
      },
    );
    return this.finish(into);
  }

  private charIndicesOf(word: string): Int32Array {
    const cached = this.wordCharIndices.get(word);
    if (cached) return cached;
    const indices: number[] = [];
    for (const hash of hashCharGrams(word, this.featureOptions)) {
      const index = this.vocabulary.indexOf(hash);
      if (index >= 0) indices.push(index);
    }
    const result = Int32Array.from(indices);
    if (this.wordCharIndices.size >= WORD_CACHE_LIMIT) this.wordCharIndices.clear();
    this.wordCharIndices.set(word, result);
    return result;
  }

  private finish(into?: SparseVector): SparseVector {
    const length = this.touchedLength;
    const vector =
      into && into.indices.length >= length
        ? into
        : { indices: new Int32Array(Math.max(length, 64)), values: new Float32Array(Math.max(length, 64)), length: 0 };
    vector.length = length;
    const { counts, touched, blockNorms } = this;
    const { blocks, idf } = this.vocabulary;
    blockNorms.fill(0);
    for (let position = 0; position < length; position += 1) {
      const index = touched[position] ?? 0;
      const block = blocks[index] ?? 0;
      const value = block === FIELD_BLOCK ? 1 : (1 + Math.log(counts[index] ?? 1)) * (idf[index] ?? 0);
      counts[index] = 0;
      vector.indices[position] = index;
      vector.values[position] = value;
      blockNorms[block] = (blockNorms[block] ?? 0) + value * value;
    }
    const scale = [
      this.blockWeights.word / Math.sqrt(blockNorms[WORD_BLOCK] || 1),
      this.blockWeights.char / Math.sqrt(blockNorms[CHAR_BLOCK] || 1),
      this.blockWeights.field,
    ];
    for (let position = 0; position < length; position += 1) {
      const block = blocks[vector.indices[position] ?? 0] ?? 0;
      vector.values[position] = (vector.values[position] ?? 0) * (scale[block] ?? 0);
    }
    return vector;
  }
}

/** Adds the scores of every class of a label for a vector into `scores` (length = number of classes). */
export function scoreVector(weights: LabelWeights, vector: SparseVector, scores: Float64Array): void {
  scores.fill(0);
  const { rowStart, classIds, weights: values } = weights;
  for (let position = 0; position < vector.length; position += 1) {
    const feature = vector.indices[position] ?? 0;
    const value = vector.values[position] ?? 0;
    const end = rowStart[feature + 1] ?? 0;
    for (let entry = rowStart[feature] ?? 0; entry < end; entry += 1) {
      const classId = classIds[entry] ?? 0;
      scores[classId] = (scores[classId] ?? 0) + value * (values[entry] ?? 0);
    }
  }
}

/** Softmax of scores / temperature, in place into `probabilities`. */
export function softmaxWithTemperature(scores: Float64Array, temperature: number, probabilities: Float64Array): void {
  let maximum = Number.NEGATIVE_INFINITY;
  for (const score of scores) maximum = Math.max(maximum, score);
  let sum = 0;
  for (let index = 0; index < scores.length; index += 1) {
    const value = Math.exp(((scores[index] ?? 0) - maximum) / temperature);
    probabilities[index] = value;
    sum += value;
  }
  for (let index = 0; index < scores.length; index += 1) probabilities[index] = (probabilities[index] ?? 0) / sum;
}

export type SuggestionReason = {
  kind: 'word' | 'field';
  /** The word as written in the text, or «поле=значение» for a structured field. */
  text: string;
  /** Its share of the class score (weight × value, summed over the word's features). */
  weight: number;
};

export type LabelSuggestion = {
  value: string;
  /** Calibrated probability, 0…1. */
  confidence: number;
  reasons: SuggestionReason[];
};

export type TriagePrediction = Partial<Record<TriageLabel, LabelSuggestion[]>>;

export type PredictOptions = { top?: number; reasonsPerSuggestion?: number; explain?: boolean };

/** Predicts with one model; keeps scratch buffers, so use one Predictor per thread. */
export class TriagePredictor {
  private readonly vectorizer: CaseVectorizer;
  private vector: SparseVector = { indices: new Int32Array(256), values: new Float32Array(256), length: 0 };
  /** The labels the model knows, each with its slice of the combined class list. */
  private readonly slices: { label: TriageLabel; weights: LabelWeights; offset: number; count: number }[] = [];
  /** All labels' weights in one sparse matrix (class ids offset per label): one pass over the features. */
  private readonly combined: LabelWeights;
  private readonly scores: Float64Array;
  private readonly probabilities: Float64Array;

  constructor(readonly model: TriageModel) {
    this.vectorizer = new CaseVectorizer(model.vocabulary, model.featureOptions, model.fieldKeys, model.blockWeights);
    let offset = 0;
    for (const label of TRIAGE_LABELS) {
      const weights = model.labels[label];
      if (!weights) continue;
      this.slices.push({ label, weights, offset, count: weights.classes.length });
      offset += weights.classes.length;
    }
    this.combined = combineLabelWeights(this.slices, model.vocabulary.size);
    this.scores = new Float64Array(offset);
    this.probabilities = new Float64Array(offset);
  }

  private scoreAll(input: TriageInput): void {
    this.vector = this.vectorizer.vectorize(input, this.vector);
    scoreVector(this.combined, this.vector, this.scores);
  }

  /** The most likely value of each label the model knows (fast path: no probabilities, no reasons). */
  predictBest(input: TriageInput): Partial<Record<TriageLabel, string>> {
    this.scoreAll(input);
    const result: Partial<Record<TriageLabel, string>> = {};
    for (const { label, weights, offset, count } of this.slices) {
      let best = offset;
      for (let index = offset + 1; index < offset + count; index += 1) {
        if ((this.scores[index] ?? 0) > (this.scores[best] ?? 0)) best = index;
      }
      result[label] = weights.classes[best - offset] ?? '';
    }
    return result;
  }

  /** Top suggestions per label with calibrated confidence and, unless `explain: false`, the driving words. */
  predict(input: TriageInput, options: PredictOptions = {}): TriagePrediction {
    const top = options.top ?? 3;
    const explain = options.explain ?? true;
    this.scoreAll(input);
    const prediction: TriagePrediction = {};
    for (const { label, weights, offset, count } of this.slices) {
      const scores = this.scores.subarray(offset, offset + count);
      const probabilities = this.probabilities.subarray(offset, offset + count);
      softmaxWithTemperature(scores, weights.temperature, probabilities);
      prediction[label] = topIndices(probabilities, top).map((classId) => ({
        value: weights.classes[classId] ?? '',
        confidence: probabilities[classId] ?? 0,
        reasons: explain ? this.explain(input, weights, classId, options.reasonsPerSuggestion ?? 5) : [],
      }));
    }
    return prediction;
  }

  /**
   * The words and fields that raised a class's score most: every feature's contribution (value × weight)
   * is credited to the words it came from (a character n-gram to its word, a word pair half to each word),
   * then summed per word form.
   */
  private explain(input: TriageInput, weights: LabelWeights, classId: number, limit: number): SuggestionReason[] {
    const { vocabulary } = this.model;
    const featureValues = new Map<number, number>();
    for (let position = 0; position < this.vector.length; position += 1) {
      featureValues.set(this.vector.indices[position] ?? 0, this.vector.values[position] ?? 0);
    }
    const occurrences: { index: number; tokenA: number; tokenB: number }[] = [];
    const occurrenceCount = new Map<number, number>();
    const tokens = extractFeatures(input, this.model.fieldKeys, this.model.featureOptions, (hash, _block, a, b) => {
      const index = vocabulary.indexOf(hash);
      if (index < 0) return;
      occurrences.push({ index, tokenA: a, tokenB: b });
      occurrenceCount.set(index, (occurrenceCount.get(index) ?? 0) + 1);
    });
    const contributionOf = (index: number) => {
      const start = weights.rowStart[index] ?? 0;
      const end = weights.rowStart[index + 1] ?? 0;
      for (let entry = start; entry < end; entry += 1) {
        if (weights.classIds[entry] === classId) return (featureValues.get(index) ?? 0) * (weights.weights[entry] ?? 0);
      }
      return 0;
    };
    const byWord = new Map<string, number>();
    const fieldHashes = hashFieldFeatures(input.fields, this.model.fieldKeys, this.model.featureOptions);
    const fieldLabelOf = new Map<number, string>();
    fieldHashes.hashes.forEach((hash, position) => {
      const index = vocabulary.indexOf(hash);
      if (index >= 0) fieldLabelOf.set(index, fieldHashes.labels[position] ?? '');
    });
    const reasons: SuggestionReason[] = [];
    for (const { index, tokenA, tokenB } of occurrences) {
      const share = contributionOf(index) / (occurrenceCount.get(index) ?? 1);
      if (tokenA < 0) {
        const label = fieldLabelOf.get(index);
        if (label) reasons.push({ kind: 'field', text: label, weight: share });
        continue;
      }
      const credit = (tokenIndex: number, amount: number) => {
        const token = tokens[tokenIndex];
        if (!token) return;
        const text = input.text.slice(token.start, token.end);
        const key = text.toLowerCase();
        byWord.set(key, (byWord.get(key) ?? 0) + amount);
      };
      if (tokenB >= 0) {
        credit(tokenA, share / 2);
        credit(tokenB, share / 2);
      } else credit(tokenA, share);
    }
    for (const [text, weight] of byWord) reasons.push({ kind: 'word', text, weight });
    return reasons
      .filter((reason) => reason.weight > 0)
      .sort((a, b) => b.weight - a.weight)
      .slice(0, limit)
      .map((reason) => ({ ...reason, weight: Math.round(reason.weight * 1e4) / 1e4 }));
  }
}

function combineLabelWeights(
  slices: readonly { weights: LabelWeights; offset: number; count: number }[],
  featureCount: number,
): LabelWeights {
  let total = 0;
  for (const { weights } of slices) total += weights.weights.length;
  const rowStart = new Int32Array(featureCount + 1);
  const classIds = new Uint16Array(total);
  const values = new Float32Array(total);
  let used = 0;
  for (let feature = 0; feature < featureCount; feature += 1) {
    for (const { weights, offset } of slices) {
      const end = weights.rowStart[feature + 1] ?? 0;
      for (let entry = weights.rowStart[feature] ?? 0; entry < end; entry += 1) {
        classIds[used] = offset + (weights.classIds[entry] ?? 0);
        values[used] = weights.weights[entry] ?? 0;
        used += 1;
      }
    }
    rowStart[feature + 1] = used;
  }
  return { classes: [], temperature: 1, rowStart, classIds, weights: values };
}

/** Indices of the `count` largest values, largest first (a linear scan: classes number in the hundreds). */
export function topIndices(values: Float64Array, count: number): number[] {
  const chosen: number[] = [];
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index] ?? 0;
    if (chosen.length === count && value <= (values[chosen[count - 1] ?? 0] ?? 0)) continue;
    let position = chosen.length < count ? chosen.length : count - 1;
    chosen[position] = index;
    while (position > 0 && (values[chosen[position - 1] ?? 0] ?? 0) < value) {
      chosen[position] = chosen[position - 1] ?? 0;
      chosen[position - 1] = index;
      position -= 1;
    }
  }
  return chosen;
}

export const DEFAULT_BLOCK_WEIGHTS: BlockWeights = { word: 1, char: 1, field: 1 };
export { DEFAULT_FEATURE_OPTIONS };
