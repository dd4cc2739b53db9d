import { randomFillSync } from 'node:crypto';

/**
 * Time-ordered UUIDs (RFC 9562 version 7: 48-bit Unix milliseconds, then a 12-bit counter within the
 * millisecond, then 62 random bits), increasing within one generator. For rows written in bulk: their
 * keys land at the right edge of the b-tree indexes instead of on random pages (the importer's case ids,
 * which lead the `cases` primary key and the timeline's case index).
 */
export function createOrderedUuidGenerator(now: () => number = Date.now): () => string {
  let lastMilliseconds = 0;
  let counter = 0;
  const random = Buffer.alloc(8 * 512);
  let offset = random.length;
  const bytes = Buffer.alloc(16);
  return () => {
    let milliseconds = now();
    if (milliseconds <= lastMilliseconds) {
      milliseconds = lastMilliseconds;
      counter += 1;
      if (counter > 0xfff) {
        milliseconds += 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMilliseconds = milliseconds;
    if (offset + 8 > random.length) {
      randomFillSync(random);
      offset = 0;
    }
    bytes.writeUIntBE(milliseconds, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    random.copy(bytes, 8, offset, offset + 8);
    offset += 8;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}
