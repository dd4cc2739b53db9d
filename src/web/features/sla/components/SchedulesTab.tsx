import { Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ScheduleView } from '../../../../shared/contracts/sla.contract.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { summarizeWeek } from '../api/schedule-form.js';
import { useSchedules } from '../hooks/use-sla.js';
import { DeadlineCheck } from './DeadlineCheck.js';
import { ScheduleEditor } from './ScheduleEditor.js';

type SchedulesTabProps = {
  scheduleId: string | undefined;
  canManage: boolean;
  onScheduleChange: (scheduleId: string | undefined) => void;
};

function ScheduleTags({ schedule }: { schedule: ScheduleView }) {
  return (
    <Space size={4} wrap>
      <Tag>{schedule.id}</Tag>
      {schedule.isBuiltIn ? <Tag color="blue">встроенный</Tag> : <Tag color="purple">свой</Tag>}
      {schedule.isOverridden ? <Tag color="orange">изменён</Tag> : null}
      {schedule.usesProductionCalendar ? <Tag>по календарю</Tag> : null}
    </Space>
  );
}

export function SchedulesTab({ scheduleId, canManage, onScheduleChange }: SchedulesTabProps) {
  const schedulesQuery = useSchedules();
  const [isCreating, setIsCreating] = useState(false);
  const schedules = schedulesQuery.data ?? [];
  const selected = schedules.find((schedule) => schedule.id === scheduleId) ?? schedules[0];

  if (schedulesQuery.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (schedulesQuery.isError) {
    return (
      <ErrorAlert
        title="Не удалось загрузить графики работы"
        error={schedulesQuery.error}
        onRetry={() => void schedulesQuery.refetch()}
      />
    );
  }

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Card
            size="small"
            title="Графики"
            extra={
              canManage ? (
                <Button size="small" onClick={() => setIsCreating(true)} disabled={isCreating}>
                  Новый график
                </Button>
              ) : null
            }
          >
            <div data-testid="schedule-list" style={{ display: 'flex', flexDirection: 'column' }}>
              {schedules.map((schedule) => {
                const isActive = !isCreating && schedule.id === selected?.id;
                return (
                  <button
                    key={schedule.id}
                    type="button"
                    onClick={() => {
                      setIsCreating(false);
                      onScheduleChange(schedule.id);
                    }}
                    style={{
                      display: 'block',
                      width: '100%',
                      textAlign: 'left',
                      cursor: 'pointer',
                      font: 'inherit',
                      background: isActive ? '#e6f4ff' : 'transparent',
                      border: 'none',
                      borderBottom: '1px solid #f0f0f0',
                      borderRadius: 4,
                      padding: '8px',
                    }}
                    aria-current={isActive ? 'true' : undefined}
                    data-schedule-id={schedule.id}
                  >
                    <div>
                      <Typography.Text strong={isActive}>{schedule.name}</Typography.Text>
                    </div>
                    <div>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {summarizeWeek(schedule.week)}
                      </Typography.Text>
                    </div>
                    <div style={{ marginTop: 2 }}>
                      <ScheduleTags schedule={schedule} />
                    </div>
                  </button>
                );
              })}
            </div>
          </Card>
          <DeadlineCheck schedules={schedules} scheduleId={selected?.id} />
        </Space>
      </Col>
      <Col xs={24} xl={16}>
        {isCreating ? (
          <ScheduleEditor
            key="new"
            schedule={null}
            canManage={canManage}
            onSaved={(id) => {
              setIsCreating(false);
              onScheduleChange(id);
            }}
            onDeleted={() => undefined}
            onCancelNew={() => setIsCreating(false)}
          />
        ) : selected ? (
          <ScheduleEditor
            // A saved schedule (or one brought back to how it ships) opens anew; an unchanged one keeps the edits.
            key={JSON.stringify(selected)}
            schedule={selected}
            canManage={canManage}
            onSaved={onScheduleChange}
            onDeleted={() => onScheduleChange(undefined)}
            onCancelNew={() => undefined}
          />
        ) : null}
      </Col>
    </Row>
  );
}
