import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SLA_POLICIES } from '../../../../shared/sla/sla-policy.js';
import {
  describePolicyError,
  groupPolicyErrors,
  isCatchAll,
  parsePolicyForm,
  toPolicyFormName,
  toPolicyFormValues,
} from './policy-form.js';
import { splitFieldPath } from './server-field-errors.js';

test('every shipped policy goes through the form unchanged', () => {
  for (const policy of DEFAULT_SLA_POLICIES) {
    const input = JSON.parse(JSON.stringify(policy));
    const parsed = parsePolicyForm(toPolicyFormValues(input));
    assert.deepEqual(parsed.policy, input);
  }
});

test('the catch-all is the policy without conditions', () => {
  const last = DEFAULT_SLA_POLICIES.at(-1);
  const first = DEFAULT_SLA_POLICIES[0];
  assert.ok(last && first);
  assert.equal(isCatchAll(last), true);
  assert.equal(isCatchAll(first), false);
  assert.equal(isCatchAll({ ...last, match: { channels: [], categories: [] } }), true);
});

test('the form is checked with the contract: errors name the fields of the drawer', () => {
  const first = DEFAULT_SLA_POLICIES[0];
  assert.ok(first);
  const values = toPolicyFormValues(JSON.parse(JSON.stringify(first)));
  values.name = ' ';
  values.warningPercent = 120;
  values.timers = [{ kind: 'answer', scheduleId: 'mcu', duration: { unit: 'wh', amount: -1 } }];
  const parsed = parsePolicyForm(values);
  assert.equal(parsed.policy, null);
  const names = parsed.errors.map((error) => toPolicyFormName(error.path));
  assert.deepEqual(names, [['name'], ['timers', 0, 'duration'], ['warningPercent']]);
  assert.equal(parsed.errors[0]?.message, 'Не может быть пустым');
});

test('server errors are put beside the policy they name', () => {
  const { byPolicy, general } = groupPolicyErrors([
    { path: splitFieldPath('policies.3.timers.0.scheduleId'), message: 'Неизвестный график' },
    { path: splitFieldPath('policies.6.match'), message: 'Нужна политика без условий' },
    { path: splitFieldPath('policies'), message: 'Нужна хотя бы одна политика' },
  ]);
  assert.deepEqual(byPolicy.get(3), [{ path: ['timers', 0, 'scheduleId'], message: 'Неизвестный график' }]);
  assert.deepEqual(general, ['Нужна хотя бы одна политика']);
  const [timerError] = byPolicy.get(3) ?? [];
  assert.ok(timerError);
  assert.equal(describePolicyError(timerError), 'таймер 1, график: Неизвестный график');
  assert.equal(toPolicyFormName(timerError.path)?.join('.'), 'timers.0.scheduleId');
  assert.equal(toPolicyFormName(['match']), null);
});
