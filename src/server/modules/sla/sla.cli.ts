import type { Command } from 'commander';
import {
  BUILT_IN_SCHEDULES,
  computeDeadline,
  computeElapsedWorkingMinutes,
  findBuiltInSchedule,
  formatInstantInZone,
  parseInstant,
  parseWorkingDuration,
  RUSSIAN_PRODUCTION_CALENDAR,
  resolveTimeZone,
  WorkingTimeError,
  type WorkSchedule,
} from '../../../shared/working-time/index.js';

// `otklik sla deadline|elapsed`: working-time arithmetic from the command line, without a database
// (built-in schedules and the shipped production calendar). Bad input → a Russian message naming the
// option on stderr and exit code 1.

export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

export type SlaDeadlineOptions = { schedule?: string; start?: string; duration?: string; tz?: string };
export type SlaElapsedOptions = { schedule?: string; from?: string; to?: string; tz?: string };

/** Bad input of an `sla` command; the message is the whole line printed, naming the option. */
export class SlaInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlaInputError';
  }
}

function lowerFirstLetter(text: string): string {
  const [first = '', second = ''] = text;
  return second === second.toLowerCase() ? `${first.toLowerCase()}${text.slice(1)}` : text;
}

function readOption<T>(option: string, value: string | undefined, parse: (text: string) => T): T {
  if (value === undefined || value.trim() === '') throw new SlaInputError(`Ошибка: не указан параметр ${option}.`);
  try {
    return parse(value);
  } catch (error) {
    if (error instanceof WorkingTimeError) {
      throw new SlaInputError(`Ошибка в параметре ${option}: ${lowerFirstLetter(error.message)}`);
    }
    throw error;
  }
}

function readSchedule(value: string | undefined): WorkSchedule {
  const ids = BUILT_IN_SCHEDULES.map((schedule) => schedule.id).join(', ');
  return readOption('--schedule', value, (text) => {
    const schedule = findBuiltInSchedule(text.trim());
    if (!schedule) throw new SlaInputError(`Ошибка в параметре --schedule: неизвестный график «${text}»; есть ${ids}.`);
    return schedule;
  });
}

function readTimeZone(value: string | undefined): string {
  return readOption('--tz', value ?? DEFAULT_TIME_ZONE, resolveTimeZone);
}

/** What `otklik sla deadline` prints: the deadline as ISO-8601 with the zone's offset. */
export function describeSlaDeadline(options: SlaDeadlineOptions): string {
  const schedule = readSchedule(options.schedule);
  const timeZone = readTimeZone(options.tz);
  const start = readOption('--start', options.start, (text) => parseInstant(text, timeZone));
  const duration = readOption('--duration', options.duration, parseWorkingDuration);
  const deadline = computeDeadline(schedule, RUSSIAN_PRODUCTION_CALENDAR, start, duration, timeZone);
  return formatInstantInZone(deadline, timeZone);
}

/**
 * What `otklik sla elapsed` prints: whole working minutes from --from to --to. Fractions of a minute
 * are dropped (rounded toward zero), so a minute counts once it has fully passed; the number is
 * negative when --to is before --from.
 */
export function describeSlaElapsed(options: SlaElapsedOptions): string {
  const schedule = readSchedule(options.schedule);
  const timeZone = readTimeZone(options.tz);
  const from = readOption('--from', options.from, (text) => parseInstant(text, timeZone));
  const to = readOption('--to', options.to, (text) => parseInstant(text, timeZone));
  const minutes = computeElapsedWorkingMinutes(schedule, RUSSIAN_PRODUCTION_CALENDAR, from, to, timeZone);
  return String(Math.trunc(minutes) || 0);
}

function runAndPrint(describe: () => string): void {
  try {
    process.stdout.write(`${describe()}\n`);
  } catch (error) {
    if (error instanceof SlaInputError) process.stderr.write(`${error.message}\n`);
    else if (error instanceof WorkingTimeError) process.stderr.write(`Ошибка: ${error.message}\n`);
    else throw error;
    process.exitCode = 1;
  }
}

/** Commander's own parse errors, in Russian. */
export function translateCommanderError(text: string): string {
  const missing = /option '(--[\w-]+)[^']*' argument missing/.exec(text);
  if (missing) return `Ошибка: у параметра ${missing[1]} не указано значение.\n`;
  const unknownOption = /unknown option '([^']+)'/.exec(text);
  if (unknownOption) return `Ошибка: неизвестный параметр ${unknownOption[1]}.\n`;
  const unknownCommand = /unknown command '([^']+)'/.exec(text);
  if (unknownCommand) return `Ошибка: неизвестная команда «${unknownCommand[1]}»; есть deadline и elapsed.\n`;
  if (/too many arguments/.test(text)) return 'Ошибка: лишние аргументы; значения передаются через параметры.\n';
  return text;
}

const SCHEDULE_HELP = `график: ${BUILT_IN_SCHEDULES.map((schedule) => `${schedule.id} — ${schedule.name}`).join('; ')}`;
const INSTANT_HELP = 'ISO-8601, например 2026-03-10T09:30:00+03:00 (без смещения — местное время --tz)';

/** Adds `otklik sla deadline` and `otklik sla elapsed`. */
export function registerSlaCommands(program: Command): void {
  const sla = program
    .command('sla')
    .description('сроки в рабочем времени: расчёт срока и прошедших рабочих минут (без базы данных)')
    .configureOutput({ outputError: (text, write) => write(translateCommanderError(text)) })
    .showHelpAfterError('Справка: npx otklik sla <deadline|elapsed> --help');

  sla
    .command('deadline')
    .description('срок: момент, когда истечёт длительность, отсчитанная от начала по графику')
    .option('--schedule <id>', SCHEDULE_HELP)
    .option('--start <ISO-8601>', `начало отсчёта, ${INSTANT_HELP}`)
    .option(
      '--duration <N><unit>',
      'длительность: 30wm, 8wh (рабочие минуты, часы), 8wd (рабочие дни), 14cd (календарные дни), ' +
        '30cdw (календарные дни с переносом на рабочий день), by18:00 (в тот же день до 18:00)',
    )
    .option('--tz <IANA>', 'часовой пояс муниципалитета', DEFAULT_TIME_ZONE)
    .action((options: SlaDeadlineOptions) => runAndPrint(() => describeSlaDeadline(options)));

  sla
    .command('elapsed')
    .description('прошедшее рабочее время в целых минутах (доли минуты отбрасываются)')
    .option('--schedule <id>', SCHEDULE_HELP)
    .option('--from <ISO-8601>', `начало, ${INSTANT_HELP}`)
    .option('--to <ISO-8601>', `конец, ${INSTANT_HELP}`)
    .option('--tz <IANA>', 'часовой пояс муниципалитета', DEFAULT_TIME_ZONE)
    .action((options: SlaElapsedOptions) => runAndPrint(() => describeSlaElapsed(options)));
}
