import { InputNumber, Select, Space, TimePicker } from 'antd';
import dayjs from 'dayjs';
import type { WorkingDuration, WorkingDurationUnit } from '../../../../shared/working-time/working-duration.js';
import type { DurationValue } from '../api/policy-form.js';

type UnitChoice = WorkingDurationUnit | 'sameDayBy' | 'none';

const UNIT_OPTIONS: Array<{ value: UnitChoice; label: string }> = [
  { value: 'wm', label: 'рабочих минут' },
  { value: 'wh', label: 'рабочих часов' },
  { value: 'wd', label: 'рабочих дней' },
  { value: 'cd', label: 'календарных дней' },
  { value: 'cdw', label: 'календ. дней с переносом на рабочий' },
  { value: 'sameDayBy', label: 'в тот же день до' },
];

type DurationInputProps = {
  value?: DurationValue | WorkingDuration;
  onChange?: (value: DurationValue) => void;
  /** Offers «нет» (no duration), e.g. for a policy without an extension. */
  isOptional?: boolean;
  'aria-label'?: string;
  disabled?: boolean;
};

/** A policy duration: an amount and its unit, or «в тот же день до ЧЧ:ММ». */
export function DurationInput({ value, onChange, isOptional, disabled, ...rest }: DurationInputProps) {
  const unit: UnitChoice = value ? value.unit : 'none';
  const label = rest['aria-label'] ?? 'Срок';
  const changeUnit = (next: UnitChoice) => {
    if (next === 'none') onChange?.(null);
    else if (next === 'sameDayBy')
      onChange?.({ unit: 'sameDayBy', time: value?.unit === 'sameDayBy' ? value.time : '18:00' });
    else onChange?.({ unit: next, amount: value && 'amount' in value ? value.amount : 1 });
  };
  return (
    <Space.Compact>
      {value?.unit === 'sameDayBy' ? (
        <TimePicker
          format="HH:mm"
          needConfirm={false}
          allowClear={false}
          value={dayjs(`2000-01-01T${value.time}`)}
          onChange={(time) => onChange?.({ unit: 'sameDayBy', time: time ? time.format('HH:mm') : value.time })}
          aria-label={`${label}: время`}
          disabled={disabled}
          style={{ width: 90 }}
        />
      ) : value ? (
        <InputNumber<number>
          min={0}
          precision={0}
          value={value.amount}
          onChange={(amount) => onChange?.({ unit: value.unit, amount })}
          aria-label={`${label}: число`}
          disabled={disabled}
          style={{ width: 90 }}
        />
      ) : null}
      <Select<UnitChoice>
        value={unit}
        onChange={changeUnit}
        options={isOptional ? [{ value: 'none', label: 'нет' }, ...UNIT_OPTIONS] : UNIT_OPTIONS}
        aria-label={`${label}: единица`}
        disabled={disabled}
        popupMatchSelectWidth={false}
        style={{ width: value ? 200 : 290 }}
      />
    </Space.Compact>
  );
}
