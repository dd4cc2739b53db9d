/**
 * A minimal text extractor for uncompressed PDFs written by pdfmake/pdfkit (tests only): glyph codes of
 * `Tj`/`TJ` strings are mapped to Unicode through each font's ToUnicode CMap.
 */
export function extractPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const match of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(match[1] ?? '', match[2] ?? '');
  const cmaps = new Map<string, Map<string, string>>();
  const cmapOfFont = (fontId: string): Map<string, string> => {
    const cached = cmaps.get(fontId);
    if (cached) return cached;
    const map = new Map<string, string>();
    const toUnicode = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1];
    const body = toUnicode ? (objects.get(toUnicode) ?? '') : '';
    for (const section of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const pair of (section[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
        map.set((pair[1] ?? '').toLowerCase(), decodeUtf16(pair[2] ?? ''));
      }
    }
    for (const section of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const range of (section[1] ?? '').matchAll(
        /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g,
      )) {
        const start = Number.parseInt(range[1] ?? '0', 16);
        const end = Number.parseInt(range[2] ?? '0', 16);
        const width = (range[1] ?? '').length;
        const target = range[3] ?? '';
        if (target.startsWith('[')) {
          const items = [...target.matchAll(/<([0-9a-fA-F]+)>/g)].map((item) => decodeUtf16(item[1] ?? ''));
          for (let code = start; code <= end; code += 1)
            map.set(code.toString(16).padStart(width, '0'), items[code - start] ?? '');
        } else {
          const base = Number.parseInt(target.slice(1, -1), 16);
          for (let code = start; code <= end; code += 1)
            map.set(code.toString(16).padStart(width, '0'), String.fromCharCode(base + code - start));
        }
      }
    }
    cmaps.set(fontId, map);
    return map;
  };
  const fontIds = new Map<string, string>();
  for (const body of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(body)?.[1];
    if (!fonts) continue;
    for (const entry of fonts.matchAll(/\/(\w+)\s+(\d+) 0 R/g)) fontIds.set(entry[1] ?? '', entry[2] ?? '');
  }
  let text = '';
  for (const body of objects.values()) {
    const stream = /stream\r?\n([\s\S]*?)endstream/.exec(body)?.[1];
    if (!stream || !/ T[fjJ]/.test(stream)) continue;
    let cmap = new Map<string, string>();
    for (const token of stream.matchAll(/\/(\w+)\s+[\d.]+\s+Tf|\[((?:[^\]])*)\]\s*TJ|<([0-9a-fA-F]*)>\s*Tj|(ET)/g)) {
      if (token[1]) cmap = cmapOfFont(fontIds.get(token[1]) ?? '');
      const hexes =
        token[2] !== undefined
          ? [...token[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((item) => item[1] ?? '')
          : token[3] !== undefined
            ? [token[3]]
            : [];
      for (const hex of hexes) {
        for (let index = 0; index + 4 <= hex.length; index += 4)
          text += cmap.get(hex.slice(index, index + 4).toLowerCase()) ?? '';
      }
      if (token[4] && !text.endsWith(' ')) text += '\n';
    }
  }
  return text;
}

function decodeUtf16(hex: string): string {
  let result = '';
  for (let index = 0; index + 4 <= hex.length; index += 4)
    result += String.fromCharCode(Number.parseInt(hex.slice(index, index + 4), 16));
  return result;
}
