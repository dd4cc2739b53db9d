import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONDITION_EXAMPLES, emptyDraft, parseDraft } from './rule-draft.js';

test('черновик правила: примеры условий проходят схему; ошибка JSON и схемы названа с путём', () => {
  const draft = {
    ...emptyDraft(),
    name: 'Проверка',
    conditionsText: JSON.stringify(Object.values(CONDITION_EXAMPLES)),
  };
  const parsed = parseDraft(draft);
  assert.ok('definition' in parsed, JSON.stringify(parsed));
  assert.equal(parsed.definition.conditions.length, 13);
  const broken = parseDraft({ ...draft, conditionsText: '[{' });
  assert.ok('errors' in broken && broken.errors[0]?.startsWith('Условия: не JSON'), 'ошибка JSON названа');
  const wrong = parseDraft({ ...draft, conditionsText: '[{"type":"radius","latitude":95,"longitude":1,"meters":10}]' });
  assert.ok('errors' in wrong && wrong.errors[0]?.startsWith('conditions.0.latitude'), 'путь к полю назван');
});
