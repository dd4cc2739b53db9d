import { distanceMeters } from '../geo.js';
import { stemContentWords } from '../text/russian-text.js';

// Grouping of mass problems: two cases describe the same problem when they are close in place (within a
// radius, or the same address when there are no coordinates), close in time (within a window) and similar in
// text (cosine of TF-IDF vectors of word stems). A new case joins the group of its most similar earlier case.
// Pure: the server's incremental grouping, the recompute command and bench/clusters.bench.ts share it.

export type GroupingOptions = {
  /** Two cases farther apart than this are different problems. */
  radiusMeters: number;
  /** A case is compared with cases received at most this many days before it. */
  windowDays: number;
  /** Cosine similarity of the stem vectors needed to group (0…1). */
  minSimilarity: number;
};

/** Defaults chosen on the measurement in docs/clusters.md (precision first: a wrong group misleads the answer). */
export const DEFAULT_GROUPING_OPTIONS: GroupingOptions = { radiusMeters: 50, windowDays: 7, minSimilarity: 0.3 };

export type GroupingCase = {
  id: string;
  text: string;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  /** Epoch milliseconds. */
  receivedAt: number;
};

export type TermVector = Map<string, number>;
export type PreparedCase = GroupingCase & { vector: TermVector; addressKey: string | null };

/** Document frequencies of stems over a collection (the tenant's recent cases). */
export class DocumentFrequencies {
  private readonly counts = new Map<string, number>();
  private documents = 0;

  add(stems: Iterable<string>): void {
    this.documents += 1;
    for (const stem of new Set(stems)) this.counts.set(stem, (this.counts.get(stem) ?? 0) + 1);
  }

  get size(): number {
    return this.documents;
  }

  /** Smoothed inverse document frequency: rare stems weigh more, an unseen stem the most. */
  inverse(stem: string): number {
    return Math.log((this.documents + 1) / ((this.counts.get(stem) ?? 0) + 1)) + 1;
  }
}

export function buildDocumentFrequencies(texts: Iterable<string>): DocumentFrequencies {
  const frequencies = new DocumentFrequencies();
  for (const text of texts) frequencies.add(stemContentWords(text));
  return frequencies;
}

/** TF-IDF (sublinear term frequency) of the text's content stems, normalised to unit length. */
export function buildTermVector(text: string, frequencies: DocumentFrequencies): TermVector {
  const counts = new Map<string, number>();
  for (const stem of stemContentWords(text)) counts.set(stem, (counts.get(stem) ?? 0) + 1);
  const vector: TermVector = new Map();
  let norm = 0;
  for (const [stem, count] of counts) {
    const weight = (1 + Math.log(count)) * frequencies.inverse(stem);
    vector.set(stem, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [stem, weight] of vector) vector.set(stem, weight / norm);
  return vector;
}

export function cosineSimilarity(a: TermVector, b: TermVector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [stem, weight] of small) {
    const other = large.get(stem);
    if (other !== undefined) sum += weight * other;
  }
  return sum;
}

/** An address compared without case, punctuation and «ё». */
export function normalizeAddress(address: string | null): string | null {
  if (!address) return null;
  const key = (
    address
      .toLowerCase()
      .replaceAll('ё', 'е')
      .match(/[\p{L}\p{N}]+/gu) ?? []
  ).join(' ');
  return key === '' ? null : key;
}

export function prepareCase(item: GroupingCase, frequencies: DocumentFrequencies): PreparedCase {
  return { ...item, vector: buildTermVector(item.text, frequencies), addressKey: normalizeAddress(item.address) };
}

/** Same place: both have coordinates within the radius, or neither has and the addresses are equal. */
export function isSamePlace(a: PreparedCase, b: PreparedCase, options: GroupingOptions): boolean {
  if (a.latitude !== null && a.longitude !== null && b.latitude !== null && b.longitude !== null) {
    return (
      distanceMeters(
        { latitude: a.latitude, longitude: a.longitude },
        { latitude: b.latitude, longitude: b.longitude },
      ) <= options.radiusMeters
    );
  }
  return a.addressKey !== null && a.addressKey === b.addressKey;
}

const DAY_MS = 86_400_000;

/** The most similar earlier candidate at the same place within the window and above the threshold, if any. */
export function findSimilarCase(
  target: PreparedCase,
  candidates: Iterable<PreparedCase>,
  options: GroupingOptions,
): { match: PreparedCase; similarity: number } | null {
  let best: { match: PreparedCase; similarity: number } | null = null;
  for (const candidate of candidates) {
    if (candidate.id === target.id) continue;
    const age = target.receivedAt - candidate.receivedAt;
    if (age < 0 || age > options.windowDays * DAY_MS) continue;
    if (!isSamePlace(target, candidate, options)) continue;
    const similarity = cosineSimilarity(target.vector, candidate.vector);
    if (similarity >= options.minSimilarity && (!best || similarity > best.similarity))
      best = { match: candidate, similarity };
  }
  return best;
}

/** Cells of about the radius, so that neighbours are found among the 3 × 3 cells around a point. */
class SpatialGrid {
  private readonly cells = new Map<string, PreparedCase[]>();
  private readonly withoutCoordinates = new Map<string, PreparedCase[]>();
  private readonly cellDegrees: number;

  constructor(radiusMeters: number) {
    this.cellDegrees = Math.max(radiusMeters, 1) / 111_000;
  }

  private key(latitude: number, longitude: number, dLatitude = 0, dLongitude = 0): string {
    const row = Math.floor(latitude / this.cellDegrees) + dLatitude;
    // Longitude cells widen towards the poles; the cosine keeps them about the radius wide.
    const width = this.cellDegrees / Math.max(Math.cos((latitude * Math.PI) / 180), 0.01);
    return `${row}:${Math.floor(longitude / width) + dLongitude}`;
  }

  add(item: PreparedCase): void {
    if (item.latitude !== null && item.longitude !== null) {
      const key = this.key(item.latitude, item.longitude);
      const cell = this.cells.get(key);
      if (cell) cell.push(item);
      else this.cells.set(key, [item]);
    } else if (item.addressKey) {
      const cell = this.withoutCoordinates.get(item.addressKey);
      if (cell) cell.push(item);
      else this.withoutCoordinates.set(item.addressKey, [item]);
    }
  }

  *near(item: PreparedCase): Iterable<PreparedCase> {
    if (item.latitude !== null && item.longitude !== null) {
      for (let dLatitude = -1; dLatitude <= 1; dLatitude += 1) {
        for (let dLongitude = -1; dLongitude <= 1; dLongitude += 1) {
          yield* this.cells.get(this.key(item.latitude, item.longitude, dLatitude, dLongitude)) ?? [];
        }
      }
    } else if (item.addressKey) {
      yield* this.withoutCoordinates.get(item.addressKey) ?? [];
    }
  }
}

/**
 * Groups a collection in receiving order, exactly as cases arriving one by one would be grouped: each case
 * joins the group of its most similar earlier case (see findSimilarCase). Answers group id → member ids, for
 * groups of two or more.
 */
export function groupCases(
  items: readonly GroupingCase[],
  options: GroupingOptions = DEFAULT_GROUPING_OPTIONS,
  frequencies: DocumentFrequencies = buildDocumentFrequencies(items.map((item) => item.text)),
): Map<string, string[]> {
  return groupPreparedCases(
    items.map((item) => prepareCase(item, frequencies)),
    options,
  );
}

/** groupCases on cases whose vectors are already built (the benchmark sweeps options over one preparation). */
export function groupPreparedCases(
  items: readonly PreparedCase[],
  options: GroupingOptions = DEFAULT_GROUPING_OPTIONS,
): Map<string, string[]> {
  const ordered = [...items].sort((a, b) => a.receivedAt - b.receivedAt || a.id.localeCompare(b.id));
  const grid = new SpatialGrid(options.radiusMeters);
  const groupOf = new Map<string, string>();
  const groups = new Map<string, string[]>();
  for (const item of ordered) {
    const found = findSimilarCase(item, grid.near(item), options);
    if (found) {
      const groupId = groupOf.get(found.match.id) ?? found.match.id;
      if (!groupOf.has(found.match.id)) {
        groupOf.set(found.match.id, groupId);
        groups.set(groupId, [found.match.id]);
      }
      groupOf.set(item.id, groupId);
      groups.get(groupId)?.push(item.id);
    }
    grid.add(item);
  }
  return groups;
}
