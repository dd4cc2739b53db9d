import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeFieldReason, formatConfidence } from './triage.api.js';

test('поле-причина подсказки по-русски: название поля и канал по справочнику, сочетание полей через «и»', () => {
  assert.equal(describeFieldReason('channel=phone'), 'канал: Телефон, горячая линия');
  assert.equal(
    describeFieldReason('territory=северный & object=ул. ленина, 5'),
    'район: северный и адрес: ул. ленина, 5',
  );
  assert.equal(describeFieldReason('channel=нечто'), 'канал: нечто');
  assert.equal(formatConfidence(0.8712), '87 %');
});
