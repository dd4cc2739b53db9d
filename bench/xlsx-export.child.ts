/**
 * One reading of an XLSX export, in a process of its own so its peak memory is its own (xlsx-export.bench.ts).
 * argv: file, `stream` (the product's reader: readImportTable), `model` (the whole workbook loaded, then the
 * same rows parsed into cases: the importer before) or `raw` (ExcelJS's stream reader as shipped; `rejected` is
 * the rows with «�»). Prints one JSON line: milliseconds, rows, peak RSS in MB.
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { readImportTable } from '../src/server/modules/intake/intake-files.js';
import { parsePosTable } from '../src/server/modules/intake/pos-export.format.js';
import type { Table } from '../src/server/modules/intake/table-file.js';

const [file = '', variant = 'stream'] = process.argv.slice(2);
const content = fs.readFileSync(file);
const started = performance.now();
let rows = 0;
let rejected = 0;
if (variant === 'model') {
  // The same work as the importer's, over the whole model: every row's cells as text, then the export's rows
  // parsed into cases.
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const table: Table = { rows: [], encoding: 'xlsx' };
  workbook.worksheets[0]?.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) {
      const value = row.getCell(column).value;
      cells.push(value instanceof Date ? value.toISOString().slice(0, 19) : (row.getCell(column).text ?? '').trim());
    }
    table.rows.push({ line, cells });
  });
  const parsed = parsePosTable(table, { timeZone: 'Europe/Moscow', now: Date.now() });
  rows = parsed.cases.length;
  rejected = parsed.rejected.length;
} else if (variant === 'raw') {
  // ExcelJS's stream reader as shipped: `rejected` counts the rows with «�» in a cell.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([content]), {
    sharedStrings: 'cache',
    styles: 'cache',
  });
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (row.number === 1) continue;
      rows += 1;
      const values = Array.isArray(row.values) ? row.values : [];
      if (values.some((value) => typeof value === 'string' && value.includes('\uFFFD'))) rejected += 1;
    }
    break;
  }
} else {
  const input = await readImportTable('pos', 'export.xlsx', content, { timeZone: 'Europe/Moscow' });
  rows = input.cases.length;
  rejected = input.rejected.length;
}
const milliseconds = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ milliseconds, rows, rejected, peakMegabytes: process.resourceUsage().maxRSS / 1024 })}\n`,
);
