import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { findUnknownPlaceholders, renderTemplate } from './answer-templates.js';

test('подстановки заполняются из сообщения; недостающие видны в тексте и перечислены', () => {
  const result = renderTemplate(
    'Ваше сообщение № {{номер}} от {{ дата }} по адресу {{адрес}} выполнено. {{Исполнитель}}',
    {
      номер: '2026-000123',
      дата: '22.11.2026',
      исполнитель: 'Кузьмин И. П.',
    },
  );
  assert.equal(
    result.text,
    'Ваше сообщение № 2026-000123 от 22.11.2026 по адресу [адрес не указан] выполнено. Кузьмин И. П.',
  );
  assert.deepEqual(result.missing, ['адрес']);
});

test('неизвестные подстановки находятся и не трогаются при заполнении', () => {
  assert.deepEqual(findUnknownPlaceholders('{{номер}} {{срок}} {{ адрес }} {{срок}}'), ['срок']);
  assert.equal(renderTemplate('{{срок}}', {}).text, '{{срок}}');
});

test('текст без подстановок не меняется', () => {
  fc.assert(
    fc.property(
      fc.string().filter((text) => !text.includes('{{')),
      (text) => {
        assert.equal(renderTemplate(text, { номер: '1' }).text, text);
      },
    ),
  );
});
