import ExcelJS from 'exceljs';
import {
  APPEAL_TYPE_TITLES,
  CONTROL_STATE_TITLES,
  type JournalEntry,
  RECEIPT_FORM_TITLES,
} from '../../../shared/contracts/appeals.contract.js';

/** The columns of the exported journal: header → value of an entry in the tenant's zone. */
function columnsOf(timeZone: string): Array<[string, (entry: JournalEntry) => string | number]> {
  // One formatter for the whole file: building an Intl.DateTimeFormat per cell costs more than the query.
  const formatter = new Intl.DateTimeFormat('ru-RU', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric' });
  const day = (iso: string | null) => (iso ? formatter.format(new Date(iso)) : '');
  return [
    ['Рег. номер', (entry) => entry.number],
    ['Дата регистрации', (entry) => day(entry.registeredAt)],
    ['Дата поступления', (entry) => day(entry.receivedAt)],
    ['Форма поступления', (entry) => RECEIPT_FORM_TITLES[entry.receiptForm]],
    ['Вид', (entry) => APPEAL_TYPE_TITLES[entry.appealType]],
    ['Коллективное', (entry) => (entry.isCollective ? 'да' : 'нет')],
    ['Подписавших', (entry) => entry.signatoryCount],
    ['Код классификатора', (entry) => entry.classifierCode ?? ''],
    ['Тема по классификатору', (entry) => entry.classifierName ?? ''],
    ['Заявитель', (entry) => entry.applicantName],
    ['Почтовый адрес', (entry) => entry.applicantAddress ?? ''],
    ['Повторное', (entry) => (entry.isRepeat ? 'да' : 'нет')],
    ['Ранее', (entry) => entry.repeatOf.map((item) => item.number).join(', ')],
    ['Краткое содержание', (entry) => entry.excerpt],
    ['Состояние', (entry) => entry.stateTitle],
    ['Регистрация (3 дня)', (entry) => CONTROL_STATE_TITLES[entry.controls.registration.state]],
    ['Уведомление (7 дней)', (entry) => CONTROL_STATE_TITLES[entry.controls.notice.state]],
    ['Срок ответа', (entry) => day(entry.controls.answer.dueAt)],
    ['Ответ (30 дней)', (entry) => CONTROL_STATE_TITLES[entry.controls.answer.state]],
    ['Номер в Отклике', (entry) => entry.caseNumber],
  ];
}

/** A cell a spreadsheet would take for a formula (=, +, -, @) is prefixed with «'» (CSV injection). */
function defuse(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : defuse(value);
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV as Excel in Russian locale opens it: UTF-8 with BOM, «;» between cells, CRLF between lines. */
export function buildJournalCsv(entries: readonly JournalEntry[], timeZone: string): Buffer {
  const columns = columnsOf(timeZone);
  const lines = [columns.map(([header]) => csvCell(header)).join(';')];
  for (const entry of entries) lines.push(columns.map(([, value]) => csvCell(value(entry))).join(';'));
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

export async function buildJournalXlsx(entries: readonly JournalEntry[], timeZone: string): Promise<Buffer> {
  const columns = columnsOf(timeZone);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Отклик';
  const sheet = workbook.addWorksheet('Журнал обращений', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(([header]) => ({ header, width: Math.max(12, header.length + 2) }));
  sheet.getRow(1).font = { bold: true };
  for (const entry of entries) {
    sheet.addRow(
      columns.map(([, value]) => {
        const cell = value(entry);
        return typeof cell === 'string' ? defuse(cell) : cell;
      }),
    );
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
