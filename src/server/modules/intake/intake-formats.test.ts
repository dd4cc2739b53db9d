import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { parseHistoryLine } from './history-jsonl.format.js';
import { readImportFile, readImportTable } from './intake-files.js';
import { RecordProblem } from './intake-record.js';
import { parseSpbLine } from './spb-jsonl.format.js';

const NOW = Date.UTC(2026, 0, 1);
const MOSCOW = 'Europe/Moscow';
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-intake-'));

function writeFile(name: string, content: string | Buffer): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return file;
}

const spbLine = {
  id: 101,
  text: 'Во дворе яма на проезде',
  category: 'Благоустройство',
  reason: 'Ямы во дворах',
  object: 'Двор',
  district: 'Приморский',
  lat: 59.99,
  lon: 30.19,
  created: '2020-10-18T14:50:40.817676',
  statuses: [
    ['2020-11-13T01:30:54', 'Завершено: Автоматически'],
    ['2020-10-30T10:00:00', 'Получен ответ'],
    ['2020-10-25T10:00:00', 'Модерация'],
    ['2020-10-23T14:46:07', 'Получен ответ'],
    ['2020-10-19T11:49:35', 'Рассмотрение'],
    ['2020-10-18T14:50:40.958225', 'Модерация'],
  ],
  answers: [
    ['2020-10-22T16:33:46', 'Администрация Приморского района', 'Первый ответ'],
    ['2020-10-29T16:33:46', 'СПб ГКУ ЖА Приморского района', 'Второй ответ'],
  ],
};

describe('spb-jsonl: строка портала → сообщение', () => {
  test('история статусов в хронологии, повторная модерация — возврат в работу, получатель — автор последнего ответа', () => {
    const imported = parseSpbLine(7, spbLine, MOSCOW, NOW);
    assert.equal(imported.channel, 'regional');
    assert.equal(imported.externalId, '101');
    assert.equal(imported.state, 'closed');
    assert.equal(imported.reopenCount, 1);
    // Local time of the portal read in the tenant's zone (Moscow, UTC+3).
    assert.equal(imported.receivedAt.toISOString(), '2020-10-18T11:50:40.817Z');
    assert.equal(imported.closedAt?.toISOString(), '2020-11-12T22:30:54.000Z');
    assert.equal(imported.recipientName, 'СПб ГКУ ЖА Приморского района');
    assert.deepEqual(
      imported.events.map((event) => event.action),
      ['register', 'take', 'draft-answer', 'publish', 'reopen', 'draft-answer', 'publish', 'close'],
    );
    const times = imported.events.map((event) => event.at.getTime());
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    assert.equal((imported.lifecycle.draftAnswer as { text: string }).text, 'Второй ответ');
    assert.equal((imported.lifecycle.imported as { portalOutcome: string }).portalOutcome, 'auto');
    assert.equal(imported.category, 'Благоустройство');
    assert.equal(imported.subcategory, 'Ямы во дворах');
  });

  test('последний статус «Промежуточный ответ» — сообщение открыто (in_work), без даты закрытия', () => {
    const imported = parseSpbLine(
      1,
      {
        ...spbLine,
        statuses: [
          ['2020-10-18T14:50:41', 'Модерация'],
          ['2020-10-19T11:49:35', 'Рассмотрение'],
          ['2020-10-20T11:49:35', 'Промежуточный ответ'],
        ],
        answers: [],
      },
      MOSCOW,
      NOW,
    );
    assert.equal(imported.state, 'in_work');
    assert.equal(imported.closedAt, null);
    assert.equal(imported.recipientName, null);
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['неизвестный статус', { statuses: [['2020-10-19T11:49:35', 'Потеряно']] }, /неизвестный статус «Потеряно»/],
    ['широта вне диапазона', { lat: 123.4 }, /«lat» — 123.4 вне допустимого диапазона/],
    ['только одна координата', { lon: null }, /координаты неполные/],
    ['нет текста', { text: '   ' }, /не заполнено поле «text»/],
    ['несуществующая дата', { created: '2020-02-30T10:00:00' }, /не существующая дата/],
    ['дата в будущем', { created: '2099-01-01T10:00:00' }, /в будущем/],
    ['огромный текст', { text: 'я'.repeat(60_000) }, /длиннее 50000 символов/],
    ['причина без категории', { category: null }, /нет категории/],
    ['ответ не тройка', { answers: [['2020-10-22T16:33:46', 'Администрация']] }, /списком из 3 значений/],
    ['лишнее поле', { extra: 1 }, /неизвестное поле «extra»/],
  ];
  for (const [name, patch, message] of bad) {
    test(`отклоняет: ${name}`, () => {
      assert.throws(
        () => parseSpbLine(3, { ...spbLine, ...patch }, MOSCOW, NOW),
        (error: unknown) => error instanceof RecordProblem && message.test(error.message),
      );
    });
  }
});

describe('history-jsonl: нейтральный формат', () => {
  const line = {
    id: 'A-1',
    text: 'Не вывезли мусор',
    created: '2024-03-10T09:30:00+07:00',
    territory: 'Центральный район',
    lat: 53.75,
    lon: 87.11,
    channel: 'pos',
    category: 'ЖКХ',
    subcategory: 'Вывоз ТКО',
    recipient: 'Управление ЖКХ',
    state: 'closed',
    answeredAt: '2024-03-12T10:00:00+07:00',
    answer: 'Мусор вывезен',
    rating: 5,
  };

  test('полная строка: канал, состояние процесса канала, ответ, оценка, лента', () => {
    const imported = parseHistoryLine(1, line, 'form', NOW);
    assert.equal(imported.channel, 'pos');
    assert.equal(imported.state, 'closed');
    assert.equal(imported.rating, 5);
    assert.equal(imported.receivedAt.toISOString(), '2024-03-10T02:30:00.000Z');
    assert.equal(imported.closedAt?.toISOString(), '2024-03-12T03:00:00.000Z');
    assert.deepEqual(
      imported.events.map((event) => event.action),
      ['register', 'draft-answer', 'close', 'resident-rating'],
    );
  });

  test('только обязательные поля: канал по умолчанию, начальное состояние', () => {
    const imported = parseHistoryLine(1, { id: 5, text: 'Текст', created: '2024-03-10T09:30:00Z' }, 'email', NOW);
    assert.equal(imported.channel, 'email');
    assert.equal(imported.state, 'new');
    assert.equal(imported.closedAt, null);
  });

  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'дата без часового пояса',
      { created: '2024-03-10T09:30:00' },
      /«created» — дата «2024-03-10T09:30:00» без часового пояса/,
    ],
    ['неизвестный канал', { channel: 'голубиная почта' }, /неизвестный канал «голубиная почта»/],
    [
      'состояние не из процесса',
      { state: 'cur_review', channel: 'form' },
      /состояние «cur_review» не из процесса канала form/,
    ],
    ['оценка 7', { rating: 7 }, /целая оценка от 1 до 5/],
    ['ответ раньше поступления', { answeredAt: '2024-03-01T10:00:00+07:00' }, /раньше даты поступления/],
    ['долгота — текст', { lon: 'восток' }, /«lon» — «восток» не число/],
    ['нет id', { id: undefined }, /не заполнено поле «id»/],
    ['опечатка в имени поля', { categroy: 'x' }, /неизвестное поле «categroy»/],
    ['нулевой символ', { text: 'a\u0000b' }, /нулевой символ/],
  ];
  for (const [name, patch, message] of bad) {
    test(`отклоняет: ${name}`, () => {
      assert.throws(
        () => parseHistoryLine(2, { ...line, ...patch }, 'form', NOW),
        (error: unknown) => error instanceof RecordProblem && message.test(error.message),
      );
    });
  }

  test('свойство: любой JSON — либо сообщение, либо понятная ошибка RecordProblem', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          parseHistoryLine(1, value, 'form', NOW);
        } catch (error) {
          assert.ok(error instanceof RecordProblem, String(error));
        }
        try {
          parseSpbLine(1, value, MOSCOW, NOW);
        } catch (error) {
          assert.ok(error instanceof RecordProblem, String(error));
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('чтение JSONL: gzip, кодировки, мусор', () => {
  test('gzip читается; строки не JSON, не UTF-8 и слишком длинные названы по номеру', async () => {
    const good = JSON.stringify({ id: 1, text: 'Хорошая строка', created: '2024-01-01T10:00:00+03:00' });
    const cp1251 = Buffer.from([0x7b, 0x22, 0x69, 0x64, 0x22, 0x3a, 0x22, 0xcf, 0xf0, 0xe8, 0x22, 0x7d]); // {"id":"При"} in cp1251
    const content = Buffer.concat([
      Buffer.from(`${good}\n{oops\n`),
      cp1251,
      Buffer.from(`\n\n[1,2]\n${'x'.repeat(1_100_000)}\n`),
    ]);
    const file = writeFile('mixed.jsonl.gz', zlib.gzipSync(content));
    const input = await readImportFile('history-jsonl', file, { timeZone: MOSCOW, defaultChannel: 'form', now: NOW });
    assert.equal(input.cases.length, 1);
    assert.deepEqual(
      input.rejected.map((item) => item.line),
      [2, 3, 5, 6],
    );
    assert.match(input.rejected[0]?.message ?? '', /не JSON/);
    assert.match(input.rejected[1]?.message ?? '', /не в кодировке UTF-8 \(похоже на Windows-1251\)/);
    assert.match(input.rejected[2]?.message ?? '', /объектом JSON/);
    assert.match(input.rejected[3]?.message ?? '', /длиннее 1000000 байт/);
  });

  test('файл в несколько мегабайт: строки через границы кусков, кириллица, метка порядка байтов в начале', async () => {
    // The stream is unpacked in pieces of 1 MB: lines and letters cut at their borders must come out whole,
    // and every line keeps its number.
    const lines = Array.from({ length: 6000 }, (_, index) =>
      JSON.stringify({
        id: index + 1,
        text: `Строка ${index + 1}:${' ёжик в тумане'.repeat(20 + (index % 37))}`,
        created: '2024-01-01T10:00:00+03:00',
      }),
    );
    lines[4321] = '{не JSON';
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\n')}\n`)]);
    assert.ok(content.length > 3_000_000);
    const file = writeFile('big.jsonl.gz', zlib.gzipSync(content));
    const input = await readImportFile('history-jsonl', file, { timeZone: MOSCOW, defaultChannel: 'form', now: NOW });
    assert.equal(input.cases.length, 5999);
    assert.deepEqual(
      input.rejected.map((item) => item.line),
      [4322],
    );
    assert.equal(input.cases[0]?.externalId, '1');
    assert.equal(input.cases[5998]?.text, JSON.parse(lines[5999] as string).text);
    for (const [index, item] of input.cases.entries()) {
      const expected = JSON.parse(lines[index < 4321 ? index : index + 1] as string);
      if (item.text !== expected.text) assert.fail(`строка ${index + 1}: текст прочитан иначе`);
    }
  });

  test('оборванный gzip — ошибка с местом, а не исключение', async () => {
    const whole = zlib.gzipSync(
      Buffer.from(`${JSON.stringify({ id: 1, text: 't', created: '2024-01-01T10:00:00Z' })}\n`.repeat(200)),
    );
    const file = writeFile('cut.jsonl.gz', whole.subarray(0, Math.floor(whole.length / 2)));
    const input = await readImportFile('history-jsonl', file, { timeZone: MOSCOW, defaultChannel: 'form', now: NOW });
    assert.ok(input.rejected.some((item) => /gzip повреждён/.test(item.message)));
  });

  test('пустой файл отклоняется целиком', async () => {
    const input = await readImportFile('spb-jsonl', writeFile('empty.jsonl', '\n\n'), {
      timeZone: MOSCOW,
      defaultChannel: 'form',
      now: NOW,
    });
    assert.deepEqual(input.rejected, [{ line: 0, message: 'в файле нет ни одной записи.' }]);
  });
});

const POS_HEADER = [
  'Номер',
  'Номер ЕПГУ',
  'Источник',
  'Верхнеуровневый ЛКО',
  'Категория',
  'Подкатегория',
  'Факт',
  'Организация',
  'Организация исполнителя',
  'Вышестоящая организация',
  'Дата поступления',
  'Планируемая дата завершения',
  'Фактическая дата завершения',
  'Стадия',
  'Статус',
  'Просрочено',
  'Фаст-трек',
  'ФЗ',
  'Подача по 59-ФЗ',
  'Тип решения',
  'Оценка',
  'Повторное рассмотрение',
  'ФИО координатора',
  'ФИО исполнителя',
  'ФИО руководителя',
];

/**
 * A workbook with its parts in the order Excel itself saves them — the workbook and the shared strings before
 * the sheet — which ExcelJS's writers never produce (they put the sheet first and the workbook last). Zipped
 * without compression by hand: local headers, central directory, CRC-32.
 */
function excelOrderedWorkbook(rows: string[][]): Buffer {
  const strings: string[] = [];
  const indexOf = new Map<string, number>();
  const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const column = (index: number) => String.fromCharCode(65 + (index % 26)).padStart(index >= 26 ? 2 : 1, 'A');
  const sheetRows = rows.map((cells, rowIndex) => {
    const xml = cells.map((text, cellIndex) => {
      if (!indexOf.has(text)) {
        indexOf.set(text, strings.length);
        strings.push(text);
      }
      return `<c r="${column(cellIndex)}${rowIndex + 1}" t="s"><v>${indexOf.get(text)}</v></c>`;
    });
    return `<row r="${rowIndex + 1}">${xml.join('')}</row>`;
  });
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const parts: Array<[string, string]> = [
    [
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    ],
    [
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${main}" xmlns:r="${relationships}"><sheets><sheet name="Выгрузка ПОС" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relationships}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${relationships}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    ],
    [
      'xl/sharedStrings.xml',
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${main}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((text) => `<si><t>${escapeXml(text)}</t></si>`).join('')}</sst>`,
    ],
    [
      'xl/worksheets/sheet1.xml',
      `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${main}"><sheetData>${sheetRows.join('')}</sheetData></worksheet>`,
    ],
  ];
  const crcTable = Array.from({ length: 256 }, (_, byte) => {
    let value = byte;
    for (let bit = 0; bit < 8; bit += 1) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
    return value >>> 0;
  });
  const crc32 = (data: Buffer) => {
    let value = 0xffffffff;
    for (const byte of data) value = (crcTable[(value ^ byte) & 0xff] ?? 0) ^ (value >>> 8);
    return (value ^ 0xffffffff) >>> 0;
  };
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, data);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function sharedStringsWorkbook(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Выгрузка ПОС');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function inlineStringsWorkbook(rows: string[][]): Promise<Buffer> {
  const output = new PassThrough();
  const parts: Buffer[] = [];
  output.on('data', (part: Buffer) => parts.push(part));
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useSharedStrings: false });
  const sheet = writer.addWorksheet('Выгрузка ПОС');
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await writer.commit();
  return Buffer.concat(parts);
}

function posRow(overrides: Partial<Record<string, string>> = {}): string[] {
  const values: Record<string, string> = {
    Номер: '1001',
    'Номер ЕПГУ': '555',
    Источник: 'Госуслуги',
    'Верхнеуровневый ЛКО': 'Администрация',
    Категория: 'Дороги',
    Подкатегория: 'Ямы',
    Факт: 'Яма на дороге у дома 5',
    Организация: 'Администрация города',
    'Организация исполнителя': 'Управление дорожного хозяйства',
    'Вышестоящая организация': '',
    'Дата поступления': '10.03.2024 09:30',
    'Планируемая дата завершения': '20.03.2024 18:00',
    'Фактическая дата завершения': '15.03.2024 12:00',
    Стадия: 'Завершено',
    Статус: 'Решено',
    Просрочено: 'Нет',
    'Фаст-трек': 'Да',
    ФЗ: '',
    'Подача по 59-ФЗ': 'Нет',
    'Тип решения': 'Решено',
    Оценка: '5',
    'Повторное рассмотрение': 'Нет',
    'ФИО координатора': 'Иванова И. И.',
    'ФИО исполнителя': 'Петров П. П.',
    'ФИО руководителя': 'Сидоров С. С.',
    ...overrides,
  };
  return POS_HEADER.map((name) => values[name] ?? '');
}

const csvLine = (cells: string[], separator = ';') =>
  cells.map((cell) => (/[";\n,]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(separator);

describe('выгрузка ПОС: CSV и XLSX', () => {
  test('CSV в Windows-1251 с «;», заголовки в другом регистре и с пробелами', async () => {
    const header = POS_HEADER.map((name) => `  ${name.toUpperCase()} `);
    const text = [
      csvLine(header),
      csvLine(posRow()),
      csvLine(posRow({ Номер: '1002', Статус: 'На модерации', Стадия: '', 'Фактическая дата завершения': '' })),
    ].join('\r\n');
    const cp1251 = encodeCp1251(text);
    const input = await readImportTable('pos', 'export.csv', cp1251, { timeZone: 'Asia/Novokuznetsk', now: NOW });
    assert.deepEqual(input.rejected, []);
    const [first, second] = input.cases;
    assert.equal(first?.externalId, '1001');
    assert.equal(first?.state, 'closed');
    assert.equal(first?.result, 'resolved');
    assert.equal(first?.rating, 5);
    assert.equal(first?.isFastTrack, true);
    assert.equal(first?.recipientName, 'Управление дорожного хозяйства');
    assert.equal(first?.receivedAt.toISOString(), '2024-03-10T02:30:00.000Z');
    assert.equal(first?.text, 'Яма на дороге у дома 5');
    assert.equal(second?.state, 'moderation');
    assert.equal(second?.closedAt, null);
  });

  test('подача по 59-ФЗ — обращение (kind appeal) в процессе обращений', async () => {
    const text = [csvLine(POS_HEADER, ','), csvLine(posRow({ 'Подача по 59-ФЗ': 'Да' }), ',')].join('\n');
    const input = await readImportTable('pos', 'export.csv', Buffer.from(text), { timeZone: MOSCOW, now: NOW });
    assert.equal(input.cases[0]?.kind, 'appeal');
  });

  test('большая книга читается потоком: кириллица на границах кусков не портится — ни в общих строках (в любом порядке частей), ни в строках листа', async () => {
    // ~3,000 rows of long Cyrillic texts (2 bytes a letter): hundreds of kilobytes of XML, so the reader's
    // 16 kB chunks cut letters many times over — in shared strings and, written inline, in the sheet itself.
    const texts = Array.from(
      { length: 3000 },
      (_, index) => `Обращение ${index}: во дворе дома ${index} по улице Щорса ёлки, сугробы и гололёд — просим убрать`,
    );
    const rows = [POS_HEADER, ...texts.map((text, index) => posRow({ Номер: `Б-${index}`, Факт: text }))];
    const workbooks = {
      // Shared strings, the sheet saved before them (as ExcelJS writes: the reader keeps the sheet aside).
      'общие строки после листа': await sharedStringsWorkbook(rows),
      // Shared strings and the workbook first, as Excel saves: the sheet is read straight from the archive.
      'порядок Excel': excelOrderedWorkbook(rows),
      // Every text inline in the sheet (t="str"), as the streaming writers of some exporting systems do.
      'строки в листе': await inlineStringsWorkbook(rows),
    };
    for (const [layout, buffer] of Object.entries(workbooks)) {
      const input = await readImportTable('pos', 'big.xlsx', buffer, { timeZone: MOSCOW, now: NOW });
      assert.deepEqual(input.rejected, [], layout);
      assert.equal(input.cases.length, texts.length, layout);
      const broken = input.cases.filter((item, index) => !item.text.includes(texts[index] ?? '—'));
      assert.deepEqual(
        broken.map((item) => item.text),
        [],
        layout,
      );
    }
  });

  test('XLSX с датами-ячейками; ошибки каждой строки названы, ничего не принято молча', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Выгрузка');
    sheet.addRow(POS_HEADER);
    const good = posRow() as Array<string | Date>;
    good[10] = new Date(Date.UTC(2024, 2, 10, 9, 30));
    sheet.addRow(good);
    sheet.addRow(posRow({ Номер: '2', Оценка: '9' }));
    sheet.addRow(posRow({ Номер: '3', 'Дата поступления': 'вчера' }));
    sheet.addRow(posRow({ Номер: '4', 'Фаст-трек': 'может быть' }));
    sheet.addRow(posRow({ Номер: '5', Категория: '' }));
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const input = await readImportTable('pos', 'export.xlsx', buffer, { timeZone: MOSCOW, now: NOW });
    assert.equal(input.cases.length, 1);
    assert.equal(input.cases[0]?.receivedAt.toISOString(), '2024-03-10T06:30:00.000Z');
    assert.deepEqual(
      input.rejected.map((item) => item.line),
      [3, 4, 5, 6],
    );
    assert.match(input.rejected[0]?.message ?? '', /Оценка/);
    // The example is the form the operator's own export uses, not only ISO-8601.
    assert.match(
      input.rejected[1]?.message ?? '',
      /«Дата поступления» — «вчера» не дата; нужна, например, 10\.03\.2024 09:30/,
    );
    assert.match(input.rejected[2]?.message ?? '', /«Да» или «Нет»/);
    assert.match(input.rejected[3]?.message ?? '', /нет «Категории»/);
  });

  test('не та таблица, битый XLSX, незакрытая кавычка — ошибка файла', async () => {
    const cases: Array<[string, Buffer, RegExp]> = [
      ['a.csv', Buffer.from('Фамилия;Имя\nИванов;Иван\n'), /строка заголовков/],
      ['a.xlsx', Buffer.from('PK\u0003\u0004garbage'), /не удалось прочитать книгу/i],
      ['a.xlsx', Buffer.from('just text'), /не является книгой Excel/],
      ['a.csv', Buffer.from(`${csvLine(POS_HEADER)}\n"1001;оборвано`), /кавычка открыта/],
      ['a.xls', Buffer.from('Номер;Дата поступления'), /\.xls/],
    ];
    for (const [name, content, message] of cases) {
      const input = await readImportTable('pos', name, content, { timeZone: MOSCOW, now: NOW });
      assert.equal(input.cases.length, 0, name);
      assert.equal(input.rejected[0]?.line, 0);
      assert.match(input.rejected[0]?.message ?? '', message, name);
    }
  });
});

describe('выгрузка Инцидент менеджмента', () => {
  const header = [
    'Номер инцидента',
    'Текст',
    'Группа тем',
    'Тема',
    'Урл блога',
    'Муниципалитет',
    'Дата создания',
    'Дата закрытия',
    'Важность',
    'Время до ответа',
    'Причина закрытия',
    'Адрес',
  ];
  test('строки ИМ: тема, важность, причина закрытия; плохие строки названы', async () => {
    const rows = [
      header,
      [
        'IM-1',
        'Нет света во дворе',
        'ЖКХ',
        'Освещение',
        'https://vk.com/wall1',
        'Новокузнецк',
        '01.02.2024 10:00',
        '01.02.2024 15:00',
        'Повышенная',
        '3 ч',
        'Автор доволен',
        'ул. Ленина, 1',
      ],
      ['IM-2', 'Ямы', 'Дороги', 'Ямы', 'https://t.me/x', 'Новокузнецк', '02.02.2024 10:00', '', 'Обычная', '', '', ''],
      ['IM-3', 'Текст', 'Дороги', 'Ямы', 'javascript:alert(1)', '', '02.02.2024 10:00', '', '', '', '', ''],
      ['IM-4', 'Текст', 'Дороги', 'Ямы', '', '', '2024-02-02T10:00:00', '01.01.2024 10:00', '', '', '', ''],
      ['IM-5', 'Текст', 'Дороги', 'Ямы', '', '', '02.02.2024 10:00', '', 'Страшная', '', '', ''],
    ];
    const input = await readImportTable(
      'im',
      'im.csv',
      Buffer.from(`\ufeff${rows.map((row) => csvLine(row, '\t')).join('\n')}`),
      {
        timeZone: MOSCOW,
        now: NOW,
      },
    );
    assert.equal(input.cases.length, 2);
    const [closed, open] = input.cases;
    assert.equal(closed?.channel, 'im');
    assert.equal(closed?.state, 'closed');
    assert.equal(closed?.isFastTrack, true);
    assert.equal(closed?.lifecycle.closureReason, 'author_satisfied');
    assert.equal(closed?.address, 'ул. Ленина, 1');
    assert.equal(open?.state, 'in_work');
    assert.deepEqual(
      input.rejected.map((item) => [item.line, /Урл блога|Даты создания|Важность/.test(item.message)]),
      [
        [4, true],
        [5, true],
        [6, true],
      ],
    );
  });
});

function encodeCp1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0x3f;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else if (code === 0xab) bytes.push(0xab);
    else if (code === 0xbb) bytes.push(0xbb);
    else if (code === 0x2116) bytes.push(0xb9);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}
