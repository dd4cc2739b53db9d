import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CalendarYearView } from '../../../../shared/contracts/sla.contract.js';
import { RUSSIAN_PRODUCTION_CALENDAR } from '../../../../shared/working-time/production-calendar-ru.js';
import {
  applyDayChoice,
  buildMonthWeeks,
  countYearTotals,
  createDayLookup,
  isSameDraft,
  listKindsForDate,
  toCalendarDraft,
  toCalendarInput,
} from './calendar-grid.js';

function shippedView(year: number): CalendarYearView {
  const found = RUSSIAN_PRODUCTION_CALENDAR.years.find((candidate) => candidate.year === year);
  assert.ok(found);
  return { ...found, holidays: [...found.holidays], days: [...found.days], isEdited: false, isShipped: true };
}

test('the 2026 grid: holidays with names, transfers, shortened days and the official totals', () => {
  const draft = toCalendarDraft(shippedView(2026));
  const lookup = createDayLookup(draft, [{ date: '2026-12-15', note: 'День города' }]);
  assert.deepEqual(lookup('2026-01-07'), {
    date: '2026-01-07',
    kind: 'holiday',
    holidayName: 'Рождество Христово',
    isWorkingDay: false,
  });
  assert.equal(lookup('2026-03-09').kind, 'transferredDayOff');
  assert.equal(lookup('2026-03-09').movedFrom, '2026-03-08');
  assert.equal(lookup('2026-04-30').kind, 'shortened');
  assert.equal(lookup('2026-03-14').kind, 'weekend');
  assert.equal(lookup('2026-03-10').kind, 'workday');
  assert.equal(lookup('2026-12-15').localDayOff?.note, 'День города');
  // 247 working days and 1 972 hours of a 40-hour week: the figures of the 2026 decree.
  assert.deepEqual(countYearTotals(2026, lookup), {
    workingDays: 247,
    shortenedDays: 4,
    normHours40: 1972,
    localDaysOff: 1,
  });
});

test('a year without data starts from the holidays of Art. 112 ТК РФ', () => {
  const draft = toCalendarDraft({
    year: 2027,
    source: '',
    holidays: [],
    days: [],
    isEdited: false,
    isShipped: false,
  });
  const lookup = createDayLookup(draft, []);
  assert.equal(lookup('2027-01-07').holidayName, 'Рождество Христово');
  assert.equal(lookup('2027-06-12').kind, 'holiday');
  assert.equal(lookup('2027-06-14').kind, 'workday');
  assert.equal(draft.days.length, 14);
});

test('choosing a kind edits the draft: a new holiday name is added, an ordinary day leaves the list', () => {
  const original = toCalendarDraft(shippedView(2026));
  const withHoliday = applyDayChoice(original, '2026-12-31', { kind: 'holiday', holidayName: 'Новый год (канун)' });
  const lookup = createDayLookup(withHoliday, []);
  assert.equal(lookup('2026-12-31').holidayName, 'Новый год (канун)');
  assert.equal(withHoliday.holidays.at(-1)?.id, 9);
  assert.equal(isSameDraft(original, withHoliday), false);

  const back = applyDayChoice(withHoliday, '2026-12-31', { kind: 'transferredDayOff', movedFrom: '2026-01-04' });
  assert.equal(createDayLookup(back, [])('2026-12-31').movedFrom, '2026-01-04');
  assert.equal(
    back.holidays.some((holiday) => holiday.name === 'Новый год (канун)'),
    false,
  );
  assert.equal(isSameDraft(original, back), true);

  const ordinary = applyDayChoice(original, '2026-04-30', { kind: 'workday' });
  assert.equal(createDayLookup(ordinary, [])('2026-04-30').kind, 'workday');
  assert.equal(toCalendarInput(ordinary).days.length, original.days.length - 1);
});

test('a working weekend day is offered only on Saturday and Sunday', () => {
  assert.ok(listKindsForDate('2026-03-14').includes('workingWeekend'));
  assert.ok(!listKindsForDate('2026-03-13').includes('workingWeekend'));
});

test('a month is laid out in weeks from Monday', () => {
  const march = buildMonthWeeks(2026, 3);
  assert.deepEqual(march[0], [null, null, null, null, null, null, '2026-03-01']);
  assert.equal(march.at(-1)?.[1], '2026-03-31');
  assert.equal(march.length, 6);
  assert.equal(buildMonthWeeks(2021, 2).length, 4);
});
