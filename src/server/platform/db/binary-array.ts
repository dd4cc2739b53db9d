/**
 * Array parameters in PostgreSQL's binary format, for statements that take a whole batch of rows as one
 * array per column (`select … from unnest($2::uuid[], $3::text[], …)`). A Buffer parameter is sent by
 * node-postgres as binary; the server then reads each element with the type's receive function: no array
 * literal to quote on the client or to parse on the server, no JSON to escape and lex (long texts are
 * copied as their UTF-8 bytes).
 *
 * A column is built in slices (encodeColumn) and joined (joinColumns), so a batch can be assembled a
 * piece at a time between turns of the event loop; arrayParameter adds the header.
 */

/** Element types and their OIDs (pg_type). */
const ELEMENT_OID = {
  bool: 16,
  int4: 23,
  text: 25,
  float8: 701,
  timestamptz: 1184,
  uuid: 2950,
  jsonb: 3802,
} as const;

export type ElementType = keyof typeof ELEMENT_OID;

type ElementValues = {
  bool: boolean;
  int4: number;
  text: string;
  float8: number;
  timestamptz: Date;
  uuid: string;
  /** A JSON text (the caller serialises: see toJsonParameter for lone surrogates). */
  jsonb: string;
};

/** A value of an element of the type, or NULL. */
export type ElementValue<T extends ElementType> = ElementValues[T] | null | undefined;

/** The elements of a one-dimensional array, encoded (each a length and its bytes; -1 for NULL). */
export type BinaryColumn = { type: ElementType; count: number; hasNull: boolean; parts: Buffer[] };

/** Microseconds from the Unix epoch to PostgreSQL's (2000-01-01 00:00 UTC), in milliseconds. */
const POSTGRES_EPOCH_MS = Date.UTC(2000, 0, 1);
const TWO_TO_32 = 2 ** 32;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeColumn<T extends ElementType>(type: T, values: readonly ElementValue<T>[]): BinaryColumn {
  let size = 0;
  let hasNull = false;
  const fixed = fixedSize(type);
  const textLengths: number[] = [];
  for (const value of values) {
    size += 4;
    if (value === null || value === undefined) {
      hasNull = true;
      continue;
    }
    if (fixed !== null) {
      size += fixed;
    } else {
      const length = textByteLength(type, value as string);
      textLengths.push(length);
      size += length;
    }
  }
  const buffer = Buffer.allocUnsafe(size);
  let offset = 0;
  let textIndex = 0;
  for (const value of values) {
    if (value === null || value === undefined) {
      offset = buffer.writeInt32BE(-1, offset);
      continue;
    }
    switch (type) {
      case 'bool':
        offset = buffer.writeInt32BE(1, offset);
        offset = buffer.writeUInt8(value ? 1 : 0, offset);
        break;
      case 'int4':
        if (!Number.isInteger(value)) throw new TypeError(`encodeColumn: ${String(value)} is not an int4`);
        offset = buffer.writeInt32BE(4, offset);
        offset = buffer.writeInt32BE(value as number, offset);
        break;
      case 'float8':
        offset = buffer.writeInt32BE(8, offset);
        offset = buffer.writeDoubleBE(value as number, offset);
        break;
      case 'timestamptz': {
        const milliseconds = (value as Date).getTime();
        if (!Number.isFinite(milliseconds)) throw new TypeError('encodeColumn: invalid Date');
        // int64 microseconds since 2000-01-01 UTC, written as two 32-bit halves (exact below 2^53).
        const micros = (milliseconds - POSTGRES_EPOCH_MS) * 1000;
        const high = Math.floor(micros / TWO_TO_32);
        offset = buffer.writeInt32BE(8, offset);
        offset = buffer.writeInt32BE(high, offset);
        offset = buffer.writeUInt32BE(micros - high * TWO_TO_32, offset);
        break;
      }
      case 'uuid': {
        const text = value as string;
        if (!UUID_PATTERN.test(text)) throw new TypeError(`encodeColumn: «${text}» is not a UUID`);
        offset = buffer.writeInt32BE(16, offset);
        offset += buffer.write(text.replaceAll('-', ''), offset, 'hex');
        break;
      }
      case 'text':
      case 'jsonb': {
        const length = textLengths[textIndex++] ?? 0;
        offset = buffer.writeInt32BE(length, offset);
        if (type === 'jsonb') {
          offset = buffer.writeUInt8(1, offset); // jsonb binary format version 1, then the JSON text
          offset += buffer.write(value as string, offset, 'utf8');
        } else {
          // UTF-8 of the string: a lone surrogate becomes U+FFFD, as in a text parameter.
          offset += buffer.write(value as string, offset, 'utf8');
        }
        break;
      }
    }
  }
  return { type, count: values.length, hasNull, parts: [buffer] };
}

function fixedSize(type: ElementType): number | null {
  switch (type) {
    case 'bool':
      return 1;
    case 'int4':
      return 4;
    case 'float8':
    case 'timestamptz':
      return 8;
    case 'uuid':
      return 16;
    default:
      return null;
  }
}

function textByteLength(type: ElementType, value: string): number {
  return Buffer.byteLength(value, 'utf8') + (type === 'jsonb' ? 1 : 0);
}

/** Slices of one column, in order. */
export function joinColumns(slices: readonly BinaryColumn[]): BinaryColumn {
  const first = slices[0];
  if (!first) throw new Error('joinColumns: no slices');
  return {
    type: first.type,
    count: slices.reduce((sum, slice) => sum + slice.count, 0),
    hasNull: slices.some((slice) => slice.hasNull),
    parts: slices.flatMap((slice) => {
      if (slice.type !== first.type) throw new Error('joinColumns: slices of different types');
      return slice.parts;
    }),
  };
}

/** The parameter: the array header (one dimension, from 1), then the elements. */
export function arrayParameter(column: BinaryColumn): Buffer {
  const header = Buffer.allocUnsafe(column.count === 0 ? 12 : 20);
  header.writeInt32BE(column.count === 0 ? 0 : 1, 0);
  header.writeInt32BE(column.hasNull ? 1 : 0, 4);
  header.writeUInt32BE(ELEMENT_OID[column.type], 8);
  if (column.count > 0) {
    header.writeInt32BE(column.count, 12);
    header.writeInt32BE(1, 16);
  }
  return Buffer.concat([header, ...column.parts]);
}

/** A PostgreSQL array literal of texts (for a text[] value inside a row: `$n::text[]` of each element). */
export function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((value) => `"${value.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
