/**
 * The text of an uncompressed PDF written by pdfkit/pdfmake, for tests: glyph ids in the page's `TJ`
 * arrays are mapped back to Unicode through each font's ToUnicode CMap. Lines come out one per `TJ`.
 */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(match[1] ?? '', match[2] ?? '');

  const cmapOf = (fontObject: string): Map<number, string> => {
    const map = new Map<number, string>();
    const reference = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObject) ?? '')?.[1];
    const stream = reference ? (objects.get(reference) ?? '') : '';
    const decode = (hex: string) =>
      String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((unit) => Number.parseInt(unit, 16)));
    for (const range of stream.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4})> \[([^\]]*)\]/gi)) {
      const start = Number.parseInt(range[1] ?? '0', 16);
      [...(range[3] ?? '').matchAll(/<([0-9a-f]+)>/gi)].forEach((target, index) => {
        map.set(start + index, decode(target[1] ?? ''));
      });
    }
    for (const single of stream.matchAll(/<([0-9a-f]{4})> <([0-9a-f]{4,})>(?!\s*<)/gi)) {
      map.set(Number.parseInt(single[1] ?? '0', 16), decode(single[2] ?? ''));
    }
    return map;
  };

  const fonts = new Map<string, Map<number, string>>();
  for (const match of source.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
    if (!fonts.has(match[1] ?? '')) fonts.set(match[1] ?? '', cmapOf(match[2] ?? ''));
  }
  const lines: string[] = [];
  let current: Map<number, string> | undefined;
  for (const token of source.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ/g)) {
    if (token[1]) {
      current = fonts.get(token[1]);
      continue;
    }
    let line = '';
    for (const hex of (token[2] ?? '').matchAll(/<([0-9a-f]+)>/gi)) {
      for (const unit of (hex[1] ?? '').match(/.{4}/g) ?? []) line += current?.get(Number.parseInt(unit, 16)) ?? '?';
    }
    lines.push(line);
  }
  return lines.join('\n');
}
