import {
  ATTACHMENT_FILE_NAME_MAX_LENGTH,
  ATTACHMENT_TYPE_INFO,
  type AttachmentType,
} from '../../../shared/attachments.js';
import { listZipEntries, readZipEntry } from './zip-archive.js';

/**
 * What a file really is, by its first bytes («magic numbers») and, for ZIP-based office documents,
 * by what the archive holds — never by the name or the type the client claims. Those claims must
 * agree with the content, so a PNG named «.pdf» or an HTML page named «.jpg» is refused.
 */
export type Detection = { ok: true; type: AttachmentType } | { ok: false; reason: string };

const ODT_MIMETYPE = 'application/vnd.oasis.opendocument.text';
/** How much of a text file is checked for markup and binary bytes. */
const TEXT_SNIFF_BYTES = 64 * 1024;

function startsWith(bytes: Buffer, signature: readonly number[], at = 0): boolean {
  if (bytes.length < at + signature.length) return false;
  return signature.every((value, index) => bytes[at + index] === value);
}
function startsWithText(bytes: Buffer, text: string, at = 0): boolean {
  return startsWith(bytes, [...Buffer.from(text, 'latin1')], at);
}

/** Executables and scripts get a message of their own (they are what an attacker tries first). */
function describeExecutable(bytes: Buffer): string | null {
  if (startsWithText(bytes, 'MZ')) return 'исполняемый файл Windows (EXE/DLL)';
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return 'исполняемый файл ELF';
  const machO = [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ];
  if (machO.some((signature) => startsWith(bytes, signature))) return 'исполняемый файл macOS';
  if (startsWithText(bytes, '#!')) return 'сценарий (скрипт)';
  return null;
}

function detectOfficeDocument(bytes: Buffer): Detection {
  const entries = listZipEntries(bytes);
  if (!entries) return { ok: false, reason: 'повреждённый или неподдерживаемый ZIP-архив' };
  const names = new Set(entries.map((entry) => entry.name));
  const mimetype = entries.find((entry) => entry.name === 'mimetype');
  if (mimetype) {
    const declared = readZipEntry(bytes, mimetype, 1024)?.toString('latin1').trim();
    if (declared === ODT_MIMETYPE && names.has('content.xml')) return { ok: true, type: 'odt' };
  }
  if (names.has('[Content_Types].xml')) {
    if (names.has('word/document.xml')) return { ok: true, type: 'docx' };
    if (names.has('xl/workbook.xml')) return { ok: true, type: 'xlsx' };
  }
  return { ok: false, reason: 'архив ZIP, а не документ DOCX, XLSX или ODT' };
}

const MARKUP_PATTERN = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|meta|\?xml|xml)\b/i;

/** Plain text: valid UTF-8 (a BOM allowed), no NUL or other binary control bytes, no markup a browser runs. */
function detectText(bytes: Buffer): Detection {
  const sample = bytes.subarray(0, TEXT_SNIFF_BYTES);
  let text: string;
  try {
    // A multi-byte character cut at the sample's end is not an error of the file.
    text = new TextDecoder('utf-8', { fatal: true }).decode(
      sample.length < bytes.length ? sample.subarray(0, trimToCharacter(sample)) : sample,
    );
  } catch {
    return { ok: false, reason: 'двоичные данные неизвестного формата' };
  }
  if (hasBinaryControlBytes(sample)) {
    return { ok: false, reason: 'двоичные данные неизвестного формата' };
  }
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('<') || MARKUP_PATTERN.test(text)) {
    return { ok: false, reason: 'HTML, SVG или XML (такие файлы браузер может исполнить)' };
  }
  return { ok: true, type: 'txt' };
}

/** NUL and the control bytes text never holds (tab, line breaks, form feed and ESC are allowed). */
function hasBinaryControlBytes(bytes: Buffer): boolean {
  for (const byte of bytes) {
    if (byte <= 0x08 || (byte >= 0x0e && byte <= 0x1a) || (byte >= 0x1c && byte <= 0x1f)) return true;
  }
  return false;
}

/** Control, zero-width and bidirectional-override characters: never part of a file name shown to people. */
function isInvisibleCharacter(character: string): boolean {
  const code = character.codePointAt(0) ?? 0;
  return (
    code <= 0x1f ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff
  );
}

/** The length of the sample without a trailing incomplete UTF-8 sequence. */
function trimToCharacter(sample: Buffer): number {
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back += 1) {
    const byte = sample[end - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    if (byte >= 0xc0) end -= back;
    break;
  }
  return end;
}

export function detectFileType(bytes: Buffer): Detection {
  if (bytes.length === 0) return { ok: false, reason: 'файл пустой' };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { ok: true, type: 'jpeg' };
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ok: true, type: 'png' };
  if (startsWithText(bytes, 'GIF87a') || startsWithText(bytes, 'GIF89a')) return { ok: true, type: 'gif' };
  if (startsWithText(bytes, 'RIFF') && startsWithText(bytes, 'WEBP', 8)) return { ok: true, type: 'webp' };
  if (startsWithText(bytes, '%PDF-')) return { ok: true, type: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return detectOfficeDocument(bytes);
  const executable = describeExecutable(bytes);
  if (executable) return { ok: false, reason: executable };
  return detectText(bytes);
}

/** The extension of a file name, lower case, without the dot ('' when none). */
export function extensionOf(fileName: string): string {
  const match = /\.([^.]+)$/.exec(fileName);
  return match?.[1]?.toLowerCase() ?? '';
}

/** Media types that say nothing about the content (a client that does not know): not held against it. */
const UNINFORMATIVE_MEDIA_TYPES: ReadonlySet<string> = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * Whether the name's extension and the claimed media type agree with the detected type; the Russian
 * reason when not. A name without an extension is fine (the stored name gets one).
 */
export function checkClaims(type: AttachmentType, fileName: string, claimedMediaType: string | null): string | null {
  const info = ATTACHMENT_TYPE_INFO[type];
  const extension = extensionOf(fileName);
  if (extension !== '' && !info.extensions.includes(extension)) {
    return `по содержимому это ${info.title}, а расширение имени — .${extension}`;
  }
  const claimed = (claimedMediaType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const accepted = [info.mediaType.split(';')[0], ...info.aliases];
  if (!UNINFORMATIVE_MEDIA_TYPES.has(claimed) && !accepted.includes(claimed)) {
    return `по содержимому это ${info.title}, а заявлен тип ${claimed}`;
  }
  return null;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name safe to store and to send back in Content-Disposition: only the last path component,
 * NFC, no control or bidirectional-override characters, no characters reserved by file systems, no
 * leading dots, at most ATTACHMENT_FILE_NAME_MAX_LENGTH characters with the extension kept; the
 * detected type's extension is added when the name has none.
 */
export function sanitiseFileName(raw: string, type: AttachmentType): string {
  const info = ATTACHMENT_TYPE_INFO[type];
  const lastComponent = raw.split(/[/\\]/).pop() ?? '';
  let name = lastComponent
    .normalize('NFC')
    .split('')
    .filter((character) => !isInvisibleCharacter(character))
    .join('')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  let extension = extensionOf(name);
  if (extension === '' || !info.extensions.includes(extension)) {
    extension = info.extensions[0] ?? type;
    name = name === '' ? 'файл' : name;
    name = `${name}.${extension}`;
  }
  let stem = name.slice(0, name.length - extension.length - 1) || 'файл';
  if (WINDOWS_RESERVED.test(stem)) stem = `_${stem}`;
  const maxStem = ATTACHMENT_FILE_NAME_MAX_LENGTH - extension.length - 1;
  if (stem.length > maxStem) stem = Array.from(stem).slice(0, maxStem).join('').trimEnd();
  return `${stem}.${extension}`;
}

/** `Content-Disposition` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987). */
export function buildContentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${kind}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
