import {
  type BlockWeights,
  FeatureVocabulary,
  type LabelWeights,
  MODEL_FORMAT,
  MODEL_FORMAT_VERSION,
  TRIAGE_LABELS,
  type TriageModel,
} from './triage-model.js';

// The model as JSON (what `otklik model train --out` writes and the database keeps): a versioned envelope
// with the options, the vocabulary and the sparse weights; numeric arrays are base64 of little-endian
// typed arrays (a JSON array of a million numbers is ~4× larger and ~10× slower to read).
// The block of a feature is the two low bits of its id, so it is not stored.

export class TriageModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TriageModelError';
  }
}

function encode(array: Int32Array | Uint16Array | Float32Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

function decodeBytes(text: unknown, what: string, bytesPerItem: number, count: number): ArrayBuffer {
  if (typeof text !== 'string') throw new TriageModelError(`Модель повреждена: нет массива «${what}».`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== bytesPerItem * count) {
    throw new TriageModelError(`Модель повреждена: длина массива «${what}» не сходится (${bytes.length} байт).`);
  }
  const copy = new ArrayBuffer(bytes.length);
  new Uint8Array(copy).set(bytes);
  return copy;
}

export type TriageModelDocument = {
  format: typeof MODEL_FORMAT;
  version: number;
  training: TriageModel['training'];
  featureOptions: TriageModel['featureOptions'];
  fieldKeys: string[];
  blockWeights: BlockWeights;
  vocabulary: { size: number; hashes: string; idf: string };
  labels: Record<
    string,
    { classes: string[]; temperature: number; entries: number; rowStart: string; classIds: string; weights: string }
  >;
};

export function toModelDocument(model: TriageModel): TriageModelDocument {
  const labels: TriageModelDocument['labels'] = {};
  for (const label of TRIAGE_LABELS) {
    const weights = model.labels[label];
    if (!weights) continue;
    labels[label] = {
      classes: weights.classes,
      temperature: weights.temperature,
      entries: weights.weights.length,
      rowStart: encode(weights.rowStart),
      classIds: encode(weights.classIds),
      weights: encode(weights.weights),
    };
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_FORMAT_VERSION,
    training: model.training,
    featureOptions: model.featureOptions,
    fieldKeys: model.fieldKeys,
    blockWeights: model.blockWeights,
    vocabulary: {
      size: model.vocabulary.size,
      hashes: encode(model.vocabulary.hashes),
      idf: encode(model.vocabulary.idf),
    },
    labels,
  };
}

export function serializeTriageModel(model: TriageModel): string {
  return JSON.stringify(toModelDocument(model));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a model from its JSON text or parsed document; a foreign or damaged file gives a Russian error. */
export function parseTriageModel(source: string | unknown): TriageModel {
  let document: unknown = source;
  if (typeof source === 'string') {
    try {
      document = JSON.parse(source);
    } catch {
      throw new TriageModelError('Файл модели — не JSON.');
    }
  }
  if (!isRecord(document) || document.format !== MODEL_FORMAT) {
    throw new TriageModelError('Это не модель классификатора Отклика (нет format: "otklik-triage-model").');
  }
  if (document.version !== MODEL_FORMAT_VERSION) {
    throw new TriageModelError(
      `Версия формата модели ${String(document.version)} не поддерживается (нужна ${MODEL_FORMAT_VERSION}): обучите модель заново.`,
    );
  }
  const vocabulary = document.vocabulary;
  if (!isRecord(vocabulary) || typeof vocabulary.size !== 'number' || !Number.isInteger(vocabulary.size)) {
    throw new TriageModelError('Модель повреждена: нет словаря признаков.');
  }
  const size = vocabulary.size;
  const hashes = new Int32Array(decodeBytes(vocabulary.hashes, 'vocabulary.hashes', 4, size));
  const idf = new Float32Array(decodeBytes(vocabulary.idf, 'vocabulary.idf', 4, size));
  const blocks = Uint8Array.from(hashes, (hash) => hash & 3);
  const labels: TriageModel['labels'] = {};
  const labelDocuments = isRecord(document.labels) ? document.labels : {};
  for (const label of TRIAGE_LABELS) {
    const entry = labelDocuments[label];
    if (entry === undefined) continue;
    if (
      !isRecord(entry) ||
      !Array.isArray(entry.classes) ||
      !entry.classes.every((value) => typeof value === 'string') ||
      typeof entry.temperature !== 'number' ||
      !(entry.temperature > 0) ||
      typeof entry.entries !== 'number'
    ) {
      throw new TriageModelError(`Модель повреждена: метка «${label}».`);
    }
    const weights: LabelWeights = {
      classes: entry.classes as string[],
      temperature: entry.temperature,
      rowStart: new Int32Array(decodeBytes(entry.rowStart, `${label}.rowStart`, 4, size + 1)),
      classIds: new Uint16Array(decodeBytes(entry.classIds, `${label}.classIds`, 2, entry.entries)),
      weights: new Float32Array(decodeBytes(entry.weights, `${label}.weights`, 4, entry.entries)),
    };
    if (weights.rowStart[size] !== entry.entries || weights.classIds.some((id) => id >= weights.classes.length)) {
      throw new TriageModelError(`Модель повреждена: веса метки «${label}» не сходятся со словарём.`);
    }
    labels[label] = weights;
  }
  if (!isRecord(document.featureOptions) || !Array.isArray(document.fieldKeys) || !isRecord(document.blockWeights)) {
    throw new TriageModelError('Модель повреждена: нет параметров признаков.');
  }
  return {
    featureOptions: document.featureOptions as TriageModel['featureOptions'],
    fieldKeys: document.fieldKeys as string[],
    blockWeights: document.blockWeights as BlockWeights,
    vocabulary: new FeatureVocabulary(hashes, blocks, idf),
    labels,
    training: (isRecord(document.training) ? document.training : {}) as TriageModel['training'],
  };
}
