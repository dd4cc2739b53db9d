import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { canViewApplicantData, maskContact, maskPersonName } from './access.js';

test('ФИО скрывается до первой буквы фамилии и инициалов', () => {
  assert.equal(maskPersonName('Иванова Мария Петровна'), 'И****** М. П.');
  assert.equal(maskPersonName('Ян'), 'Я**');
  assert.equal(maskPersonName(null), null);
  assert.equal(maskPersonName('   '), null);
});

test('маска ФИО никогда не содержит фамилию целиком', () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[А-ЯЁ][а-яё]{2,15}$/),
      fc.stringMatching(/^[А-ЯЁ][а-яё]{1,10}$/),
      (surname, name) => {
        const masked = maskPersonName(`${surname} ${name}`) ?? '';
        assert.ok(!masked.includes(surname.slice(1)), masked);
      },
    ),
  );
});

test('телефон и почта скрываются, оставляя подсказку', () => {
  assert.equal(maskContact('+7 913 123-45-67'), '+* *** ***-**-67');
  assert.equal(maskContact('nesterova.irina@rambler.ru'), 'n***@rambler.ru');
  assert.equal(maskContact(null), null);
});

test('открытые ПДн — только ролям, которым они нужны для работы', () => {
  assert.equal(canViewApplicantData(['executor']), true);
  assert.equal(canViewApplicantData(['coordinator_pos']), true);
  assert.equal(canViewApplicantData(['head']), false);
  assert.equal(canViewApplicantData(['cur_curator']), false);
  assert.equal(canViewApplicantData(['admin']), false);
  assert.equal(canViewApplicantData(['head', 'executor']), true);
});
