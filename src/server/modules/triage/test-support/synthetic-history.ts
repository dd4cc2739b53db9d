import type { DatasetCase } from '../triage-dataset.js';

// A small synthetic history for tests: three topics with their own words, a recipient that depends on the
// topic and the territory (so the structured field matters), noise words shared by all topics.

export const SYNTHETIC_TOPICS = [
  { category: 'Дороги', subcategory: 'Ямы', words: ['яма', 'асфальт', 'дорога', 'выбоина', 'колея'] },
  { category: 'Дворы', subcategory: 'Скамейки', words: ['скамейка', 'лавочка', 'сломана', 'детская', 'площадка'] },
  { category: 'Мусор', subcategory: 'Вывоз', words: ['мусор', 'контейнер', 'переполнен', 'вывоз', 'свалка'] },
] as const;
export const SYNTHETIC_TERRITORIES = ['Северный', 'Южный'] as const;
const NOISE = ['пожалуйста', 'разберитесь', 'уже', 'давно', 'возле', 'дома', 'у', 'нас', 'опять', 'снова'];

function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 4_294_967_296;
  };
}

export function syntheticRecipient(topicIndex: number, territory: string): string {
  return topicIndex === 0 ? 'Дорожная служба' : `Управляющая компания «${territory}»`;
}

/** `count` cases, one minute apart from 2025-01-01, deterministic for a seed. */
export function buildSyntheticCases(count: number, seed = 7): DatasetCase[] {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return Array.from({ length: count }, (_, index) => {
    const topicIndex = Math.floor(random() * SYNTHETIC_TOPICS.length);
    const topic = SYNTHETIC_TOPICS[topicIndex] ?? SYNTHETIC_TOPICS[0];
    const territory = pick(SYNTHETIC_TERRITORIES);
    const words = [pick(NOISE), pick(topic.words), pick(NOISE), pick(topic.words), pick(NOISE)];
    const text = `${words.join(' ')}.`;
    return {
      id: String(index + 1),
      created: Date.UTC(2025, 0, 1) + index * 60_000,
      input: { text: text[0]?.toUpperCase() + text.slice(1), fields: { territory, channel: 'портал' } },
      labels: {
        category: topic.category,
        subcategory: topic.subcategory,
        recipient: syntheticRecipient(topicIndex, territory),
      },
    };
  });
}

/** The cases as history-jsonl lines (Otklik's own export format). */
export function toHistoryJsonl(cases: readonly DatasetCase[]): string {
  return cases
    .map((item) =>
      JSON.stringify({
        id: item.id,
        text: item.input.text,
        created: new Date(item.created).toISOString(),
        territory: item.input.fields?.territory,
        channel: item.input.fields?.channel,
        category: item.labels.category,
        subcategory: item.labels.subcategory,
        recipient: item.labels.recipient,
      }),
    )
    .join('\n')
    .concat('\n');
}
