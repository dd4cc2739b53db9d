/** Stable codes of working-time errors; the server maps them to its own error union. */
export type WorkingTimeErrorCode =
  | 'INVALID_CALENDAR'
  | 'INVALID_DURATION'
  | 'INVALID_INSTANT'
  | 'INVALID_SCHEDULE'
  | 'INVALID_TIME_ZONE'
  | 'INSTANT_OUT_OF_RANGE'
  | 'DEADLINE_UNREACHABLE';

/** Bad input to the working-time functions. The message is Russian and says what to fix. */
export class WorkingTimeError extends Error {
  readonly code: WorkingTimeErrorCode;

  constructor(code: WorkingTimeErrorCode, message: string) {
    super(message);
    this.name = 'WorkingTimeError';
    this.code = code;
  }
}
