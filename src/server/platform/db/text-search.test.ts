import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containsPattern, escapeLike, foldCaseSql } from './text-search.js';

test('шаблон поиска: регистр свёрнут, %, _ и \\ берутся буквально', () => {
  assert.equal(containsPattern('Яма_100%'), '%яма\\_100\\%%');
  assert.equal(escapeLike('a\\b'), 'a\\\\b');
  assert.match(foldCaseSql('c.text'), /^lower\(translate\(c\.text, 'А.*Я', 'а.*я'\)\)$/);
});
