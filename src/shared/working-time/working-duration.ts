import { parseTimeOfDay } from './work-schedule.js';
import { WorkingTimeError } from './working-time-error.js';

/**
 * `wm` working minutes, `wh` working hours (of the schedule), `wd` working days, `cd` calendar days,
 * `cdw` calendar days moved to the next working day when the last one is not a working day.
 */
export type WorkingDurationUnit = 'wm' | 'wh' | 'wd' | 'cd' | 'cdw';

export const WORKING_DURATION_UNITS: readonly WorkingDurationUnit[] = ['wm', 'wh', 'wd', 'cd', 'cdw'];

/** A duration as policies store it: `{ unit: 'wh', amount: 8 }` or `{ unit: 'sameDayBy', time: '18:00' }`. */
export type WorkingDuration =
  | { readonly unit: WorkingDurationUnit; readonly amount: number }
  | { readonly unit: 'sameDayBy'; readonly time: string };

/** The largest amount per unit: about a hundred years of the unit. */
export const MAX_DURATION_AMOUNT: Readonly<Record<WorkingDurationUnit, number>> = {
  wm: 52_560_000,
  wh: 876_000,
  wd: 36_500,
  cd: 36_500,
  cdw: 36_500,
};

const UNIT_NAMES: Readonly<Record<WorkingDurationUnit, string>> = {
  wm: 'рабочих минут',
  wh: 'рабочих часов',
  wd: 'рабочих дней',
  cd: 'календарных дней',
  cdw: 'календарных дней с переносом на рабочий день',
};

const FORMAT_HINT =
  'укажите число и единицу без пробела: 30wm (рабочие минуты), 8wh (рабочие часы), 8wd (рабочие дни), ' +
  '14cd (календарные дни), 30cdw (календарные дни с переносом на рабочий день) или by18:00 (в тот же день до 18:00).';

/** Checks the amount of a duration; throws WorkingTimeError INVALID_DURATION. */
export function checkWorkingDuration(duration: WorkingDuration): void {
  if (duration.unit === 'sameDayBy') {
    const minute = parseTimeOfDay(duration.time);
    if (minute === undefined || minute >= 1440) {
      throw new WorkingTimeError(
        'INVALID_DURATION',
        `Срок «до ${duration.time}»: время указывается как ЧЧ:ММ от 00:00 до 23:59.`,
      );
    }
    return;
  }
  const limit = MAX_DURATION_AMOUNT[duration.unit];
  if (limit === undefined) {
    throw new WorkingTimeError(
      'INVALID_DURATION',
      `Неизвестная единица срока «${String(duration.unit)}»: ${FORMAT_HINT}`,
    );
  }
  if (!Number.isInteger(duration.amount) || duration.amount < 0 || duration.amount > limit) {
    throw new WorkingTimeError(
      'INVALID_DURATION',
      `Срок ${String(duration.amount)} ${UNIT_NAMES[duration.unit]}: нужно целое число от 0 до ${limit}.`,
    );
  }
}

/** Reads `8wh`, `30cdw`, `by18:00`; throws WorkingTimeError INVALID_DURATION with the accepted forms. */
export function parseWorkingDuration(text: string): WorkingDuration {
  const trimmed = text.trim();
  const sameDay = /^by(\d{2}:\d{2})$/i.exec(trimmed);
  if (sameDay?.[1] !== undefined) {
    const duration: WorkingDuration = { unit: 'sameDayBy', time: sameDay[1] };
    checkWorkingDuration(duration);
    return duration;
  }
  const match = /^(\d+)(wm|wh|wd|cdw|cd)$/i.exec(trimmed);
  const unit = WORKING_DURATION_UNITS.find((candidate) => candidate === match?.[2]?.toLowerCase());
  if (!match?.[1] || unit === undefined) {
    throw new WorkingTimeError('INVALID_DURATION', `«${text}» — не срок: ${FORMAT_HINT}`);
  }
  const duration: WorkingDuration = {
    unit,
    amount: Number(match[1]),
  };
  checkWorkingDuration(duration);
  return duration;
}

/** The text form `parseWorkingDuration` reads: `8wh`, `by18:00`. */
export function formatWorkingDuration(duration: WorkingDuration): string {
  return duration.unit === 'sameDayBy' ? `by${duration.time}` : `${duration.amount}${duration.unit}`;
}
