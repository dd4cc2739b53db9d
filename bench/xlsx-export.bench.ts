/**
 * Reading a large ПОС export in XLSX: the importer's stream reader against loading the whole workbook model (how
 * it read before). A workbook of ROWS rows (default 100,000; 23 columns as the back office writes them, a
 * Cyrillic text of ~100 letters each) is written to a temporary file. Each variant then reads it ROUNDS times
 * (default 3), in turn, each time in a fresh process, so that the peak RSS printed is that reading's own.
 * «поток» is the product's readImportTable: streaming read plus the rows parsed into cases. «модель» is ExcelJS
 * Workbook.xlsx.load, every cell's text and the same parsing into cases (the importer before). Printed: median
 * time and peak RSS of each, their ratios, the rows read (the stream's rejected rows must be 0), and — once — how
 * many rows ExcelJS's stream reader as shipped, without the importer's decoding, returns with «�» in a cell (a
 * letter cut by a chunk boundary; docs/intake.md, «Чтение XLSX»).
 * Run: npm run bench -- xlsx-export   (ROWS=50000 ROUNDS=5 to change)
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { POS_COLUMNS } from '../src/server/modules/intake/pos-export.format.js';
import { median } from './figures.js';

const rowCount = Number(process.env.ROWS ?? 100_000);
const rounds = Number(process.env.ROUNDS ?? 3);
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-xlsx-export-'));
const file = path.join(directory, 'pos-export.xlsx');

type PosColumn = keyof typeof POS_COLUMNS;

/** One row of the export by column; the header is each column's first name, as the back office writes it. */
function exportRow(index: number): Partial<Record<PosColumn, string>> {
  const isOpen = index % 4 === 0;
  return {
    number: `ПОС-${index}`,
    epguNumber: String(3_000_000 + index),
    source: 'ЕПГУ',
    topLevelLko: 'Администрация городского округа',
    category: 'Дороги',
    subcategory: 'Ямы на дорогах',
    fact: `Яма на дороге у дома ${index} по улице Ленина, глубокая, опасно для машин и пешеходов, прошу заделать`,
    organisation: 'Управление дорожного хозяйства',
    receivedAt: '01.03.2024 10:00',
    plannedAt: '10.03.2024 10:00',
    completedAt: isOpen ? '' : '05.03.2024 12:00',
    stage: 'Завершено',
    status: isOpen ? 'В работе' : 'Решено',
    isOverdue: 'Нет',
    isFastTrack: 'Нет',
    law: 'Нет',
    isFiledUnder59: 'Нет',
    decisionType: isOpen ? '' : 'Решено',
    rating: isOpen ? '' : String(1 + (index % 5)),
    isRepeated: 'Нет',
    coordinatorName: 'Иванова Анна Сергеевна',
    executorName: 'Петров Пётр Петрович',
    managerName: 'Сидоров Семён Семёнович',
  };
}

try {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Выгрузка ПОС');
  const columns = (Object.keys(POS_COLUMNS) as PosColumn[]).filter((column) => column in exportRow(0));
  sheet.addRow(columns.map((column) => POS_COLUMNS[column][0]));
  for (let index = 0; index < rowCount; index += 1) {
    const row = exportRow(index);
    sheet.addRow(columns.map((column) => row[column] ?? ''));
  }
  await workbook.xlsx.writeFile(file);
  const size = fs.statSync(file).size / 1024 / 1024;
  process.stdout.write(
    `xlsx-export: ${rowCount} rows, ${size.toFixed(1)} MB; node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}; ${rounds} rounds\n`,
  );

  type Reading = { milliseconds: number; rows: number; rejected: number; peakMegabytes: number };
  const readings: Record<'поток' | 'модель', Reading[]> = { поток: [], модель: [] };
  const child = path.join(import.meta.dirname, 'xlsx-export.child.ts');
  for (let round = 0; round < rounds; round += 1) {
    for (const [label, variant] of [
      ['поток', 'stream'],
      ['модель', 'model'],
    ] as const) {
      const output = execFileSync(process.execPath, ['--import', 'tsx', child, file, variant], {
        encoding: 'utf8',
        maxBuffer: 1 << 20,
      });
      readings[label].push(JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Reading);
    }
  }
  for (const label of ['поток', 'модель'] as const) {
    const items = readings[label];
    process.stdout.write(
      `  ${label}: медиана ${(median(items.map((item) => item.milliseconds)) / 1000).toFixed(1)} с, ` +
        `пик памяти процесса ${median(items.map((item) => item.peakMegabytes)).toFixed(0)} МБ; строк ${items[0]?.rows}` +
        `, отклонено ${items[0]?.rejected}\n`,
    );
  }
  const raw = JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', child, file, 'raw'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1) ?? '{}',
  ) as Reading;
  process.stdout.write(`  поток ExcelJS без декодирования импортёра: строк с «�» — ${raw.rejected} из ${raw.rows}\n`);
  const ratio = (pick: (item: Reading) => number) =>
    median(readings.поток.map(pick)) / median(readings.модель.map(pick));
  process.stdout.write(
    `  поток / модель: время ${ratio((item) => item.milliseconds).toFixed(2)}, память ${ratio((item) => item.peakMegabytes).toFixed(2)}\n`,
  );
  if (readings.поток.some((item) => item.rows !== rowCount || item.rejected !== 0)) {
    process.stdout.write('  ОШИБКА: поток прочитал не все строки без отказов\n');
    process.exitCode = 1;
  }
} finally {
  fs.rmSync(directory, { recursive: true, force: true });
}
