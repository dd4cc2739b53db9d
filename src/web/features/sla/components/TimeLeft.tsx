import { Tooltip, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { TIMER_STATE_TITLES, type TimerState } from '../../../../shared/contracts/sla.contract.js';
import { CASE_TIMER_KIND_TITLES, type CaseTimerKind } from '../../../../shared/sla/sla-policy.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import {
  DEFAULT_WORKING_DAY_MINUTES,
  describeTimeLeft,
  formatHoursMinutes,
  type TimeLeftTone,
} from '../api/sla-format.js';
import { formatDateTimeWithWeekday, formatZoneOffset } from '../api/zone-time.js';

type TimeLeftProps = {
  kind: CaseTimerKind;
  state: TimerState;
  dueAt: string;
  workingMinutesLeft: number | null;
  /** The length of a working day of the timer's schedule, when known (lists count in the МЦУ day). */
  workingDayMinutes?: number;
};

/** Green while the time runs, orange after the warning, red once overdue; a stopped or paused timer is grey. */
export const TIME_LEFT_COLORS: Record<TimeLeftTone, string | undefined> = {
  success: '#389e0d',
  warning: '#d46b08',
  danger: '#cf1322',
  secondary: undefined,
};

function describeWorkingTime(state: TimerState, minutes: number | null): string | null {
  if (minutes === null || state === 'stopped') return null;
  if (minutes < 0) return `Просрочено на ${formatHoursMinutes(minutes)} рабочего времени`;
  return `Рабочего времени до срока: ${formatHoursMinutes(minutes)}`;
}

/** The time left of a case's timer, colour-coded, with the exact due time in the municipality's zone on hover. */
export function TimeLeft({
  kind,
  state,
  dueAt,
  workingMinutesLeft,
  workingDayMinutes = DEFAULT_WORKING_DAY_MINUTES,
}: TimeLeftProps) {
  const user = useCurrentUser();
  const timeZone = user?.tenant.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { text, tone } = describeTimeLeft(state, workingMinutesLeft, workingDayMinutes);
  const workingTime = describeWorkingTime(state, workingMinutesLeft);
  const style: CSSProperties = { whiteSpace: 'nowrap', color: TIME_LEFT_COLORS[tone] };
  return (
    <Tooltip
      placement="topRight"
      title={
        <>
          <div>
            {CASE_TIMER_KIND_TITLES[kind]}: {TIMER_STATE_TITLES[state].toLowerCase()}
          </div>
          <div>
            Срок: {formatDateTimeWithWeekday(dueAt, timeZone)} ({formatZoneOffset(timeZone, dueAt)})
          </div>
          {workingTime ? <div>{workingTime}</div> : null}
        </>
      }
    >
      <Typography.Text
        type={tone === 'secondary' ? 'secondary' : undefined}
        strong={tone === 'danger'}
        style={style}
        data-sla-state={state}
      >
        {text}
      </Typography.Text>
    </Tooltip>
  );
}
