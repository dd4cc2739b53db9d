import snowball from 'snowball-stemmers';

// Russian words and their stems (Snowball's Russian stemmer), for routing rules and the grouping of
// mass problems. Pure and browser-safe: the same code runs in the rule test panel and on the server.

const stemmer = snowball.newStemmer('russian');
const WORD = /[\p{L}\p{N}]+/gu;
const STEM_CACHE_LIMIT = 50_000;
const stemCache = new Map<string, string>();

/**
 * Function words that say nothing about a problem. Written for Otklik (prepositions, conjunctions,
 * pronouns, particles and a few everyday words of residents' letters).
 */
export const RUSSIAN_STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы где да даже для до его ' +
    'её ее ей ему если есть еще ещё же за здесь и из или им их к как какой когда кто ли либо мне мной мы на над ' +
    'надо наш не него нее неё нет ни них но ну о об однако он она они оно от очень по под после при про с со ' +
    'так также там то того тоже той только том тот ту тут у уже хотя чего чей чем что чтобы чье эта эти это этого ' +
    'этой этом этот я просим прошу пожалуйста здравствуйте добрый день спасибо уважаемые'
  ).split(' '),
);

/** Lower-case words (letters and digits), «ё» read as «е». */
export function splitWords(text: string): string[] {
  return (text.toLowerCase().replaceAll('ё', 'е').match(WORD) ?? []) as string[];
}

/** The Snowball stem of one lower-case word (cached: residents repeat the same words). */
export function stemWord(word: string): string {
  const normalized = word.toLowerCase().replaceAll('ё', 'е');
  const cached = stemCache.get(normalized);
  if (cached !== undefined) return cached;
  const stem = /\p{L}/u.test(normalized) ? stemmer.stem(normalized) : normalized;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(normalized, stem);
  return stem;
}

/** Stems of every word in order (stop words kept: phrases need them). */
export function stemText(text: string): string[] {
  return splitWords(text).map(stemWord);
}

/**
 * Stems of the meaningful words: stop words, one-letter words, bare numbers and masked words («XXXX», as
 * portals hide personal data) dropped.
 */
export function stemContentWords(text: string): string[] {
  const stems: string[] = [];
  for (const word of splitWords(text)) {
    if (word.length < 2 || RUSSIAN_STOP_WORDS.has(word) || /^(\d+|x+)$/.test(word)) continue;
    stems.push(stemWord(word));
  }
  return stems;
}
