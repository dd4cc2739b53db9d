import { normalizeText, type TextToken, tokenizeText } from './triage-text.js';

// Feature extraction: what the linear model sees of a case. Three blocks, each hashed to 32-bit ids:
//   word  — stems of the content words and pairs of neighbouring stems (word 1–2-grams);
//   char  — character 2–5-grams inside each word, the word padded with a space on both sides
//           (so «двор» gives « д», «дв», …, «ор », « дв», …), which catches spelling variants and
//           the endings the stemmer leaves;
//   field — one-hot structured fields («territory=…», «channel=…», «object=…»), their pairwise crosses,
//           and a bias feature present in every case.
// Hashing keeps the extractor stateless; the model keeps only the ids seen in at least two training cases.

export const FEATURE_BLOCKS = ['word', 'char', 'field'] as const;
export type FeatureBlock = (typeof FEATURE_BLOCKS)[number];
export const WORD_BLOCK = 0;
export const CHAR_BLOCK = 1;
export const FIELD_BLOCK = 2;

/** One case as the classifier reads it: the text and the structured fields by name (missing = absent). */
export type TriageInput = {
  text: string;
  fields?: Readonly<Record<string, string | null | undefined>>;
};

export type FeatureOptions = {
  /** Character n-gram lengths, inclusive. */
  charMinLength: number;
  charMaxLength: number;
  /** Add word pairs (bigrams) of neighbouring content words. */
  wordBigrams: boolean;
  /** Add pairwise crosses of the structured fields (e.g. territory × object). */
  fieldCrosses: boolean;
};

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  charMinLength: 2,
  charMaxLength: 5,
  wordBigrams: true,
  fieldCrosses: true,
};

/**
 * Receives every feature occurrence; `tokenA`/`tokenB` are the token indices it came from (-1: none).
 * The two low bits of every feature id are its block (see `blockOfFeature`).
 */
export type FeatureSink = (hash: number, block: number, tokenA: number, tokenB: number) => void;

const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x811c9dc5;
const CHAR_SEED = 0x050c5d1f;
const FIELD_SEED = 0x2b5a7d39;
const BIAS_KEY = '\u0000bias';
const CHAR_CACHE_LIMIT = 200_000;
const FIELD_CACHE_LIMIT = 50_000;

/** The block a feature id belongs to (its two low bits). */
export function blockOfFeature(hash: number): number {
  return hash & 3;
}

function tagBlock(hash: number, block: number): number {
  return (hash & ~3) | block;
}

/** 32-bit FNV-1a over UTF-16 code units, from a seed (each block has its own, so blocks never share ids). */
export function hashString(text: string, seed: number): number {
  let hash = seed;
  for (let index = 0; index < text.length; index += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  }
  return hash | 0;
}

const charGramCaches = new Map<number, Map<string, Int32Array>>();

/** The hashed character n-grams of one word, padded with a space on each side (cached per word). */
export function hashCharGrams(word: string, options: FeatureOptions): Int32Array {
  const cacheKey = options.charMinLength * 64 + options.charMaxLength;
  let cache = charGramCaches.get(cacheKey);
  if (!cache) {
    cache = new Map();
    charGramCaches.set(cacheKey, cache);
  }
  const cached = cache.get(word);
  if (cached) return cached;
  const padded = ` ${word} `;
  const grams: number[] = [];
  for (let start = 0; start < padded.length; start += 1) {
    let hash = CHAR_SEED;
    for (let length = 1; length <= options.charMaxLength && start + length <= padded.length; length += 1) {
      hash = Math.imul(hash ^ padded.charCodeAt(start + length - 1), FNV_PRIME);
      if (length >= options.charMinLength) grams.push(tagBlock(hash, CHAR_BLOCK));
    }
  }
  const result = Int32Array.from(grams);
  if (cache.size >= CHAR_CACHE_LIMIT) cache.clear();
  cache.set(word, result);
  return result;
}

/** Normalised value of a structured field: trimmed, lower case, inner spaces collapsed; empty = absent. */
export function normalizeFieldValue(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const normalized = normalizeText(value).trim().replace(/\s+/g, ' ');
  return normalized === '' ? null : normalized;
}

/** The ids of the structured-field features of a case, in the order of `fieldKeys`, then crosses, then bias. */
export function hashFieldFeatures(
  fields: TriageInput['fields'],
  fieldKeys: readonly string[],
  options: FeatureOptions,
): { hashes: number[]; labels: string[] } {
  const present: { key: string; value: string }[] = [];
  for (const key of fieldKeys) {
    const value = normalizeFieldValue(fields?.[key]);
    if (value !== null) present.push({ key, value });
  }
  const hashes: number[] = [];
  const labels: string[] = [];
  for (const { key, value } of present) {
    hashes.push(tagBlock(hashString(`${key}=${value}`, FIELD_SEED), FIELD_BLOCK));
    labels.push(`${key}=${value}`);
  }
  if (options.fieldCrosses) {
    for (let first = 0; first < present.length; first += 1) {
      for (let second = first + 1; second < present.length; second += 1) {
        const a = present[first];
        const b = present[second];
        if (!a || !b) continue;
        const label = `${a.key}=${a.value} & ${b.key}=${b.value}`;
        hashes.push(tagBlock(hashString(label, FIELD_SEED), FIELD_BLOCK));
        labels.push(label);
      }
    }
  }
  hashes.push(tagBlock(hashString(BIAS_KEY, FIELD_SEED), FIELD_BLOCK));
  labels.push('');
  return { hashes, labels };
}

const fieldHashCache = new Map<string, number[]>();

/** `hashFieldFeatures(…).hashes`, cached by the raw field values (cases share a few territories and channels). */
function fieldFeatureHashes(
  fields: TriageInput['fields'],
  fieldKeys: readonly string[],
  options: FeatureOptions,
): number[] {
  let key = options.fieldCrosses ? '1' : '0';
  for (const fieldKey of fieldKeys) key += `\u0001${fieldKey}\u0002${fields?.[fieldKey] ?? ''}`;
  const cached = fieldHashCache.get(key);
  if (cached) return cached;
  const { hashes } = hashFieldFeatures(fields, fieldKeys, options);
  if (fieldHashCache.size >= FIELD_CACHE_LIMIT) fieldHashCache.clear();
  fieldHashCache.set(key, hashes);
  return hashes;
}

/**
 * Feeds every feature occurrence of a case to `sink`; returns the tokens (for explanations). With
 * `wordCharSink`, a word's character n-grams go to it as one call (the word) instead of one call each —
 * the vectoriser caches what a word's n-grams map to.
 */
export function extractFeatures(
  input: TriageInput,
  fieldKeys: readonly string[],
  options: FeatureOptions,
  sink: FeatureSink,
  wordCharSink?: (word: string) => void,
): TextToken[] {
  const tokens = tokenizeText(input.text);
  let previousHash = 0;
  let previousIndex = -1;
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    if (!token) continue;
    if (wordCharSink) wordCharSink(token.word);
    else {
      const grams = hashCharGrams(token.word, options);
      for (let gram = 0; gram < grams.length; gram += 1) sink(grams[gram] ?? 0, CHAR_BLOCK, index, -1);
    }
    if (token.isStopword || token.word.length < 2) continue;
    const stemHash = tagBlock(hashString(token.stem, WORD_SEED), WORD_BLOCK);
    sink(stemHash, WORD_BLOCK, index, -1);
    if (options.wordBigrams && previousIndex >= 0) {
      // The pair hash mixes both stem hashes (order matters), in the word block's own space.
      const pairHash = tagBlock(
        Math.imul(Math.imul(previousHash ^ 0x5bd1e995, FNV_PRIME) ^ stemHash, FNV_PRIME),
        WORD_BLOCK,
      );
      sink(pairHash, WORD_BLOCK, previousIndex, index);
    }
    previousHash = stemHash;
    previousIndex = index;
  }
  for (const hash of fieldFeatureHashes(input.fields, fieldKeys, options)) sink(hash, FIELD_BLOCK, -1, -1);
  return tokens;
}
