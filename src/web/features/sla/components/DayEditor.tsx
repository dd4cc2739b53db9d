import { App, AutoComplete, Button, DatePicker, Input, Radio, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { describeError } from '../../../components/ErrorAlert.js';
import {
  DAY_KIND_TITLES,
  type DayChoice,
  type DayInfo,
  type DayKind,
  LOCAL_DAY_OFF_TITLE,
  listKindsForDate,
} from '../api/calendar-grid.js';
import { useAddDayOff, useRemoveDayOff } from '../hooks/use-sla.js';
import { DAY_COLORS, describeDay, formatDateLong } from './YearGrid.js';

type DayEditorProps = {
  info: DayInfo;
  holidayNames: string[];
  canManageCalendar: boolean;
  canManageSla: boolean;
  onApply: (choice: DayChoice) => void;
  onClose: () => void;
};

const NOTE_MAX_LENGTH = 300;

function LocalDayOffEditor({ info, onClose }: { info: DayInfo; onClose: () => void }) {
  const [note, setNote] = useState('');
  const addMutation = useAddDayOff();
  const removeMutation = useRemoveDayOff();
  const { message } = App.useApp();

  if (info.localDayOff) {
    return (
      <Space orientation="vertical" size={6} style={{ width: '100%' }}>
        <Typography.Text>
          {LOCAL_DAY_OFF_TITLE}
          {info.localDayOff.note ? `: ${info.localDayOff.note}` : ''}
        </Typography.Text>
        <Button
          danger
          size="small"
          loading={removeMutation.isPending}
          onClick={() =>
            removeMutation.mutate(info.date, {
              onSuccess: () => {
                void message.success('Местный выходной убран');
                onClose();
              },
              onError: (error) => void message.error(describeError(error)),
            })
          }
        >
          Убрать местный выходной
        </Button>
      </Space>
    );
  }
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%' }}>
      <Input
        size="small"
        placeholder="Повод, например «День города»"
        aria-label="Повод местного выходного"
        maxLength={NOTE_MAX_LENGTH}
        value={note}
        onChange={(event) => setNote(event.target.value)}
      />
      <Button
        size="small"
        loading={addMutation.isPending}
        onClick={() =>
          addMutation.mutate(
            { date: info.date, note: note.trim() === '' ? null : note.trim() },
            {
              onSuccess: () => {
                void message.success('Местный выходной добавлен');
                onClose();
              },
              onError: (error) => void message.error(describeError(error)),
            },
          )
        }
      >
        Сделать местным выходным
      </Button>
    </Space>
  );
}

/** What can be done with one day of the grid: its kind in the federal calendar and the local day off. */
export function DayEditor({ info, holidayNames, canManageCalendar, canManageSla, onApply, onClose }: DayEditorProps) {
  const [kind, setKind] = useState<DayKind>(info.kind);
  const [holidayName, setHolidayName] = useState(info.holidayName ?? '');
  const [movedFrom, setMovedFrom] = useState<string | undefined>(info.movedFrom);
  const federalLines = describeDay({ ...info, localDayOff: undefined });

  return (
    <div style={{ width: 300 }} data-testid="day-editor">
      <Typography.Text strong>
        {formatDateLong(info.date)} {info.date.slice(0, 4)}
      </Typography.Text>
      {canManageCalendar ? (
        <>
          <Radio.Group
            value={kind}
            onChange={(event) => setKind(event.target.value as DayKind)}
            style={{ display: 'flex', flexDirection: 'column', gap: 2, marginTop: 8 }}
            aria-label="Вид дня"
          >
            {listKindsForDate(info.date).map((option) => (
              <Radio key={option} value={option}>
                <span
                  style={{
                    display: 'inline-block',
                    width: 10,
                    height: 10,
                    marginInlineEnd: 6,
                    borderRadius: 2,
                    border: '1px solid #d9d9d9',
                    background: DAY_COLORS[option].background,
                  }}
                />
                {DAY_KIND_TITLES[option]}
              </Radio>
            ))}
          </Radio.Group>
          {kind === 'holiday' ? (
            <AutoComplete
              size="small"
              style={{ width: '100%', marginTop: 6 }}
              options={holidayNames.map((name) => ({ value: name }))}
              value={holidayName}
              onChange={setHolidayName}
              placeholder="Название праздника"
              aria-label="Название праздника"
              filterOption={(input, option) => option?.value.toLowerCase().includes(input.toLowerCase()) ?? false}
            />
          ) : null}
          {kind === 'transferredDayOff' ? (
            <DatePicker
              size="small"
              style={{ width: '100%', marginTop: 6 }}
              format="DD.MM.YYYY"
              placeholder="Перенесён с (дата)"
              aria-label="Перенесён с"
              value={movedFrom ? dayjs(movedFrom) : null}
              onChange={(value) => setMovedFrom(value ? value.format('YYYY-MM-DD') : undefined)}
            />
          ) : null}
          <Space style={{ marginTop: 8 }}>
            <Button
              type="primary"
              size="small"
              onClick={() =>
                onApply({ kind, holidayName, movedFrom: kind === 'transferredDayOff' ? movedFrom : undefined })
              }
            >
              Применить
            </Button>
            <Button size="small" onClick={onClose}>
              Отмена
            </Button>
          </Space>
          <div style={{ fontSize: 12, marginTop: 4 }}>
            <Typography.Text type="secondary">Год сохраняется кнопкой «Сохранить год».</Typography.Text>
          </div>
        </>
      ) : (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary">
            {federalLines.length > 0 ? federalLines.join('. ') : DAY_KIND_TITLES[info.kind]}
          </Typography.Text>
        </div>
      )}
      {canManageSla ? (
        <>
          <div style={{ borderTop: '1px solid #f0f0f0', margin: '10px 0 6px', paddingTop: 6, fontSize: 12 }}>
            <Typography.Text type="secondary">Местный выходной муниципалитета — сохраняется сразу</Typography.Text>
          </div>
          <LocalDayOffEditor info={info} onClose={onClose} />
        </>
      ) : null}
    </div>
  );
}
