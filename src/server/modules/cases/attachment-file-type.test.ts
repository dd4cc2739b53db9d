import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { buildContentDisposition, checkClaims, detectFileType, sanitiseFileName } from './attachment-file-type.js';
import { renderCoveringLetter } from './covering-letter.js';

/** A ZIP archive of the given entries (deflated, CRC left 0: the detector does not check it). */
function buildZip(entries: Array<{ name: string; content: string; isStored?: boolean }>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = Buffer.from(entry.content, 'utf8');
    const data = entry.isStored ? raw : zlib.deflateRawSync(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(entry.isStored ? 0 : 8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(entry.isStored ? 0 : 8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const centralDirectory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralDirectory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDirectory, end]);
}

function typeOf(bytes: Buffer): string {
  const detection = detectFileType(bytes);
  return detection.ok ? detection.type : `нет: ${detection.reason}`;
}

describe('тип файла по содержимому', () => {
  test('изображения и PDF — по сигнатуре', () => {
    assert.equal(typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])), 'jpeg');
    assert.equal(typeOf(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0])), 'png');
    assert.equal(typeOf(Buffer.from('GIF89a\x01\x00', 'latin1')), 'gif');
    assert.equal(typeOf(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1')), 'webp');
    assert.equal(typeOf(Buffer.from('%PDF-1.7\n')), 'pdf');
  });

  test('офисные документы — по содержимому архива: DOCX, XLSX, ODT; просто ZIP не принимается', async () => {
    const docx = await renderCoveringLetter({
      tenantName: 'Заречный муниципальный округ',
      timezone: 'Asia/Novokuznetsk',
      caseNumber: '2026-000001',
      kind: 'appeal',
      channel: 'letter',
      receivedAt: new Date('2026-03-02T03:00:00Z'),
      registrationNumber: 'Ж-17',
      address: null,
      caseText: 'Текст обращения',
      addressee: 'Прокуратура района',
      letterText: 'Направляем.',
      signerName: 'Иванов И. И.',
      signerPosition: null,
      date: new Date('2026-03-03T03:00:00Z'),
    });
    assert.equal(typeOf(docx), 'docx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Лист1').addRow(['а', 1]);
    assert.equal(typeOf(Buffer.from(await workbook.xlsx.writeBuffer())), 'xlsx');
    const odt = buildZip([
      { name: 'mimetype', content: 'application/vnd.oasis.opendocument.text', isStored: true },
      { name: 'content.xml', content: '<office:document-content/>' },
    ]);
    assert.equal(typeOf(odt), 'odt');
    assert.match(typeOf(buildZip([{ name: 'virus.exe', content: 'MZ' }])), /^нет: архив ZIP/);
    assert.match(typeOf(Buffer.from('PK\x03\x04обрывок', 'latin1')), /^нет: повреждённый/);
  });

  test('текст: UTF-8 без двоичных байтов и без разметки', () => {
    assert.equal(typeOf(Buffer.from('\uFEFFЯма заделана.\r\nФото прилагаем.\t')), 'txt');
    assert.match(typeOf(Buffer.from('<html><body>привет</body></html>')), /HTML/);
    assert.match(typeOf(Buffer.from('  \n<svg onload="alert(1)"/>')), /HTML, SVG/);
    assert.match(typeOf(Buffer.from('Текст, а потом <script>alert(1)</script>')), /HTML/);
    assert.match(typeOf(Buffer.from([0x41, 0x00, 0x42])), /двоичные/);
    assert.match(typeOf(Buffer.from([0xc3, 0x28])), /двоичные/, 'неверный UTF-8');
    assert.match(typeOf(Buffer.alloc(0)), /пустой/);
  });

  test('исполняемые файлы и сценарии называются прямо', () => {
    assert.match(typeOf(Buffer.from('MZ\x90\x00', 'latin1')), /Windows/);
    assert.match(typeOf(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2])), /ELF/);
    assert.match(typeOf(Buffer.from('#!/bin/sh\nrm -rf /')), /сценарий/);
  });
});

describe('заявленный тип и имя файла', () => {
  test('расширение и заявленный тип должны совпадать с содержимым', () => {
    assert.equal(checkClaims('png', 'фото.PNG', 'image/png'), null);
    assert.equal(checkClaims('jpeg', 'IMG_0001.jpeg', 'image/pjpeg'), null);
    assert.equal(checkClaims('pdf', 'акт', 'application/octet-stream'), null, 'без расширения и без типа — можно');
    assert.equal(checkClaims('txt', 'заметка.txt', 'text/plain; charset=windows-1251'), null);
    assert.match(checkClaims('png', 'скан.pdf', 'application/pdf') ?? '', /PNG.*\.pdf/);
    assert.match(checkClaims('png', 'фото.png', 'text/html') ?? '', /text\/html/);
  });

  test('имя: без пути, управляющих символов и зарезервированных знаков, с расширением, не длиннее 150', () => {
    assert.equal(sanitiseFileName('C:\\Users\\me\\Фото ямы.JPG', 'jpeg'), 'Фото ямы.jpg');
    assert.equal(sanitiseFileName('../../etc/passwd', 'txt'), 'passwd.txt');
    assert.equal(sanitiseFileName('отчёт\u202Efdp.exe.pdf', 'pdf'), 'отчётfdp.exe.pdf');
    assert.equal(sanitiseFileName('a<b>:c|d?.png', 'png'), 'a_b__c_d_.png');
    assert.equal(sanitiseFileName('...', 'png'), 'файл.png');
    assert.equal(sanitiseFileName('CON.txt', 'txt'), '_CON.txt');
    const long = sanitiseFileName(`${'я'.repeat(400)}.docx`, 'docx');
    assert.equal(long.length, 150);
    assert.ok(long.endsWith('.docx'));
  });

  test('Content-Disposition: запасное ASCII-имя и точное UTF-8', () => {
    assert.equal(
      buildContentDisposition('attachment', 'акт "1".pdf'),
      `attachment; filename="___ _1_.pdf"; filename*=UTF-8''%D0%B0%D0%BA%D1%82%20%221%22.pdf`,
    );
  });
});
