import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { RecordProblem, readInstant } from './intake-record.js';

/**
 * A spreadsheet export as rows of text cells with their line numbers: XLSX (first sheet) or CSV in
 * UTF-8 (with or without BOM) or Windows-1251, separated by `;`, `,` or tab (guessed from the header).
 * Date cells of a workbook become wall-clock text `YYYY-MM-DDTHH:MM:SS` (Excel stores no zone).
 */
export type TableRow = { line: number; cells: string[] };
export type Table = { rows: TableRow[]; encoding: 'utf-8' | 'windows-1251' | 'xlsx' };

export class TableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableFileError';
  }
}

export const MAX_TABLE_ROWS = 200_000;
export const MAX_CELL_LENGTH = 50_000;

export async function readTableFile(fileName: string, content: Buffer): Promise<Table> {
  const lowerName = fileName.toLowerCase();
  const isZip = content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  if (lowerName.endsWith('.xlsx') || (isZip && !lowerName.endsWith('.csv'))) {
    if (!isZip) throw new TableFileError('Файл назван .xlsx, но не является книгой Excel (XLSX).');
    return { rows: await readWorkbook(content), encoding: 'xlsx' };
  }
  if (isZip) throw new TableFileError('Файл назван .csv, но это архив или книга Excel: загрузите его как .xlsx.');
  if (lowerName.endsWith('.xls')) {
    throw new TableFileError('Старый формат Excel (.xls) не поддерживается: сохраните книгу как .xlsx или CSV.');
  }
  if (content.includes(0)) throw new TableFileError('Файл не текстовый (есть нулевые байты): нужен CSV или XLSX.');
  const { text, encoding } = decodeText(content);
  return { rows: parseCsv(text), encoding };
}

/**
 * The first sheet, read as a stream: row by row, with only the shared strings (and styles, for date cells)
 * kept. The whole workbook model took 1.4 GB at its peak for a 100,000-row ПОС export, and a file near the
 * upload limit would exhaust the process; the stream takes 0.55 GB and a third less time (`npm run bench --
 * xlsx-export`). The row limit stops the reading as soon as it is passed.
 */
async function readWorkbook(content: Buffer): Promise<TableRow[]> {
  const reader = textWorkbookReader(content);
  const rows: TableRow[] = [];
  let hasSheet = false;
  try {
    for await (const sheet of reader) {
      hasSheet = true;
      for await (const row of sheet) {
        if (!row.hasValues) continue;
        if (rows.length >= MAX_TABLE_ROWS) throw new TableFileError(`В таблице больше ${MAX_TABLE_ROWS} строк.`);
        const cells: string[] = [];
        for (let column = 1; column <= row.cellCount; column += 1) cells.push(cellText(row.getCell(column)));
        rows.push({ line: row.number, cells });
      }
      break;
    }
  } catch (error) {
    if (error instanceof TableFileError) throw error;
    throw new TableFileError('Не удалось прочитать книгу Excel: файл повреждён или это не XLSX.');
  }
  if (!hasSheet) throw new TableFileError('В книге нет листов.');
  return rows;
}

/** The stream reader's own parsing steps that receive a zip entry's bytes (exceljs 4.4). */
type ReaderSteps = {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(chunks: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};

/**
 * ExcelJS's stream reader decodes every chunk of a zip entry (16 kB) on its own, so a Cyrillic letter cut by
 * a chunk boundary became «�» — 472 rows of the bench's 100,000-row ПОС export (exceljs issues #2063,
 * #2316). Its parser takes text as is, so the reader is handed text: the shared strings through the entry's
 * own decoder, the sheets through one that carries a cut letter over to the next chunk. If a later ExcelJS
 * renames these steps, reading stops with an error here rather than spoiling texts quietly (a test checks
 * the letters across boundaries).
 */
function textWorkbookReader(content: Buffer) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  const steps = reader as unknown as ReaderSteps;
  if (typeof steps._parseSharedStrings !== 'function' || typeof steps._parseWorksheet !== 'function') {
    throw new Error('exceljs: у потокового чтения книги нет ожидаемых шагов разбора');
  }
  const parseSharedStrings = steps._parseSharedStrings.bind(reader);
  const parseWorksheet = steps._parseWorksheet.bind(reader);
  steps._parseSharedStrings = (entry) => {
    entry.setEncoding('utf8');
    return parseSharedStrings(entry);
  };
  steps._parseWorksheet = (chunks, sheetNo) => parseWorksheet(decodeUtf8(chunks), sheetNo);
  return reader;
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

function cellText(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value instanceof Date) return formatWall(value);
  if (value && typeof value === 'object' && 'result' in value && value.result instanceof Date) {
    return formatWall(value.result);
  }
  return (cell.text ?? '').trim();
}

function formatWall(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 19);
}

function decodeText(content: Buffer): { text: string; encoding: 'utf-8' | 'windows-1251' } {
  const withoutBom = content.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? content.subarray(3) : content;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(withoutBom), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1251').decode(withoutBom), encoding: 'windows-1251' };
  }
}

/** RFC 4180 CSV; each row keeps the line it starts on (quoted cells may span lines). */
export function parseCsv(text: string): TableRow[] {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = [';', '\t', ','].reduce((best, candidate) =>
    firstLine.split(candidate).length > firstLine.split(best).length ? candidate : best,
  );
  const rows: TableRow[] = [];
  let row: string[] = [];
  let cell = '';
  let isQuoted = false;
  let line = 1;
  let rowLine = 1;
  const pushRow = () => {
    row.push(cell.trim());
    if (row.some((value) => value !== '')) rows.push({ line: rowLine, cells: row });
    if (rows.length > MAX_TABLE_ROWS) throw new TableFileError(`В таблице больше ${MAX_TABLE_ROWS} строк.`);
    row = [];
    cell = '';
  };
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\n') line += 1;
    if (isQuoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index += 1;
      } else if (character === '"') {
        isQuoted = false;
      } else {
        cell += character;
      }
      if (cell.length > MAX_CELL_LENGTH * 2) {
        throw new TableFileError(
          `Строка ${rowLine}: незакрытая кавычка или ячейка длиннее ${MAX_CELL_LENGTH} символов.`,
        );
      }
    } else if (character === '"' && cell.trim() === '') {
      isQuoted = true;
      cell = '';
    } else if (character === delimiter) {
      row.push(cell.trim());
      cell = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') {
        index += 1;
        line += 1;
      }
      pushRow();
      rowLine = line;
    } else {
      cell += character;
    }
  }
  if (isQuoted) throw new TableFileError(`Строка ${rowLine}: кавычка открыта и не закрыта до конца файла.`);
  if (cell !== '' || row.length > 0) pushRow();
  return rows;
}

/** Header names folded for matching: case, «ё», spaces, punctuation and a trailing «:» do not matter. */
export function foldHeader(text: string): string {
  return text
    .toLocaleLowerCase('ru')
    .replaceAll('ё', 'е')
    .replace(/[\s_.,:;()«»"'\-–—/№#]+/g, ' ')
    .trim();
}

/**
 * Finds the header row (the first row naming at least `minimumMatches` known columns) and the position
 * of every known column. Columns are given as key → accepted names.
 */
export function locateColumns<Key extends string>(
  rows: readonly TableRow[],
  columns: Record<Key, readonly string[]>,
  minimumMatches: number,
): { headerIndex: number; positions: Record<Key, number> } {
  const folded = Object.fromEntries(
    Object.entries(columns).map(([key, names]) => [key, (names as string[]).map(foldHeader)]),
  ) as Record<Key, string[]>;
  for (let index = 0; index < Math.min(rows.length, 20); index += 1) {
    const cells = (rows[index]?.cells ?? []).map(foldHeader);
    const positions = {} as Record<Key, number>;
    let matches = 0;
    for (const key of Object.keys(folded) as Key[]) {
      positions[key] = cells.findIndex((cell) => cell !== '' && folded[key].includes(cell));
      if (positions[key] >= 0) matches += 1;
    }
    if (matches >= minimumMatches) return { headerIndex: index, positions };
  }
  throw new TableFileError('Не найдена строка заголовков таблицы.');
}

export function readYesNo(value: string, field: string): boolean {
  const folded = value.toLocaleLowerCase('ru').trim();
  if (['', 'нет', 'no', 'false', '0', '-', 'н'].includes(folded)) return false;
  if (['да', 'yes', 'true', '1', '+', 'д'].includes(folded)) return true;
  throw new RecordProblem(`столбец «${field}» — «${value.slice(0, 40)}»: нужно «Да» или «Нет».`);
}

const RUSSIAN_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A date cell of an export (ПОС, ИМ): empty — none; `дд.мм.гггг[ чч:мм[:сс]]` as the platforms write it, or
 * ISO-8601; without a zone — the municipality's wall time. Anything else is refused with the form the
 * operator's own file uses as the example.
 */
export function readTableDate(value: string, column: string, timeZone: string, now: number): Date | null {
  if (value.trim() === '') return null;
  return readInstant(
    normaliseRussianDate(value),
    column,
    { timeZone },
    now,
    'дата; нужна, например, 10.03.2024 09:30 (время муниципалитета) или 2024-03-10T09:30:00+03:00',
  );
}

/** `дд.мм.гггг[ чч:мм[:сс]]` → ISO wall time; anything else is returned as is (for ISO parsing). */
export function normaliseRussianDate(value: string): string {
  const match = RUSSIAN_DATE.exec(value.trim());
  if (!match) return value.trim();
  const [, day = '', month = '', year = '', hour = '00', minute = '00', second = '00'] = match;
  return `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}T${hour.padStart(2, '0')}:${minute}:${second}`;
}
