import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { endOfQuietPeriod, fromLocalMoment, isInQuietHours, toLocalMoment } from './quiet-hours.js';

const night = { from: '22:00', to: '07:00' };

test('ночные тихие часы 22:00–07:00 по Москве: конец — ближайшие 07:00 по Москве', () => {
  // 23:30 MSK → 07:00 MSK next day = 04:00Z.
  assert.equal(
    endOfQuietPeriod(new Date('2026-03-10T20:30:00Z'), night, 'Europe/Moscow')?.toISOString(),
    '2026-03-11T04:00:00.000Z',
  );
  // 03:15 MSK → 07:00 MSK the same day.
  assert.equal(
    endOfQuietPeriod(new Date('2026-03-11T00:15:00Z'), night, 'Europe/Moscow')?.toISOString(),
    '2026-03-11T04:00:00.000Z',
  );
  // Exactly 22:00 is quiet already, exactly 07:00 is not any more.
  assert.equal(isInQuietHours(new Date('2026-03-10T19:00:00Z'), night, 'Europe/Moscow'), true);
  assert.equal(isInQuietHours(new Date('2026-03-11T04:00:00Z'), night, 'Europe/Moscow'), false);
  assert.equal(endOfQuietPeriod(new Date('2026-03-11T09:00:00Z'), night, 'Europe/Moscow'), undefined);
});

test('дневные тихие часы и пояса от Калининграда до Камчатки', () => {
  const lunch = { from: '13:00', to: '14:00' };
  // 13:20 in Vladivostok (UTC+10) = 03:20Z → 14:00 local = 04:00Z.
  assert.equal(
    endOfQuietPeriod(new Date('2026-06-01T03:20:00Z'), lunch, 'Asia/Vladivostok')?.toISOString(),
    '2026-06-01T04:00:00.000Z',
  );
  // 23:00 on 31 December in Kaliningrad (UTC+2) → 07:00 on 1 January of the next year.
  assert.equal(
    endOfQuietPeriod(new Date('2026-12-31T21:00:00Z'), night, 'Europe/Kaliningrad')?.toISOString(),
    '2027-01-01T05:00:00.000Z',
  );
  // Kamchatka (UTC+12): 06:59 local is quiet, the period ends a minute later.
  assert.equal(
    endOfQuietPeriod(new Date('2026-06-01T18:59:00Z'), night, 'Asia/Kamchatka')?.toISOString(),
    '2026-06-01T19:00:00.000Z',
  );
  assert.equal(endOfQuietPeriod(new Date('2026-06-01T12:00:00Z'), { from: '09:00', to: '09:00' }, 'UTC'), undefined);
});

test('пояс с переходом на летнее время: конец тихих часов — по местным часам того дня', () => {
  // Berlin switches to summer time on 29 March 2026 at 02:00 local; 07:00 local that day is 05:00Z.
  assert.equal(
    endOfQuietPeriod(new Date('2026-03-28T22:30:00Z'), night, 'Europe/Berlin')?.toISOString(),
    '2026-03-29T05:00:00.000Z',
  );
  // A wall time inside the skipped hour resolves to the moment after the gap.
  const skipped = fromLocalMoment({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin');
  assert.equal(skipped.toISOString(), '2026-03-29T01:30:00.000Z');
});

test('свойство: конец тихих часов позже «сейчас», не дальше суток, и в этот момент часы уже не тихие', () => {
  const zones = ['Europe/Moscow', 'Europe/Kaliningrad', 'Asia/Yekaterinburg', 'Asia/Vladivostok', 'Asia/Kamchatka'];
  const time = fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([hour, minute]) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`);
  fc.assert(
    fc.property(
      fc.date({ min: new Date('2018-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }),
      time,
      time,
      fc.constantFrom(...zones),
      (now, from, to, zone) => {
        const end = endOfQuietPeriod(now, { from, to }, zone);
        if (end === undefined) return;
        assert.ok(end.getTime() > now.getTime() - 60_000, 'конец не в прошлом');
        assert.ok(end.getTime() - now.getTime() <= 24 * 3600_000, 'не дальше суток');
        assert.equal(isInQuietHours(end, { from, to }, zone), false);
        const local = toLocalMoment(end, zone);
        assert.equal(`${String(local.hour).padStart(2, '0')}:${String(local.minute).padStart(2, '0')}`, to);
      },
    ),
    { numRuns: 500 },
  );
});
