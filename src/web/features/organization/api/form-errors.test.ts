import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FormInstance } from 'antd';
import { z } from 'zod';
import { ApiError } from '../../../platform/http-client.js';
import { applyServerFieldErrors, contractFieldRule, emptyToNull, toFieldMessage } from './form-errors.js';

type Placed = Array<{ name: string; errors: string[] }>;

function fakeForm(): { form: FormInstance; placed: Placed } {
  const placed: Placed = [];
  const form = { setFields: (fields: Placed) => placed.push(...fields) } as unknown as FormInstance;
  return { form, placed };
}

function validate(schema: z.ZodType, value: unknown): Promise<void> {
  const rule = contractFieldRule(schema);
  assert.ok(typeof rule === 'object' && rule.validator);
  return Promise.resolve(rule.validator({} as never, value, () => undefined));
}

test('a contract message loses the field name a form label already shows', () => {
  assert.equal(toFieldMessage('fullName: не может быть пустым', 'fullName'), 'Не может быть пустым');
  assert.equal(toFieldMessage('roles.0: неизвестная роль', 'roles'), 'Неизвестная роль');
  assert.equal(toFieldMessage('Строка 5: неизвестная роль «король»', 'file'), 'Строка 5: неизвестная роль «король»');
  assert.equal(toFieldMessage('email: неверный адрес'), 'Неверный адрес');
});

test('the server’s field errors land on the form’s fields; an unknown field asks for an alert', () => {
  const { form, placed } = fakeForm();
  const error = new ApiError({
    status: 400,
    code: 'VALIDATION_FAILED',
    message: 'Проверьте поля',
    fields: [
      { field: 'login', message: 'Уже занят' },
      { field: 'endsOn', message: 'endsOn: не раньше startsOn' },
    ],
  });
  assert.equal(applyServerFieldErrors(form, error, ['login', 'period'], { endsOn: 'period' }), true);
  assert.deepEqual(placed, [
    { name: 'login', errors: ['Уже занят'] },
    { name: 'period', errors: ['Не раньше startsOn'] },
  ]);
  assert.equal(applyServerFieldErrors(fakeForm().form, error, ['login']), false);
  assert.equal(applyServerFieldErrors(fakeForm().form, new Error('network'), ['login']), false);
});

test('an empty optional field is valid; an empty required one gets the contract’s message', async () => {
  const optionalEmail = z.string().trim().email('email: неверный адрес').nullable().optional();
  const requiredName = z.string().trim().min(1, 'name: не может быть пустым');
  await validate(optionalEmail, '');
  await validate(optionalEmail, undefined);
  await assert.rejects(validate(optionalEmail, 'не-адрес'), { message: 'Неверный адрес' });
  await assert.rejects(validate(requiredName, '  '), { message: 'Не может быть пустым' });
  await validate(requiredName, 'Иванов');
  assert.equal(emptyToNull('  '), null);
  assert.equal(emptyToNull(' УЖКХ '), 'УЖКХ');
});
