import {
  Alert,
  App,
  Button,
  Card,
  Form,
  type FormRule,
  Input,
  Popconfirm,
  Space,
  Switch,
  Tag,
  TimePicker,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { ScheduleSchema, type ScheduleView } from '../../../../shared/contracts/sla.contract.js';
import { WEEKDAYS, type Weekday } from '../../../../shared/working-time/work-schedule.js';
import { describeError } from '../../../components/ErrorAlert.js';
import {
  createNewScheduleValues,
  type PeriodValue,
  placeScheduleErrors,
  type ScheduleFormValues,
  toPeriodValue,
  toScheduleFormValues,
  toScheduleInput,
  WEEKDAY_TITLES,
  WORKWEEK,
} from '../api/schedule-form.js';
import { contractRule, groupByFormName, readPathErrors } from '../api/server-field-errors.js';
import { useDeleteSchedule, useSaveSchedule } from '../hooks/use-sla.js';

type ScheduleEditorProps = {
  /** The schedule to edit, or null for a new one. */
  schedule: ScheduleView | null;
  canManage: boolean;
  onSaved: (id: string) => void;
  onDeleted: () => void;
  onCancelNew: () => void;
};

/** The end of a period is checked against its start: 00:00 at the end means midnight (24:00). */
function createPeriodEndRule(day: Weekday, index: number): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, to: Dayjs | null | undefined) => {
      const from: Dayjs | null | undefined = getFieldValue(['week', day, index, 'from']);
      if (!to) throw new Error('Укажите конец');
      if (from && to.format('HH:mm') !== '00:00' && to.format('HH:mm') <= from.format('HH:mm')) {
        throw new Error('Конец раньше начала');
      }
    },
  });
}

const PERIOD_START_RULE: FormRule = { required: true, message: 'Укажите начало' };

/** The next period of a day: the working day when there is none, else an hour after the last one. */
function suggestPeriod(periods: readonly PeriodValue[]): PeriodValue {
  const last = periods.at(-1)?.to;
  if (!last || last.format('HH:mm') === '00:00') return toPeriodValue({ from: '08:30', to: '17:30' });
  const end = last.add(1, 'hour');
  // Past midnight the period ends at midnight (00:00 at the end of a period is 24:00).
  return { from: last, to: end.isSame(last, 'day') ? end : last.startOf('day') };
}

const TIME_PICKER_PROPS = { format: 'HH:mm', needConfirm: false, allowClear: false, style: { width: 84 } } as const;

function WeekdayRow({ day, canManage }: { day: Weekday; canManage: boolean }) {
  const form = Form.useFormInstance<ScheduleFormValues>();
  return (
    <Form.List name={['week', day]}>
      {(fields, { add, remove }) => (
        <div
          style={{
            display: 'flex',
            gap: 8,
            alignItems: 'flex-start',
            padding: '6px 0',
            borderBottom: '1px solid #f0f0f0',
          }}
          data-weekday={day}
        >
          <div style={{ width: 110, paddingTop: 5, flex: 'none' }}>{WEEKDAY_TITLES[day]}</div>
          <div style={{ flex: 1, display: 'flex', flexWrap: 'wrap', gap: '4px 12px', alignItems: 'flex-start' }}>
            {fields.length === 0 ? (
              <Typography.Text type="secondary" style={{ paddingTop: 5 }}>
                нерабочий день
              </Typography.Text>
            ) : null}
            {fields.map((field, index) => (
              <Space key={field.key} size={4} align="start" data-period={index}>
                <Form.Item name={[field.name, 'from']} rules={[PERIOD_START_RULE]} style={{ marginBottom: 0 }}>
                  <TimePicker
                    {...TIME_PICKER_PROPS}
                    placeholder="Начало"
                    aria-label={`${WEEKDAY_TITLES[day]}, период ${index + 1}: начало`}
                  />
                </Form.Item>
                <span style={{ display: 'inline-block', paddingTop: 5 }}>–</span>
                <Form.Item
                  name={[field.name, 'to']}
                  dependencies={[['week', day, field.name, 'from']]}
                  rules={[createPeriodEndRule(day, field.name)]}
                  style={{ marginBottom: 0 }}
                >
                  <TimePicker
                    {...TIME_PICKER_PROPS}
                    placeholder="Конец"
                    aria-label={`${WEEKDAY_TITLES[day]}, период ${index + 1}: конец`}
                  />
                </Form.Item>
                {canManage ? (
                  <Button
                    aria-label={`Убрать период ${index + 1}: ${WEEKDAY_TITLES[day]}`}
                    onClick={() => remove(field.name)}
                  >
                    ×
                  </Button>
                ) : null}
              </Space>
            ))}
            {canManage ? (
              <Space size={8} style={{ paddingTop: 1 }}>
                <Button
                  size="small"
                  type="dashed"
                  onClick={() => add(suggestPeriod(form.getFieldValue(['week', day]) ?? []))}
                  aria-label={`Добавить период: ${WEEKDAY_TITLES[day]}`}
                >
                  + период
                </Button>
                {WORKWEEK.includes(day) ? (
                  <Typography.Link
                    style={{ fontSize: 12 }}
                    onClick={() => {
                      const periods: PeriodValue[] = form.getFieldValue(['week', day]) ?? [];
                      for (const other of WORKWEEK) {
                        if (other !== day) {
                          form.setFieldValue(
                            ['week', other],
                            periods.map((period) => ({ ...period })),
                          );
                        }
                      }
                    }}
                  >
                    так же на все будни
                  </Typography.Link>
                ) : null}
              </Space>
            ) : null}
          </div>
        </div>
      )}
    </Form.List>
  );
}

/** One schedule: its periods by weekday (several a day, e.g. with a lunch break) and the production calendar switch. */
export function ScheduleEditor({ schedule, canManage, onSaved, onDeleted, onCancelNew }: ScheduleEditorProps) {
  const [form] = Form.useForm<ScheduleFormValues>();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const saveMutation = useSaveSchedule();
  const deleteMutation = useDeleteSchedule();
  const { message } = App.useApp();
  const isNew = schedule === null;

  const submit = (values: ScheduleFormValues) => {
    setFormErrors([]);
    const input = toScheduleInput(values);
    if (isNew && !WEEKDAYS.some((day) => input.week[day].length > 0)) {
      setFormErrors(['Добавьте хотя бы один рабочий период.']);
      return;
    }
    saveMutation.mutate(input, {
      onSuccess: () => {
        void message.success(`График «${input.name}» сохранён`);
        onSaved(input.id);
      },
      onError: (error) => {
        const { placed, unplaced } = placeScheduleErrors(readPathErrors(error));
        form.setFields(groupByFormName(placed) as Parameters<typeof form.setFields>[0]);
        setFormErrors(placed.length === 0 && unplaced.length === 0 ? [describeError(error)] : unplaced);
      },
    });
  };

  const remove = () => {
    if (!schedule) return;
    deleteMutation.mutate(schedule.id, {
      onSuccess: () => {
        void message.success(
          schedule.isBuiltIn ? `График «${schedule.id}» возвращён к исходному` : `График «${schedule.name}» удалён`,
        );
        if (!schedule.isBuiltIn) onDeleted();
      },
      onError: (error) => setFormErrors([describeError(error)]),
    });
  };

  return (
    <Card
      size="small"
      title={isNew ? 'Новый график' : schedule.name}
      data-testid="schedule-editor"
      extra={
        schedule ? (
          <Space size={4}>
            <Tag>{schedule.id}</Tag>
            {schedule.isBuiltIn ? <Tag color="blue">встроенный</Tag> : <Tag color="purple">свой</Tag>}
            {schedule.isOverridden ? <Tag color="orange">изменён</Tag> : null}
          </Space>
        ) : null
      }
    >
      <Form<ScheduleFormValues>
        form={form}
        name="schedule"
        layout="vertical"
        requiredMark={false}
        disabled={!canManage}
        initialValues={schedule ? toScheduleFormValues(schedule) : createNewScheduleValues()}
        onFinish={submit}
        onValuesChange={() => setFormErrors([])}
      >
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item
            label="Код"
            name="id"
            rules={isNew ? [contractRule(ScheduleSchema.shape.id)] : []}
            extra={isNew ? 'Латиницей, например lunch; по нему политики ссылаются на график' : null}
            style={{ width: 220, marginBottom: 8 }}
          >
            <Input disabled={!isNew || !canManage} maxLength={40} placeholder="lunch" />
          </Form.Item>
          <Form.Item
            label="Название"
            name="name"
            rules={[contractRule(ScheduleSchema.shape.name)]}
            style={{ flex: 1, minWidth: 280, marginBottom: 8 }}
          >
            <Input maxLength={200} placeholder="Пн–пт 08:30–12:30 и 13:18–17:30" />
          </Form.Item>
        </div>
        <Form.Item
          name="usesProductionCalendar"
          valuePropName="checked"
          style={{ marginBottom: 4 }}
          extra="Праздники и выходные по постановлению — нерабочие, рабочие выходные работают, сокращённый день на час короче."
        >
          <Switch checkedChildren="по производственному календарю" unCheckedChildren="без календаря" />
        </Form.Item>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          Время — местное время муниципалитета. Конец 00:00 — полночь в конце дня (24:00).
        </Typography.Text>
        <div style={{ marginTop: 4 }}>
          {WEEKDAYS.map((day) => (
            <WeekdayRow key={day} day={day} canManage={canManage} />
          ))}
        </div>
        {formErrors.length > 0 ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title="График не сохранён"
            description={formErrors.map((text) => <div key={text}>{text}</div>)}
          />
        ) : null}
        {canManage ? (
          <Space style={{ marginTop: 12 }} wrap>
            {/* Not a submit button: Enter confirms a time in a picker and must not save the schedule. */}
            <Button type="primary" onClick={() => form.submit()} loading={saveMutation.isPending}>
              Сохранить
            </Button>
            {isNew ? <Button onClick={onCancelNew}>Отмена</Button> : null}
            {schedule?.isBuiltIn && schedule.isOverridden ? (
              <Popconfirm
                title="Вернуть исходный график?"
                description="Изменения муниципалитета в этом графике пропадут."
                okText="Вернуть"
                cancelText="Отмена"
                onConfirm={remove}
              >
                <Button loading={deleteMutation.isPending}>Вернуть исходный</Button>
              </Popconfirm>
            ) : null}
            {schedule && !schedule.isBuiltIn ? (
              <Popconfirm
                title="Удалить график?"
                description="Удалить можно график, на который не ссылается ни одна политика сроков."
                okText="Удалить"
                okButtonProps={{ danger: true }}
                cancelText="Отмена"
                onConfirm={remove}
              >
                <Button danger loading={deleteMutation.isPending}>
                  Удалить
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null}
      </Form>
    </Card>
  );
}
