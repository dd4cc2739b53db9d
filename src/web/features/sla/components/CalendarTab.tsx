import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  Popconfirm,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import type { CalendarYearView, DayOff } from '../../../../shared/contracts/sla.contract.js';
import { describeError, ErrorAlert } from '../../../components/ErrorAlert.js';
import { formatCount } from '../../../lib/numbers.js';
import {
  applyDayChoice,
  type CalendarDraft,
  countYearTotals,
  createDayLookup,
  hasNoCalendarData,
  isSameDraft,
  toCalendarDraft,
  toCalendarInput,
} from '../api/calendar-grid.js';
import { readPathErrors } from '../api/server-field-errors.js';
import { FIRST_CALENDAR_YEAR, LAST_CALENDAR_YEAR } from '../api/sla-search.js';
import {
  type SlaAbilities,
  useAddDayOff,
  useCalendarYear,
  useDaysOff,
  useImportCalendarHolidays,
  useRemoveDayOff,
  useSaveCalendarYear,
} from '../hooks/use-sla.js';
import { DayEditor } from './DayEditor.js';
import { CalendarLegend, formatDateLong, YearGrid } from './YearGrid.js';

const YEAR_OPTIONS = Array.from({ length: LAST_CALENDAR_YEAR - FIRST_CALENDAR_YEAR + 1 }, (_, index) => {
  const year = FIRST_CALENDAR_YEAR + index;
  return { value: year, label: `${year} год` };
});

const ICS_MAX_BYTES = 512 * 1024;

type CalendarTabProps = {
  year: number;
  abilities: SlaAbilities;
  onYearChange: (year: number) => void;
};

function YearPicker({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  return (
    <Space.Compact>
      <Button aria-label="Предыдущий год" disabled={year <= FIRST_CALENDAR_YEAR} onClick={() => onChange(year - 1)}>
        ‹
      </Button>
      <Select aria-label="Год" value={year} options={YEAR_OPTIONS} onChange={onChange} style={{ width: 112 }} />
      <Button aria-label="Следующий год" disabled={year >= LAST_CALENDAR_YEAR} onClick={() => onChange(year + 1)}>
        ›
      </Button>
    </Space.Compact>
  );
}

function YearBadges({ view }: { view: CalendarYearView }) {
  return (
    <Space size={4} wrap data-testid="calendar-badges">
      {view.isShipped ? <Tag color="blue">Поставляется с продуктом</Tag> : null}
      {view.isEdited ? <Tag color="orange">Изменено вручную</Tag> : null}
      {hasNoCalendarData(view) ? <Tag color="gold">Нет данных: действуют только праздники ст. 112 ТК РФ</Tag> : null}
    </Space>
  );
}

function LocalDaysOffCard({
  year,
  daysOff,
  canManage,
}: {
  year: number;
  daysOff: readonly DayOff[];
  canManage: boolean;
}) {
  const [date, setDate] = useState<Dayjs | null>(null);
  const [note, setNote] = useState('');
  const addMutation = useAddDayOff();
  const removeMutation = useRemoveDayOff();
  const { message } = App.useApp();
  const ofYear = daysOff.filter((dayOff) => dayOff.date.startsWith(`${year}-`));

  const add = () => {
    if (!date) return;
    addMutation.mutate(
      { date: date.format('YYYY-MM-DD'), note: note.trim() === '' ? null : note.trim() },
      {
        onSuccess: () => {
          void message.success('Местный выходной добавлен');
          setDate(null);
          setNote('');
        },
      },
    );
  };

  return (
    <Card size="small" title={`Местные выходные муниципалитета в ${year} году`} data-testid="local-days-off">
      {canManage ? (
        <Space wrap size={8} style={{ marginBottom: 8 }}>
          <DatePicker
            value={date}
            onChange={setDate}
            format="DD.MM.YYYY"
            placeholder="Дата"
            aria-label="Дата местного выходного"
            disabledDate={(candidate) => candidate.year() !== year}
            defaultPickerValue={dayjs(`${year}-01-01`)}
          />
          <Input
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder="Повод, например «День города»"
            aria-label="Повод"
            maxLength={300}
            style={{ width: 280 }}
          />
          <Button onClick={add} disabled={!date} loading={addMutation.isPending}>
            Добавить
          </Button>
        </Space>
      ) : null}
      {addMutation.isError ? (
        <div style={{ marginBottom: 8 }}>
          <ErrorAlert error={addMutation.error} />
        </div>
      ) : null}
      <Table<DayOff>
        size="small"
        rowKey="date"
        pagination={false}
        dataSource={ofYear}
        locale={{ emptyText: 'Местных выходных в этом году нет.' }}
        columns={[
          {
            title: 'Дата',
            dataIndex: 'date',
            width: 220,
            render: (value: string) => `${formatDateLong(value)} ${value.slice(0, 4)}`,
          },
          { title: 'Повод', dataIndex: 'note', render: (value: string | null) => value ?? '—' },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 100,
                  render: (_: unknown, dayOff: DayOff) => (
                    <Popconfirm
                      title="Убрать местный выходной?"
                      okText="Убрать"
                      cancelText="Отмена"
                      onConfirm={() =>
                        removeMutation.mutateAsync(dayOff.date).then(
                          () => void message.success('Местный выходной убран'),
                          (error: unknown) => void message.error(describeError(error)),
                        )
                      }
                    >
                      <Button type="link" size="small" danger>
                        Убрать
                      </Button>
                    </Popconfirm>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

type YearEditorProps = {
  view: CalendarYearView;
  daysOff: readonly DayOff[];
  abilities: SlaAbilities;
  onDirtyChange: (isDirty: boolean) => void;
};

/** The grid of one year, with its draft while an administrator edits it. */
function YearEditor({ view, daysOff, abilities, onDirtyChange }: YearEditorProps) {
  const original = useMemo(() => toCalendarDraft(view), [view]);
  const [draft, setDraft] = useState<CalendarDraft>(original);
  const [selectedDate, setSelectedDate] = useState<string | null>(null);
  const [form] = Form.useForm<{ source: string }>();
  const saveMutation = useSaveCalendarYear();
  const importMutation = useImportCalendarHolidays();
  const { message } = App.useApp();
  const lookup = useMemo(() => createDayLookup(draft, daysOff), [draft, daysOff]);
  const totals = useMemo(() => countYearTotals(view.year, lookup), [view.year, lookup]);
  const isDirty = !isSameDraft(draft, original);
  const isEditable = abilities.canManageCalendar || abilities.canManageSla;
  const [saveErrors, setSaveErrors] = useState<string[]>([]);

  useEffect(() => onDirtyChange(isDirty), [isDirty, onDirtyChange]);

  const save = () => {
    setSaveErrors([]);
    saveMutation.mutate(toCalendarInput(draft), {
      onSuccess: (saved) => {
        void message.success(`Производственный календарь на ${saved.year} год сохранён`);
      },
      onError: (error) => {
        const errors = readPathErrors(error);
        const sourceErrors = errors.filter((item) => item.path[0] === 'source').map((item) => item.message);
        if (sourceErrors.length > 0) form.setFields([{ name: 'source', errors: sourceErrors }]);
        setSaveErrors(
          errors.length === 0
            ? [describeError(error)]
            : errors.filter((item) => item.path[0] !== 'source').map((item) => item.message),
        );
      },
    });
  };

  const reset = () => {
    setDraft(original);
    form.setFieldsValue({ source: original.source });
    setSaveErrors([]);
  };

  const holidayNames = draft.holidays.map((holiday) => holiday.name);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {hasNoCalendarData(view) ? (
        <Alert
          type="warning"
          showIcon
          title={`Производственного календаря на ${view.year} год нет: действуют только праздники ст. 112 ТК РФ`}
          description={
            abilities.canManageCalendar
              ? 'Сроки считаются по нерабочим праздникам статьи 112 Трудового кодекса, без переносов и сокращённых дней. ' +
                'Когда выйдет постановление о переносе выходных, отметьте дни в календаре, укажите основание и сохраните год ' +
                'или импортируйте праздники из файла iCalendar.'
              : 'Сроки считаются по нерабочим праздникам статьи 112 Трудового кодекса, без переносов и сокращённых дней. ' +
                'Когда выйдет постановление о переносе выходных, администратор внесёт год.'
          }
        />
      ) : null}
      {abilities.canManageCalendar ? (
        <Form
          form={form}
          layout="inline"
          initialValues={{ source: draft.source }}
          onValuesChange={(_changed, values) => setDraft({ ...draft, source: values.source ?? '' })}
          style={{ rowGap: 8 }}
        >
          <Form.Item label="Основание" name="source" style={{ minWidth: 420, flex: 1 }}>
            <Input placeholder="Постановление Правительства РФ от … № …" maxLength={300} />
          </Form.Item>
          <Space wrap>
            <Button type="primary" onClick={save} disabled={!isDirty} loading={saveMutation.isPending}>
              Сохранить год
            </Button>
            <Button onClick={reset} disabled={!isDirty}>
              Отменить изменения
            </Button>
            <Tooltip title={isDirty ? 'Сначала сохраните или отмените изменения года' : 'Файл .ics до 512 КБ'}>
              <Upload
                accept=".ics,text/calendar"
                showUploadList={false}
                disabled={isDirty || importMutation.isPending}
                beforeUpload={(file) => {
                  if (file.size > ICS_MAX_BYTES) {
                    void message.error('Файл больше 512 КБ.');
                    return Upload.LIST_IGNORE;
                  }
                  importMutation.mutate(
                    { year: view.year, file },
                    {
                      onSuccess: (saved) => {
                        const after = toCalendarDraft(saved);
                        setDraft(after);
                        form.setFieldsValue({ source: after.source });
                        void message.success(`Праздники из «${file.name}» добавлены в ${saved.year} год`);
                      },
                    },
                  );
                  return Upload.LIST_IGNORE;
                }}
              >
                <Button disabled={isDirty} loading={importMutation.isPending}>
                  Импорт праздников из iCalendar
                </Button>
              </Upload>
            </Tooltip>
          </Space>
        </Form>
      ) : (
        <Typography.Text>
          <Typography.Text type="secondary">Основание:</Typography.Text> {draft.source || '—'}
        </Typography.Text>
      )}
      {isDirty ? (
        <Alert type="info" showIcon title="Есть несохранённые изменения года: сохраните их кнопкой «Сохранить год»." />
      ) : null}
      {saveErrors.length > 0 ? (
        <Alert
          type="error"
          showIcon
          title="Год не сохранён"
          description={saveErrors.map((text) => <div key={text}>{text}</div>)}
        />
      ) : null}
      {importMutation.isError ? (
        <ErrorAlert title="Не удалось импортировать праздники" error={importMutation.error} />
      ) : null}
      <CalendarLegend isLocalShown />
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="calendar-totals">
        Рабочих дней: {totals.workingDays} · сокращённых: {totals.shortenedDays} · норма при 40-часовой неделе:{' '}
        {formatCount(totals.normHours40)} ч · местных выходных: {totals.localDaysOff}
        {isEditable ? ' · щёлкните день, чтобы изменить его' : ''}
      </Typography.Text>
      <YearGrid
        year={view.year}
        lookup={lookup}
        isClickable={isEditable}
        selectedDate={selectedDate}
        onSelect={setSelectedDate}
        renderEditor={(date) => (
          <DayEditor
            key={date}
            info={lookup(date)}
            holidayNames={holidayNames}
            canManageCalendar={abilities.canManageCalendar}
            canManageSla={abilities.canManageSla}
            onApply={(choice) => {
              setDraft(applyDayChoice(draft, date, choice));
              setSelectedDate(null);
            }}
            onClose={() => setSelectedDate(null)}
          />
        )}
      />
    </Space>
  );
}

export function CalendarTab({ year, abilities, onYearChange }: CalendarTabProps) {
  const yearQuery = useCalendarYear(year);
  const daysOffQuery = useDaysOff();
  const [isDirty, setIsDirty] = useState(false);
  const { modal } = App.useApp();
  const view = yearQuery.data;

  const changeYear = (next: number) => {
    if (!isDirty) {
      onYearChange(next);
      return;
    }
    modal.confirm({
      title: 'Уйти к другому году?',
      content: 'Изменения этого года не сохранены и пропадут.',
      okText: 'Перейти без сохранения',
      cancelText: 'Остаться',
      onOk: () => {
        setIsDirty(false);
        onYearChange(next);
      },
    });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap size={12} align="center">
        <YearPicker year={year} onChange={changeYear} />
        {view ? <YearBadges view={view} /> : null}
      </Space>
      {yearQuery.isPending ? <Skeleton active paragraph={{ rows: 10 }} /> : null}
      {yearQuery.isError ? (
        <ErrorAlert
          title={`Не удалось загрузить календарь на ${year} год`}
          error={yearQuery.error}
          onRetry={() => void yearQuery.refetch()}
        />
      ) : null}
      {daysOffQuery.isError ? (
        <ErrorAlert
          title="Не удалось загрузить местные выходные"
          error={daysOffQuery.error}
          onRetry={() => void daysOffQuery.refetch()}
        />
      ) : null}
      {view ? (
        <YearEditor
          key={view.year}
          view={view}
          daysOff={daysOffQuery.data ?? []}
          abilities={abilities}
          onDirtyChange={setIsDirty}
        />
      ) : null}
      {view ? (
        <LocalDaysOffCard year={year} daysOff={daysOffQuery.data ?? []} canManage={abilities.canManageSla} />
      ) : null}
    </Space>
  );
}
