import { createRequire } from 'node:module';

/** The Russian Snowball stemmer of `snowball-stemmers` (a CommonJS package without types). */
type Stemmer = { stem(word: string): string };
type SnowballFactory = { newStemmer(language: string): Stemmer };

const require = createRequire(import.meta.url);

export function snowballFactory(): Stemmer {
  const factory = require('snowball-stemmers') as SnowballFactory;
  const stemmer = factory.newStemmer('russian');
  const cache = new Map<string, string>();
  return {
    stem(word: string): string {
      let stem = cache.get(word);
      if (stem === undefined) {
        stem = stemmer.stem(word);
        if (cache.size < 50_000) cache.set(word, stem);
      }
      return stem;
    },
  };
}
