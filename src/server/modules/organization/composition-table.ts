import ExcelJS from 'exceljs';
import { isRole, ROLE_TITLES, ROLES, type Role } from '../../../shared/roles.js';
import { AppError } from '../../platform/errors.js';

/** One line of a composition table (состав МЦУ): ФИО; Должность; Роль; Блок. */
export type CompositionRow = {
  line: number;
  fullName: string;
  position: string | null;
  role: Role | null;
  roleTitle: string | null;
  block: string | null;
};

const COLUMN_NAMES: Record<'fullName' | 'position' | 'role' | 'block', string[]> = {
  fullName: ['фио', 'ф.и.о.', 'фамилия, имя, отчество', 'фамилия имя отчество', 'сотрудник'],
  position: ['должность'],
  role: ['роль', 'роль в мцу', 'роль в составе'],
  block: ['блок', 'отраслевой блок', 'тематический блок', 'отраслевой тематический блок'],
};

/** Russian titles and common ways the regulations name a role → its code. */
const ROLE_SYNONYMS: Record<string, Role> = {
  ...Object.fromEntries(ROLES.map((role) => [normalize(ROLE_TITLES[role]), role])),
  ...Object.fromEntries(ROLES.map((role) => [role, role])),
  куратор: 'curator',
  руководитель: 'manager',
  'руководитель центра': 'manager',
  администратор: 'admin',
  'ответственный за им': 'coordinator_im',
  'ответственный за инцидент-менеджмент': 'coordinator_im',
  'ответственный за пос': 'coordinator_pos',
  'руководитель блока': 'block_leader',
  'руководитель отраслевого блока': 'block_leader',
  'член блока': 'block_member',
  'член отраслевого блока': 'block_member',
  глава: 'head',
  'глава муниципального образования': 'head',
  исполнитель: 'executor',
  'куратор цур': 'cur_curator',
  'системный администратор': 'sysadmin',
};

export const MAX_COMPOSITION_ROWS = 2000;

function normalize(value: string): string {
  return value.toLocaleLowerCase('ru').replaceAll('ё', 'е').replace(/\s+/g, ' ').trim();
}

/**
 * Parses a CSV (UTF-8, with or without BOM, or Windows-1251 as Excel saves it; `;`, `,` or tab) or an
 * XLSX file. Any bad line rejects the whole table with a message naming every bad line.
 */
export async function parseCompositionTable(fileName: string, content: Buffer): Promise<CompositionRow[]> {
  const lowerName = fileName.toLowerCase();
  const isZip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  let table: string[][];
  if (lowerName.endsWith('.xlsx')) {
    if (!isZip) throw invalid('Файл назван .xlsx, но не является книгой Excel (XLSX).');
    table = await readWorkbook(content);
  } else if (lowerName.endsWith('.csv') || lowerName.endsWith('.txt')) {
    if (isZip)
      throw invalid('Файл назван .csv, но это архив или книга Excel: сохраните его как CSV или загрузите .xlsx.');
    table = parseCsv(decodeText(content));
  } else {
    throw invalid('Поддерживаются таблицы CSV и XLSX.');
  }
  return readRows(table);
}

function invalid(message: string, fields = [{ field: 'file', message }]): AppError {
  return new AppError('VALIDATION_FAILED', message, fields);
}

async function readWorkbook(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw invalid('Не удалось прочитать книгу Excel: файл повреждён или это не XLSX.');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw invalid('В книге нет листов.');
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= Math.max(row.cellCount, 4); column += 1) {
      cells.push(row.getCell(column).text?.trim() ?? '');
    }
    rows[rowNumber - 1] = cells;
  });
  return Array.from(rows, (row) => row ?? []);
}

function decodeText(content: Buffer): string {
  const withoutBom = content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? content.subarray(3) : content;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(withoutBom);
  } catch {
    return new TextDecoder('windows-1251').decode(withoutBom);
  }
}

/** RFC 4180 CSV with the delimiter guessed from the header line. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (isQuoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') {
        isQuoted = false;
      } else {
        cell += character;
      }
    } else if (character === '"' && cell === '') {
      isQuoted = true;
    } else if (character === delimiter) {
      row.push(cell.trim());
      cell = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      row.push(cell.trim());
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += character;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell.trim());
    rows.push(row);
  }
  return rows;
}

function readRows(table: string[][]): CompositionRow[] {
  const headerIndex = table.findIndex((cells) => cells.some((cell) => cell.trim() !== ''));
  const header = table[headerIndex];
  if (headerIndex < 0 || !header) throw invalid('Таблица пуста: нужна строка заголовков «ФИО; Должность; Роль; Блок».');
  const positions = {} as Record<keyof typeof COLUMN_NAMES, number>;
  for (const [key, names] of Object.entries(COLUMN_NAMES) as Array<[keyof typeof COLUMN_NAMES, string[]]>) {
    positions[key] = header.findIndex((cell) => names.includes(normalize(cell)));
  }
  if (positions.fullName < 0) {
    throw invalid(`Строка ${headerIndex + 1}: не найден столбец «ФИО». Ожидаемые столбцы: ФИО; Должность; Роль; Блок.`);
  }
  const rows: CompositionRow[] = [];
  const errors: string[] = [];
  for (let index = headerIndex + 1; index < table.length; index += 1) {
    const cells = table[index] ?? [];
    if (cells.every((cell) => cell.trim() === '')) continue;
    const line = index + 1;
    const cell = (key: keyof typeof COLUMN_NAMES) => (positions[key] >= 0 ? (cells[positions[key]] ?? '').trim() : '');
    const fullName = cell('fullName').replace(/\s+/g, ' ');
    const roleTitle = cell('role');
    const role = roleTitle ? (ROLE_SYNONYMS[normalize(roleTitle)] ?? null) : null;
    if (!fullName) errors.push(`Строка ${line}: не заполнено ФИО.`);
    else if (fullName.length > 300) errors.push(`Строка ${line}: ФИО длиннее 300 символов.`);
    if (roleTitle && !role) errors.push(`Строка ${line}: неизвестная роль «${roleTitle}».`);
    if (role && !isRole(role)) errors.push(`Строка ${line}: неизвестная роль «${roleTitle}».`);
    rows.push({
      line,
      fullName,
      position: cell('position') || null,
      role,
      roleTitle: roleTitle || null,
      block: cell('block') || null,
    });
  }
  if (rows.length > MAX_COMPOSITION_ROWS) errors.push(`В таблице больше ${MAX_COMPOSITION_ROWS} строк.`);
  if (rows.length === 0) errors.push('В таблице нет ни одной строки с сотрудником.');
  if (errors.length > 0) {
    const shown = errors.slice(0, 20);
    throw invalid(
      `Состав не загружен, исправьте таблицу: ${shown.join(' ')}${errors.length > shown.length ? ` …и ещё ${errors.length - shown.length}.` : ''}`,
      shown.map((message) => ({ field: 'file', message })),
    );
  }
  return rows;
}

/** The composition as a table to download: CSV (UTF-8 with BOM, `;`, opens in Excel) or XLSX. */
export async function writeCompositionTable(
  members: Array<{ fullName: string; position: string | null; roleTitle: string | null; block: string | null }>,
  format: 'csv' | 'xlsx',
): Promise<Buffer> {
  const header = ['ФИО', 'Должность', 'Роль', 'Блок'];
  const lines = members.map((member) => [
    member.fullName,
    member.position ?? '',
    member.roleTitle ?? '',
    member.block ?? '',
  ]);
  if (format === 'csv') {
    const quote = (value: string) => (/[;"\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
    const text = [header, ...lines].map((cells) => cells.map(quote).join(';')).join('\r\n');
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${text}\r\n`, 'utf8')]);
  }
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Состав МЦУ');
  sheet.addRow(header).font = { bold: true };
  for (const cells of lines) sheet.addRow(cells);
  sheet.columns.forEach((column, index) => {
    column.width = [40, 40, 36, 40][index] ?? 20;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
