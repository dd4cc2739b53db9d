import zlib from 'node:zlib';

/**
 * A minimal reader of ZIP archives (the container of DOCX, XLSX and ODT): the entry names from the
 * central directory and, on demand, an entry's bytes (stored or deflated). Enough to tell office
 * formats apart by what they contain and to read a generated document back; not a general unzipper
 * (no ZIP64, no encryption).
 */
export type ZipEntry = { name: string; method: number; compressedSize: number; localHeaderOffset: number };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** The end record is 22 bytes plus a comment of up to 65 535 bytes. */
const END_SEARCH_SPAN = 22 + 0xffff;
const ENTRY_LIMIT = 10_000;

/** The entries of the archive, or null when the bytes are not a readable ZIP archive. */
export function listZipEntries(archive: Buffer): ZipEntry[] | null {
  const searchFrom = Math.max(0, archive.length - END_SEARCH_SPAN);
  let end = -1;
  for (let offset = archive.length - 22; offset >= searchFrom; offset -= 1) {
    if (archive.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end < 0) return null;
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  if (count > ENTRY_LIMIT) return null;
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    if (offset + 46 > archive.length || archive.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) return null;
    const method = archive.readUInt16LE(offset + 10);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const localHeaderOffset = archive.readUInt32LE(offset + 42);
    if (offset + 46 + nameLength > archive.length) return null;
    const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    entries.push({ name, method, compressedSize, localHeaderOffset });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The uncompressed bytes of one entry; null when it cannot be read. */
export function readZipEntry(archive: Buffer, entry: ZipEntry, maxBytes = 50 * 1024 * 1024): Buffer | null {
  const header = entry.localHeaderOffset;
  if (header + 30 > archive.length || archive.readUInt32LE(header) !== LOCAL_FILE_HEADER) return null;
  const start = header + 30 + archive.readUInt16LE(header + 26) + archive.readUInt16LE(header + 28);
  const data = archive.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) return null;
  try {
    if (entry.method === 0) return data;
    if (entry.method === 8) return zlib.inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch {
    return null;
  }
  return null;
}
