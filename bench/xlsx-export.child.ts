/**
 * One reading of an XLSX export, in a process of its own so its peak memory is its own (xlsx-export.bench.ts).
 * argv: file, `stream` (the product's reader: readImportTable) or `model` (the whole workbook loaded, as the
 * importer read it before). Prints one JSON line: milliseconds, rows, peak RSS in MB.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { readImportTable } from '../src/server/modules/intake/intake-files.js';

const [file = '', variant = 'stream'] = process.argv.slice(2);
const content = fs.readFileSync(file);
const started = performance.now();
let rows = 0;
let rejected = 0;
if (variant === 'model') {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  workbook.worksheets[0]?.eachRow({ includeEmpty: false }, (row) => {
    for (let column = 1; column <= row.cellCount; column += 1) void row.getCell(column).text;
    rows += 1;
  });
  rows -= 1; // the header
} else {
  const input = await readImportTable('pos', 'export.xlsx', content, { timeZone: 'Europe/Moscow' });
  rows = input.cases.length;
  rejected = input.rejected.length;
}
const milliseconds = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ milliseconds, rows, rejected, peakMegabytes: process.resourceUsage().maxRSS / 1024 })}\n`,
);
