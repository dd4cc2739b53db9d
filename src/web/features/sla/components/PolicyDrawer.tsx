import { Alert, Button, Divider, Drawer, Form, type FormRule, Input, InputNumber, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import {
  CASE_KIND_TITLES,
  CASE_KINDS,
  CASE_STATUS_TITLES,
  CASE_STATUSES,
  CHANNEL_TITLES,
  CHANNELS,
} from '../../../../shared/channels.js';
import type { ScheduleView, SlaPolicyInput } from '../../../../shared/contracts/sla.contract.js';
import { ESCALATION_TARGET_TITLES, TIMER_KIND_TITLES, TIMER_KINDS } from '../../../../shared/sla/sla-policy.js';
import {
  type DurationValue,
  FAST_TRACK_TITLES,
  type FastTrackChoice,
  type PolicyFormValues,
  parsePolicyForm,
  toPolicyFormName,
  toPolicyFormValues,
} from '../api/policy-form.js';
import { groupByFormName, type PathError } from '../api/server-field-errors.js';
import { DurationInput } from './DurationInput.js';

type PolicyDrawerProps = {
  /** The policy to edit; a new one comes filled with defaults. */
  policy: SlaPolicyInput;
  isNew: boolean;
  /** Errors the server named for this policy on the last save. */
  serverErrors: PathError[];
  schedules: ScheduleView[];
  isReadOnly: boolean;
  onApply: (policy: SlaPolicyInput) => void;
  onClose: () => void;
};

const MAX_ESCALATION_STEPS = 5;

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_TITLES[channel] }));
const KIND_OPTIONS = CASE_KINDS.map((kind) => ({ value: kind, label: CASE_KIND_TITLES[kind] }));
const STATUS_OPTIONS = CASE_STATUSES.map((status) => ({ value: status, label: CASE_STATUS_TITLES[status] }));
const TIMER_KIND_OPTIONS = TIMER_KINDS.map((kind) => ({ value: kind, label: TIMER_KIND_TITLES[kind] }));
const TARGET_OPTIONS = (Object.keys(ESCALATION_TARGET_TITLES) as Array<keyof typeof ESCALATION_TARGET_TITLES>).map(
  (target) => ({ value: target, label: ESCALATION_TARGET_TITLES[target] }),
);
const FAST_TRACK_OPTIONS = (Object.keys(FAST_TRACK_TITLES) as FastTrackChoice[]).map((choice) => ({
  value: choice,
  label: FAST_TRACK_TITLES[choice],
}));

const DURATION_RULE: FormRule = {
  validator: async (_rule, value: DurationValue) => {
    if (value && value.unit !== 'sameDayBy' && (value.amount === null || !Number.isInteger(value.amount))) {
      throw new Error('Укажите целое число');
    }
  },
};
const REQUIRED_DURATION_RULE: FormRule = {
  validator: async (_rule, value: DurationValue) => {
    if (!value) throw new Error('Укажите срок');
  },
};

function SectionTitle({ children }: { children: string }) {
  return (
    <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
      <strong>{children}</strong>
    </Divider>
  );
}

/** One SLA policy: which cases it picks, its timers, pauses, warning, escalation chain and extension. */
export function PolicyDrawer({
  policy,
  isNew,
  serverErrors,
  schedules,
  isReadOnly,
  onApply,
  onClose,
}: PolicyDrawerProps) {
  const [form] = Form.useForm<PolicyFormValues>();
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const scheduleIds = new Set(schedules.map((schedule) => schedule.id));
  const scheduleOptions = [
    ...schedules.map((schedule) => ({ value: schedule.id, label: `${schedule.name} (${schedule.id})` })),
    ...policy.timers
      .filter((timer) => !scheduleIds.has(timer.scheduleId))
      .map((timer) => ({ value: timer.scheduleId, label: `${timer.scheduleId} — нет такого графика` })),
  ];

  const showErrors = (errors: readonly PathError[]) => {
    const placed: Array<{ name: Array<string | number>; message: string }> = [];
    const unplaced: string[] = [];
    for (const error of errors) {
      const name = toPolicyFormName(error.path);
      if (name) placed.push({ name, message: error.message });
      else unplaced.push(error.message);
    }
    form.setFields(groupByFormName(placed) as Parameters<typeof form.setFields>[0]);
    setFormErrors(unplaced);
  };

  // The server's errors from the last save are shown on the fields they name when the policy is opened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only once, when the drawer opens.
  useEffect(() => {
    if (serverErrors.length > 0) showErrors(serverErrors);
  }, []);

  const submit = (values: PolicyFormValues) => {
    const parsed = parsePolicyForm(values);
    if (!parsed.policy) {
      showErrors(parsed.errors);
      return;
    }
    onApply(parsed.policy);
  };

  return (
    <Drawer
      open
      size={820}
      title={isReadOnly ? policy.name : isNew ? 'Новая политика сроков' : `Политика «${policy.name}»`}
      onClose={onClose}
      destroyOnHidden
      footer={
        isReadOnly ? null : (
          <Space>
            <Button type="primary" onClick={() => form.submit()}>
              {isNew ? 'Добавить в список' : 'Применить'}
            </Button>
            <Button onClick={onClose}>Отмена</Button>
            <span style={{ color: 'rgba(0, 0, 0, 0.45)', fontSize: 12 }}>
              Изменения вступят в силу после «Сохранить» на странице политик.
            </span>
          </Space>
        )
      }
    >
      <Form<PolicyFormValues>
        form={form}
        name="policy"
        layout="vertical"
        requiredMark={false}
        disabled={isReadOnly}
        initialValues={toPolicyFormValues(policy)}
        onFinish={submit}
        onValuesChange={() => setFormErrors([])}
      >
        <Form.Item label="Название" name="name" style={{ marginBottom: 8 }}>
          <Input maxLength={200} placeholder="Например, «ЖКХ — аварийные»" />
        </Form.Item>

        <SectionTitle>Какие сообщения</SectionTitle>
        <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.45)', marginBottom: 8 }}>
          Пустое условие — любое значение. Применяется первая подходящая политика; последняя — без условий, для всех
          остальных.
        </div>
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '0 12px' }}>
          <Form.Item label="Каналы" name={['match', 'channels']} style={{ marginBottom: 8 }}>
            <Select mode="multiple" allowClear options={CHANNEL_OPTIONS} placeholder="Любые" />
          </Form.Item>
          <Form.Item label="Виды" name={['match', 'kinds']} style={{ marginBottom: 8 }}>
            <Select mode="multiple" allowClear options={KIND_OPTIONS} placeholder="Любые" />
          </Form.Item>
          <Form.Item label="Категории" name={['match', 'categories']} style={{ marginBottom: 8 }}>
            <Select mode="tags" tokenSeparators={[';']} open={false} placeholder="Любые; введите и нажмите Enter" />
          </Form.Item>
          <Form.Item label="Ускоренное рассмотрение" name={['match', 'isFastTrack']} style={{ marginBottom: 8 }}>
            <Select options={FAST_TRACK_OPTIONS} />
          </Form.Item>
        </div>

        <SectionTitle>Таймеры</SectionTitle>
        <Form.List name="timers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap size={8} data-testid={`policy-timer-${index}`}>
                  <Form.Item
                    name={[field.name, 'kind']}
                    rules={[{ required: true, message: 'Выберите таймер' }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      options={TIMER_KIND_OPTIONS}
                      placeholder="Таймер"
                      aria-label={`Таймер ${index + 1}`}
                      style={{ width: 200 }}
                      popupMatchSelectWidth={false}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'scheduleId']}
                    rules={[{ required: true, message: 'Выберите график' }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      options={scheduleOptions}
                      placeholder="График"
                      aria-label={`График таймера ${index + 1}`}
                      style={{ width: 160 }}
                      popupMatchSelectWidth={false}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'duration']}
                    rules={[REQUIRED_DURATION_RULE, DURATION_RULE]}
                    style={{ marginBottom: 8 }}
                  >
                    <DurationInput aria-label={`Срок таймера ${index + 1}`} />
                  </Form.Item>
                  {isReadOnly ? null : (
                    <Button aria-label={`Убрать таймер ${index + 1}`} onClick={() => remove(field.name)}>
                      ×
                    </Button>
                  )}
                </Space>
              ))}
              {isReadOnly ? null : (
                <Button
                  type="dashed"
                  size="small"
                  disabled={fields.length >= TIMER_KINDS.length}
                  onClick={() => add({ kind: undefined, scheduleId: 'mcu', duration: { unit: 'wh', amount: 8 } })}
                >
                  + таймер
                </Button>
              )}
            </>
          )}
        </Form.List>

        <SectionTitle>Пауза и предупреждение</SectionTitle>
        <div style={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: '0 12px' }}>
          <Form.Item
            label="Таймеры стоят в статусах"
            name="pauseStatuses"
            extra="Например, пока ждём ответа заявителя"
            style={{ marginBottom: 8 }}
          >
            <Select mode="multiple" allowClear options={STATUS_OPTIONS} placeholder="Не приостанавливаются" />
          </Form.Item>
          <Form.Item
            label="Предупредить, когда прошло"
            name="warningPercent"
            extra="доли времени до срока"
            style={{ marginBottom: 8 }}
          >
            <InputNumber<number> min={1} max={99} precision={0} suffix="%" style={{ width: '100%' }} />
          </Form.Item>
        </div>

        <SectionTitle>Эскалация после нарушения срока</SectionTitle>
        <Form.List name="escalation">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Space key={field.key} align="start" wrap size={8}>
                  <span style={{ display: 'inline-block', width: 24, paddingTop: 5 }}>{index + 1}.</span>
                  <Form.Item
                    name={[field.name, 'after']}
                    rules={[REQUIRED_DURATION_RULE, DURATION_RULE]}
                    style={{ marginBottom: 8 }}
                  >
                    <DurationInput aria-label={`Шаг эскалации ${index + 1}, через`} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'target']}
                    rules={[{ required: true, message: 'Кому сообщить' }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      options={TARGET_OPTIONS}
                      placeholder="Кому"
                      aria-label={`Шаг эскалации ${index + 1}, кому`}
                      style={{ width: 190 }}
                    />
                  </Form.Item>
                  {isReadOnly ? null : (
                    <Button aria-label={`Убрать шаг эскалации ${index + 1}`} onClick={() => remove(field.name)}>
                      ×
                    </Button>
                  )}
                </Space>
              ))}
              <div style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.45)', marginBottom: 6 }}>
                Через сколько после нарушения срока (по графику таймера) и кому сообщить; 0 — сразу.
              </div>
              {isReadOnly ? null : (
                <Button
                  type="dashed"
                  size="small"
                  disabled={fields.length >= MAX_ESCALATION_STEPS}
                  onClick={() => add({ after: { unit: 'wh', amount: 1 }, target: undefined })}
                >
                  + шаг эскалации
                </Button>
              )}
            </>
          )}
        </Form.List>

        <SectionTitle>Продление</SectionTitle>
        <Form.Item
          name="extension"
          rules={[DURATION_RULE]}
          extra="На сколько можно продлить срок ответа — один раз, с уведомлением заявителя (59-ФЗ: 30 дней)."
          style={{ marginBottom: 8 }}
        >
          <DurationInput isOptional aria-label="Продление" />
        </Form.Item>

        {formErrors.length > 0 ? (
          <Alert
            type="error"
            showIcon
            title="Проверьте политику"
            description={formErrors.map((text) => <div key={text}>{text}</div>)}
          />
        ) : null}
      </Form>
    </Drawer>
  );
}
