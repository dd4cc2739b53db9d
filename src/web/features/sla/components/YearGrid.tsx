import { Popover, Tooltip } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import {
  buildMonthWeeks,
  DAY_KIND_TITLES,
  type DayInfo,
  type DayKind,
  LOCAL_DAY_OFF_TITLE,
} from '../api/calendar-grid.js';

export const MONTH_TITLES = [
  'Январь',
  'Февраль',
  'Март',
  'Апрель',
  'Май',
  'Июнь',
  'Июль',
  'Август',
  'Сентябрь',
  'Октябрь',
  'Ноябрь',
  'Декабрь',
] as const;

const WEEKDAY_HEADERS = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб', 'вс'] as const;

export type DayStyleKey = DayKind | 'local';

export const DAY_COLORS: Record<DayStyleKey, { background: string; color: string }> = {
  workday: { background: '#ffffff', color: 'rgba(0, 0, 0, 0.88)' },
  weekend: { background: '#f5f5f5', color: '#cf1322' },
  holiday: { background: '#f5222d', color: '#ffffff' },
  dayOff: { background: '#ff7a45', color: '#ffffff' },
  transferredDayOff: { background: '#ffc069', color: '#612500' },
  shortened: { background: '#fff1b8', color: '#614700' },
  workingWeekend: { background: '#b7eb8f', color: '#135200' },
  local: { background: '#722ed1', color: '#ffffff' },
};

const DATE_FORMAT = new Intl.DateTimeFormat('ru-RU', {
  day: 'numeric',
  month: 'long',
  weekday: 'long',
  timeZone: 'UTC',
});

/** «30 апреля, четверг». */
export function formatDateLong(date: string): string {
  return DATE_FORMAT.format(new Date(`${date}T00:00:00Z`));
}

function formatShortDate(date: string): string {
  return `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)}`;
}

/** What a day is, in words: for the tooltip and for screen readers. */
export function describeDay(info: DayInfo): string[] {
  const lines: string[] = [];
  if (info.kind === 'holiday') lines.push(info.holidayName ? `Праздник: ${info.holidayName}` : 'Праздник');
  else if (info.kind === 'transferredDayOff')
    lines.push(
      info.movedFrom ? `Перенесённый выходной (с ${formatShortDate(info.movedFrom)})` : 'Перенесённый выходной',
    );
  else if (info.kind === 'shortened') lines.push('Сокращённый предпраздничный день: на час короче');
  else if (info.kind !== 'workday' && info.kind !== 'weekend') lines.push(DAY_KIND_TITLES[info.kind]);
  if (info.localDayOff) {
    lines.push(
      info.localDayOff.note
        ? `${LOCAL_DAY_OFF_TITLE}: ${info.localDayOff.note}`
        : `${LOCAL_DAY_OFF_TITLE} муниципалитета`,
    );
  }
  return lines;
}

const CELL_SIZE = 28;

function cellStyle(info: DayInfo, isSelected: boolean, isClickable: boolean): CSSProperties {
  const colors = DAY_COLORS[info.localDayOff ? 'local' : info.kind];
  return {
    display: 'block',
    width: '100%',
    height: CELL_SIZE - 4,
    lineHeight: `${CELL_SIZE - 4}px`,
    padding: 0,
    border: isSelected ? '2px solid #1677ff' : '1px solid transparent',
    borderRadius: 3,
    background: colors.background,
    color: colors.color,
    fontSize: 12,
    fontWeight: info.kind === 'workday' || info.kind === 'workingWeekend' ? 400 : 600,
    textAlign: 'center',
    cursor: isClickable ? 'pointer' : 'default',
    fontFamily: 'inherit',
    // A municipality's day off over a federal one keeps the federal colour as a frame.
    boxShadow:
      info.localDayOff && info.kind !== 'workday' ? `inset 0 0 0 2px ${DAY_COLORS[info.kind].background}` : undefined,
  };
}

type YearGridProps = {
  year: number;
  lookup: (date: string) => DayInfo;
  isClickable: boolean;
  selectedDate: string | null;
  onSelect: (date: string | null) => void;
  /** The editor of the selected day, shown in a popover beside it. */
  renderEditor: (date: string) => ReactNode;
};

function DayCell({
  info,
  isClickable,
  isSelected,
  onSelect,
  renderEditor,
}: {
  info: DayInfo;
  isClickable: boolean;
  isSelected: boolean;
  onSelect: (date: string | null) => void;
  renderEditor: (date: string) => ReactNode;
}) {
  const lines = describeDay(info);
  const day = Number(info.date.slice(8, 10));
  const label = [formatDateLong(info.date), ...lines].join('. ');
  const content = (
    <span>
      {day}
      {info.kind === 'shortened' ? <sup style={{ fontSize: 9 }}>*</sup> : null}
    </span>
  );
  const cell = isClickable ? (
    <button
      type="button"
      style={cellStyle(info, isSelected, true)}
      data-date={info.date}
      data-kind={info.kind}
      data-local={info.localDayOff ? 'true' : undefined}
      aria-label={label}
      onClick={() => onSelect(isSelected ? null : info.date)}
    >
      {content}
    </button>
  ) : (
    <span
      style={cellStyle(info, false, false)}
      data-date={info.date}
      data-kind={info.kind}
      data-local={info.localDayOff ? 'true' : undefined}
    >
      {content}
    </span>
  );
  if (isSelected) {
    return (
      <Popover
        open
        trigger="click"
        placement="bottom"
        content={renderEditor(info.date)}
        onOpenChange={(isOpen) => {
          if (!isOpen) onSelect(null);
        }}
        destroyOnHidden
      >
        {cell}
      </Popover>
    );
  }
  return lines.length > 0 ? (
    <Tooltip
      title={
        <>
          <div>{formatDateLong(info.date)}</div>
          {lines.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </>
      }
      mouseEnterDelay={0.2}
    >
      {cell}
    </Tooltip>
  ) : (
    cell
  );
}

function MonthTable({
  year,
  month,
  ...cellProps
}: Omit<YearGridProps, 'renderEditor'> & {
  month: number;
  renderEditor: (date: string) => ReactNode;
}) {
  const weeks = buildMonthWeeks(year, month);
  const workingDays = weeks.flat().filter((date) => date !== null && cellProps.lookup(date).isWorkingDay).length;
  return (
    <div
      style={{ border: '1px solid #f0f0f0', borderRadius: 4, padding: '6px 8px', background: '#fff' }}
      data-testid={`month-${month}`}
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 2 }}>
        <strong>{MONTH_TITLES[month - 1]}</strong>
        <span style={{ fontSize: 12, color: 'rgba(0, 0, 0, 0.45)' }}>раб. дней: {workingDays}</span>
      </div>
      <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 2, tableLayout: 'fixed' }}>
        <thead>
          <tr>
            {WEEKDAY_HEADERS.map((title, index) => (
              <th
                key={title}
                style={{
                  fontSize: 11,
                  fontWeight: 400,
                  color: index >= 5 ? '#cf1322' : 'rgba(0, 0, 0, 0.45)',
                  textAlign: 'center',
                }}
              >
                {title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr key={week.find((date) => date !== null) ?? ''}>
              {week.map((date, index) => (
                <td key={date ?? `empty-${index}`} style={{ padding: 0, height: CELL_SIZE - 2 }}>
                  {date ? (
                    <DayCell
                      info={cellProps.lookup(date)}
                      isClickable={cellProps.isClickable}
                      isSelected={cellProps.selectedDate === date}
                      onSelect={cellProps.onSelect}
                      renderEditor={cellProps.renderEditor}
                    />
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The year at a glance: twelve small month tables, each day coloured by what it is. */
export function YearGrid(props: YearGridProps) {
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(232px, 1fr))', gap: 8 }}
      data-testid="year-grid"
    >
      {MONTH_TITLES.map((title, index) => (
        <MonthTable key={title} month={index + 1} {...props} />
      ))}
    </div>
  );
}

export function CalendarLegend({ isLocalShown }: { isLocalShown: boolean }) {
  const keys: DayStyleKey[] = [
    'workday',
    'weekend',
    'holiday',
    'dayOff',
    'transferredDayOff',
    'shortened',
    'workingWeekend',
    ...(isLocalShown ? (['local'] as const) : []),
  ];
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', fontSize: 12 }} data-testid="calendar-legend">
      {keys.map((key) => (
        <span key={key} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <span
            style={{
              display: 'inline-block',
              width: 14,
              height: 14,
              borderRadius: 3,
              background: DAY_COLORS[key].background,
              border: '1px solid #d9d9d9',
            }}
          />
          {key === 'local' ? `${LOCAL_DAY_OFF_TITLE} муниципалитета` : DAY_KIND_TITLES[key]}
          {key === 'shortened' ? ' — отмечен *' : ''}
        </span>
      ))}
    </div>
  );
}
