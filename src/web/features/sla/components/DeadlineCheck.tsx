import { AutoComplete, Button, Card, DatePicker, Descriptions, Form, type FormRule, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import type { ScheduleView } from '../../../../shared/contracts/sla.contract.js';
import { parseWorkingDuration } from '../../../../shared/working-time/working-duration.js';
import { ErrorAlert } from '../../../components/ErrorAlert.js';
import { useCurrentUser } from '../../auth/hooks/use-session.js';
import { groupByFormName, readPathErrors } from '../api/server-field-errors.js';
import { formatHoursMinutes } from '../api/sla-format.js';
import { findZoneNow, formatDateTimeWithWeekday, formatZoneOffset, toZonedIso } from '../api/zone-time.js';
import { useDeadlinePreview } from '../hooks/use-sla.js';

type DeadlineFormValues = { scheduleId: string; start: Dayjs | null; duration: string };

const DURATION_EXAMPLES = [
  { value: '1wh', label: '1wh — 1 рабочий час' },
  { value: '8wh', label: '8wh — 8 рабочих часов' },
  { value: '3wd', label: '3wd — 3 рабочих дня' },
  { value: '14cd', label: '14cd — 14 календарных дней' },
  { value: '30cdw', label: '30cdw — 30 дней с переносом на рабочий' },
  { value: 'by18:00', label: 'by18:00 — в тот же день до 18:00' },
];

const DURATION_RULE: FormRule = {
  validator: async (_rule, value: string | undefined) => {
    // The same parser as the server's: the message names the accepted forms.
    parseWorkingDuration(value ?? '');
  },
};

const FIELDS = new Set(['scheduleId', 'start', 'duration']);

/** «Проверить срок»: the deadline of a duration from a moment, by a saved schedule, in the municipality's zone. */
export function DeadlineCheck({
  schedules,
  scheduleId,
}: {
  schedules: ScheduleView[];
  scheduleId: string | undefined;
}) {
  const user = useCurrentUser();
  const timeZone = user?.tenant.timezone ?? 'Europe/Moscow';
  const [form] = Form.useForm<DeadlineFormValues>();
  const previewMutation = useDeadlinePreview();
  const [generalError, setGeneralError] = useState<unknown>(null);
  const result = previewMutation.data;

  const submit = (values: DeadlineFormValues) => {
    if (!values.start) return;
    setGeneralError(null);
    previewMutation.mutate(
      { scheduleId: values.scheduleId, start: toZonedIso(values.start, timeZone), duration: values.duration.trim() },
      {
        onError: (error) => {
          const placed = readPathErrors(error).filter((item) => FIELDS.has(String(item.path[0])));
          if (placed.length === 0) {
            setGeneralError(error);
            return;
          }
          form.setFields(
            groupByFormName(
              placed.map((item) => ({ name: [String(item.path[0])], message: item.message })),
            ) as Parameters<typeof form.setFields>[0],
          );
        },
      },
    );
  };

  return (
    <Card size="small" title="Проверить срок" data-testid="deadline-check">
      <Form<DeadlineFormValues>
        form={form}
        name="deadline"
        layout="vertical"
        requiredMark={false}
        initialValues={{ scheduleId: scheduleId ?? schedules[0]?.id, start: findZoneNow(timeZone), duration: '8wh' }}
        onFinish={submit}
        onValuesChange={() => {
          previewMutation.reset();
          setGeneralError(null);
        }}
      >
        <Form.Item label="График" name="scheduleId" style={{ marginBottom: 8 }}>
          <Select
            options={schedules.map((schedule) => ({ value: schedule.id, label: `${schedule.name} (${schedule.id})` }))}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
        <Form.Item
          label={`Начало (время муниципалитета, ${formatZoneOffset(timeZone)})`}
          name="start"
          rules={[{ required: true, message: 'Укажите дату и время начала' }]}
          style={{ marginBottom: 8 }}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="DD.MM.YYYY HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="Срок"
          name="duration"
          rules={[DURATION_RULE]}
          extra="wm — рабочие минуты, wh — рабочие часы, wd — рабочие дни, cd — календарные дни, cdw — с переносом на рабочий день"
          style={{ marginBottom: 8 }}
        >
          <AutoComplete options={DURATION_EXAMPLES} placeholder="8wh" popupMatchSelectWidth={false} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={previewMutation.isPending}>
          Рассчитать
        </Button>
      </Form>
      {generalError ? (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={generalError} />
        </div>
      ) : null}
      {result ? (
        <Descriptions
          style={{ marginTop: 12 }}
          size="small"
          column={1}
          bordered
          data-testid="deadline-result"
          items={[
            {
              key: 'deadline',
              label: 'Срок',
              children: (
                <strong>
                  {formatDateTimeWithWeekday(result.deadline, timeZone)} ({formatZoneOffset(timeZone, result.deadline)})
                </strong>
              ),
            },
            {
              key: 'minutes',
              label: 'Рабочего времени',
              children: `${formatHoursMinutes(result.workingMinutes)} (${result.workingMinutes} мин)`,
            },
          ]}
        />
      ) : null}
    </Card>
  );
}
