// Case-insensitive Russian text matching that behaves the same on PGlite and PostgreSQL.

const UPPER_CYRILLIC = 'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ';
const LOWER_CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя';

/**
 * SQL that lower-cases Latin and Cyrillic alike: PGlite runs with the "C" locale, where `lower()` leaves
 * Cyrillic untouched, so Cyrillic capitals are folded with translate() first.
 */
export function foldCaseSql(expression: string): string {
  return `lower(translate(${expression}, '${UPPER_CYRILLIC}', '${LOWER_CYRILLIC}'))`;
}

/** A `like` pattern that finds `text` anywhere, case-folded, with `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text.toLocaleLowerCase('ru'))}%`;
}

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
