import { Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import type { CaseTimer } from '../../../../shared/contracts/sla.contract.js';
import { CASE_TIMER_KIND_TITLES } from '../../../../shared/sla/sla-policy.js';
import { parseWorkingDuration } from '../../../../shared/working-time/working-duration.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatDateTime } from '../../../lib/dates.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { DEFAULT_WORKING_DAY_MINUTES, findWorkingDayMinutes, formatDurationInRussian } from '../api/sla-format.js';
import { useCaseTimers, useSchedules } from '../hooks/use-sla.js';
import { TimeLeft } from './TimeLeft.js';

/** «8wd» → «8 рабочих дней»; a text the parser does not know is shown as it is. */
function describeDuration(text: string): string {
  try {
    return formatDurationInRussian(parseWorkingDuration(text));
  } catch {
    return text;
  }
}

function buildColumns(findDayMinutes: (scheduleId: string) => number): TableColumnsType<CaseTimer> {
  return [
    {
      title: 'Таймер',
      key: 'kind',
      render: (_: unknown, timer) => (
        <>
          <Typography.Text strong>{CASE_TIMER_KIND_TITLES[timer.kind]}</Typography.Text>
          <div style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">
              {describeDuration(timer.duration)} · график {timer.scheduleId}
            </Typography.Text>
          </div>
          <div style={{ fontSize: 12 }}>
            <Typography.Text type="secondary">{timer.policyName}</Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: 'Срок',
      key: 'dueAt',
      width: 150,
      render: (_: unknown, timer) => (
        <>
          <div style={{ whiteSpace: 'nowrap' }}>{formatDateTime(timer.dueAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }}>
            с {formatDateTime(timer.startedAt)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: 'Осталось',
      key: 'left',
      width: 200,
      render: (_: unknown, timer) => (
        <Space orientation="vertical" size={2}>
          <TimeLeft
            kind={timer.kind}
            state={timer.state}
            dueAt={timer.dueAt}
            workingMinutesLeft={timer.workingMinutesLeft}
            workingDayMinutes={findDayMinutes(timer.scheduleId)}
          />
          {timer.isExtended || timer.escalationLevel > 0 ? (
            <Space size={4} wrap>
              {timer.isExtended ? <Tag color="blue">Срок продлён</Tag> : null}
              {timer.escalationLevel > 0 ? <Tag color="volcano">Эскалация: {timer.escalationLevel}</Tag> : null}
            </Space>
          ) : null}
        </Space>
      ),
    },
  ];
}

/** The «Сроки» section of the case card: every timer of the case with its due time and the time left. */
export function CaseTimersSection({ caseId }: { caseId: string }) {
  const user = useCurrentUser();
  const timersQuery = useCaseTimers(caseId);
  // Schedules are the municipality's own; a region user sees time left in МЦУ working days.
  const schedulesQuery = useSchedules(user?.tenant.kind === 'municipality');
  const findDayMinutes = (scheduleId: string) => {
    const schedule = schedulesQuery.data?.find((candidate) => candidate.id === scheduleId);
    return schedule ? findWorkingDayMinutes(schedule) : DEFAULT_WORKING_DAY_MINUTES;
  };

  return (
    <div data-testid="case-timers">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        Сроки
      </Typography.Title>
      {timersQuery.isError ? (
        <ErrorAlert error={timersQuery.error} onRetry={() => void timersQuery.refetch()} />
      ) : (
        <Table<CaseTimer>
          size="small"
          rowKey="kind"
          pagination={false}
          loading={timersQuery.isPending}
          columns={buildColumns(findDayMinutes)}
          dataSource={timersQuery.data ?? []}
          locale={{ emptyText: timersQuery.isPending ? ' ' : 'Сроков нет: политика не назначила таймеров.' }}
        />
      )}
    </div>
  );
}
