import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { runOtklik } from '../../test-support/cli-process.js';
import { describeSlaDeadline, describeSlaElapsed, translateCommanderError } from './sla.cli.js';

const root = path.resolve(import.meta.dirname, '../../../..');

describe('otklik sla (отдельные процессы, без базы данных)', { concurrency: true }, () => {
  test('deadline печатает срок ISO-8601 со смещением зоны; по умолчанию Europe/Moscow', async () => {
    const result = await runOtklik(
      ['sla', 'deadline', '--schedule', 'mcu', '--start', '2026-03-13T17:00:00+03:00', '--duration', '1wh'],
      {},
    );
    assert.equal(result.stderr, '');
    assert.equal(result.stdout, '2026-03-16T09:00:00+03:00\n');
    assert.equal(result.code, 0);
  });

  test('deadline с --tz: срок по местному времени Камчатки', async () => {
    const result = await runOtklik(
      [
        'sla',
        'deadline',
        '--schedule',
        'mcu',
        '--start',
        '2026-03-13T14:00:00Z',
        '--duration',
        '1wh',
        '--tz',
        'Asia/Kamchatka',
      ],
      {},
    );
    assert.equal(result.stdout, '2026-03-16T09:30:00+12:00\n');
    assert.equal(result.code, 0);
  });

  test('elapsed печатает целые рабочие минуты', async () => {
    const result = await runOtklik(
      [
        'sla',
        'elapsed',
        '--schedule',
        'mcu',
        '--from',
        '2026-03-06T17:00:00+03:00',
        '--to',
        '2026-03-10T09:00:30+03:00',
      ],
      {},
    );
    assert.equal(result.stdout, '60\n');
    assert.equal(result.code, 0);
  });

  const failures: [name: string, args: string[], message: RegExp][] = [
    [
      'неизвестная единица',
      ['deadline', '--schedule', 'mcu', '--start', '2026-03-13T17:00', '--duration', '8h'],
      /^Ошибка в параметре --duration: «8h» — не срок: укажите число и единицу/,
    ],
    [
      'неизвестный график',
      ['deadline', '--schedule', 'mcu2', '--start', '2026-03-13T17:00', '--duration', '8wh'],
      /^Ошибка в параметре --schedule: неизвестный график «mcu2»; есть mcu, 24x7, daily18\./,
    ],
    ['нет --start', ['deadline', '--schedule', 'mcu', '--duration', '8wh'], /^Ошибка: не указан параметр --start\./],
    [
      'неверная дата',
      ['elapsed', '--schedule', 'mcu', '--from', '2026-02-30T10:00', '--to', '2026-03-01'],
      /^Ошибка в параметре --from: «2026-02-30T10:00» — не момент времени ISO-8601/,
    ],
    [
      'неизвестная зона',
      ['elapsed', '--schedule', '24x7', '--from', '2026-03-01', '--to', '2026-03-02', '--tz', 'Europe/Mos'],
      /^Ошибка в параметре --tz: неизвестный часовой пояс «Europe\/Mos»/,
    ],
    ['параметр без значения', ['deadline', '--schedule'], /^Ошибка: у параметра --schedule не указано значение\./],
    ['неизвестный параметр', ['deadline', '--shedule', 'mcu'], /^Ошибка: неизвестный параметр --shedule\./],
  ];
  for (const [name, args, message] of failures) {
    test(`ошибка ввода — ${name}: русское сообщение с названием параметра, код 1`, async () => {
      const result = await runOtklik(['sla', ...args], {});
      assert.match(result.stderr, message);
      assert.equal(result.stdout, '');
      assert.equal(result.code, 1);
    });
  }
});

describe('sla: правила вывода', () => {
  test('доли минуты отбрасываются к нулю, в обе стороны', () => {
    const base = { schedule: '24x7', tz: 'Europe/Moscow' };
    assert.equal(describeSlaElapsed({ ...base, from: '2026-03-10T10:00:00', to: '2026-03-10T10:00:59.999' }), '0');
    assert.equal(describeSlaElapsed({ ...base, from: '2026-03-10T10:00:00', to: '2026-03-10T10:02:30' }), '2');
    assert.equal(describeSlaElapsed({ ...base, from: '2026-03-10T10:02:30', to: '2026-03-10T10:00:00' }), '-2');
  });

  test('сообщения commander переводятся, прочее проходит как есть', () => {
    assert.equal(
      translateCommanderError("error: option '--start <ISO-8601>' argument missing\n"),
      'Ошибка: у параметра --start не указано значение.\n',
    );
    assert.equal(
      translateCommanderError("error: unknown command 'deadlin'\n(Did you mean deadline?)\n"),
      'Ошибка: неизвестная команда «deadlin»; есть deadline и elapsed.\n',
    );
    assert.equal(translateCommanderError('что-то ещё\n'), 'что-то ещё\n');
  });

  test('каждый пример из docs/working-time.md верен', () => {
    const text = fs.readFileSync(path.join(root, 'docs/working-time.md'), 'utf8');
    const rows = [...text.matchAll(/^\| `(sla (deadline|elapsed) [^`]+)` \| `([^`]+)` \|/gm)];
    assert.ok(rows.length >= 20, `примеров в документе: ${rows.length}`);
    for (const [, command = '', kind, expected] of rows) {
      const tokens = command.split(' ').slice(2);
      const options: Record<string, string> = {};
      for (let index = 0; index + 1 < tokens.length; index += 2) {
        options[(tokens[index] ?? '').replace(/^--/, '')] = tokens[index + 1] ?? '';
      }
      const actual = kind === 'deadline' ? describeSlaDeadline(options) : describeSlaElapsed(options);
      assert.equal(actual, expected, command);
    }
  });
});
