import snowball from 'snowball-stemmers';

// Text normalisation for the classifier: lower case, «ё» → «е», words = runs of letters and digits, Russian
// words reduced to their Snowball stems (cached: the stemmer costs ~4 µs a call and words repeat a lot).
// Nothing here knows any region's names: the same rules apply to every tenant's history.

/** A word of the text as the classifier sees it: the normalised form, its stem, and where it stood. */
export type TextToken = {
  /** Lower-cased, «ё» → «е». */
  word: string;
  /** Snowball stem for Cyrillic words; the word itself otherwise. */
  stem: string;
  /** Is it a function word (preposition, pronoun, particle…) left out of the word features. */
  isStopword: boolean;
  /** Offsets in the original text (UTF-16 code units), for highlighting. */
  start: number;
  end: number;
};

const CYRILLIC_PATTERN = /[а-я]/;
const STEM_CACHE_LIMIT = 300_000;

/**
 * Russian function words: prepositions, conjunctions, particles, pronouns, auxiliary verbs. They carry
 * no topic and only dilute the word features (they still feed the character n-grams).
 */
export const RUSSIAN_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'а без более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже для до ' +
    'его ее ей если есть еще же за здесь и из или им их к как когда кто ли либо между меня мне может ' +
    'мы на над надо наш не него нее нет ни них но ну о об однако он она они оно от очень по под при ' +
    'с со так также такой там те тем то того тоже той только том ты у уже хотя чего чей чем что чтобы ' +
    'чье чья эта эти это этого этой этот я который которая которые которых котором этом свой своих ' +
    'себя нам нас вы ваш мой моя мои сам сама само сами тут туда сюда вообще просто ещё будет будут ' +
    'бывает должен должны почему зачем также просим прошу'
  )
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replaceAll('ё', 'е')),
);

const russianStemmer = snowball.newStemmer('russian');
const stemCache = new Map<string, string>();

/** Lower case and «ё» → «е» (the portals and the residents use both spellings of the same words). */
export function normalizeText(text: string): string {
  return text.toLowerCase().replaceAll('ё', 'е');
}

/** The Snowball stem of a normalised word; non-Cyrillic words (numbers, Latin) are kept as they are. */
export function stemWord(word: string): string {
  const cached = stemCache.get(word);
  if (cached !== undefined) return cached;
  const stem = CYRILLIC_PATTERN.test(word) ? russianStemmer.stem(word) : word;
  if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
  stemCache.set(word, stem);
  return stem;
}

function isWordCharacter(code: number): boolean {
  if (code < 0x80) return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
  if (code >= 0x430 && code <= 0x44f) return true; // а…я after lower-casing
  return WORD_CHARACTER_PATTERN.test(String.fromCharCode(code));
}

const WORD_CHARACTER_PATTERN = /[\p{L}\p{N}]/u;

/** The words of a text (runs of letters and digits), in order, normalised and stemmed. */
export function tokenizeText(text: string): TextToken[] {
  const normalized = normalizeText(text);
  const tokens: TextToken[] = [];
  // toLowerCase keeps the length of Russian and Latin text, so offsets map back to the original; where it
  // does not (rare letters), the offsets are clamped to the original's length.
  let start = -1;
  for (let index = 0; index <= normalized.length; index += 1) {
    const isWord = index < normalized.length && isWordCharacter(normalized.charCodeAt(index));
    if (isWord) {
      if (start < 0) start = index;
      continue;
    }
    if (start < 0) continue;
    const word = normalized.slice(start, index);
    const from = Math.min(start, text.length);
    tokens.push({
      word,
      stem: stemWord(word),
      isStopword: RUSSIAN_STOPWORDS.has(word),
      start: from,
      end: Math.min(index, text.length),
    });
    start = -1;
  }
  return tokens;
}
