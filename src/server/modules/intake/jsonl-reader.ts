import fs from 'node:fs';
import zlib from 'node:zlib';
import { LIMITS, RecordProblem } from './intake-record.js';

/**
 * Reads a JSON Lines file, plain or gzip (recognised by its magic bytes, whatever the name), line by
 * line as bytes, so a line that is not UTF-8 (a Windows-1251 export, say) is named instead of being
 * silently garbled. Progress is reported in bytes of the file as stored.
 */
export type JsonLine = { line: number; value: unknown } | { line: number; problem: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
const GZIP_MAGIC = [0x1f, 0x8b];

export async function* readJsonLines(
  filePath: string,
  onBytes: (bytesRead: number, totalBytes: number) => void = () => {},
): AsyncGenerator<JsonLine> {
  const totalBytes = fs.statSync(filePath).size;
  const isGzip = await startsWith(filePath, GZIP_MAGIC);
  const raw = fs.createReadStream(filePath, { highWaterMark: 1 << 20 });
  let bytesRead = 0;
  raw.on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  // Unpacked in pieces of 1 MB: with zlib's default of 16 KB, unpacking a 95 MB history took three times the
  // CPU (a round trip to the thread pool and a callback per piece).
  const source: AsyncIterable<Buffer> = isGzip ? raw.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : raw;
  let pending: Buffer[] = [];
  let pendingLength = 0;
  let line = 0;
  try {
    for await (const chunk of source) {
      let start = 0;
      for (;;) {
        const end = chunk.indexOf(0x0a, start);
        if (end < 0) break;
        line += 1;
        const piece = chunk.subarray(start, end);
        const bytes = pendingLength > 0 ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingLength = 0;
        const parsed = parseLine(line, bytes);
        if (parsed) yield parsed;
        start = end + 1;
      }
      if (start < chunk.length) {
        // An endless line is cut off here and reported, never held in memory whole.
        if (pendingLength <= LIMITS.lineBytes) {
          pending.push(chunk.subarray(start));
          pendingLength += chunk.length - start;
        }
      }
      onBytes(bytesRead, totalBytes);
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('Z_')) {
      yield { line: line + 1, problem: 'архив gzip повреждён или оборван — файл прочитан не до конца.' };
      return;
    }
    throw error;
  }
  if (pendingLength > 0) {
    line += 1;
    const parsed = parseLine(line, Buffer.concat(pending));
    if (parsed) yield parsed;
  }
  onBytes(totalBytes, totalBytes);
}

function parseLine(line: number, bytes: Buffer): JsonLine | undefined {
  if (bytes.length > LIMITS.lineBytes) {
    return { line, problem: `строка длиннее ${LIMITS.lineBytes} байт — такая запись не принимается.` };
  }
  let text: string;
  try {
    text = utf8.decode(
      line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes,
    );
  } catch {
    return {
      line,
      problem: 'строка не в кодировке UTF-8 (похоже на Windows-1251): сохраните файл в UTF-8.',
    };
  }
  if (text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : String(error);
    return { line, problem: `не JSON (${reason}).` };
  }
}

async function startsWith(filePath: string, magic: number[]): Promise<boolean> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0);
    return bytesRead === magic.length && magic.every((byte, index) => buffer[index] === byte);
  } finally {
    await handle.close();
  }
}

/** The top of a line must be a JSON object. */
export function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RecordProblem('строка должна быть объектом JSON { … }.');
  }
  return value as Record<string, unknown>;
}
