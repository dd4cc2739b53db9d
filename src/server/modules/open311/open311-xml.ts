/**
 * A small XML writer for Open311 documents: elements only (no attributes), arrays as repeated child
 * elements whose name comes from `itemNames` (e.g. `services` → `service`). Text is escaped, and
 * characters XML 1.0 forbids (controls, lone surrogates) are dropped so the document is always well-formed.
 */
export type XmlValue = string | number | boolean | null | undefined | Date | XmlValue[] | { [name: string]: XmlValue };

const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Drops what XML 1.0 cannot carry: C0 controls but tab, line feed and carriage return; U+FFFE/U+FFFF; lone surrogates. */
export function dropForbiddenCharacters(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) continue;
    if (code === 0xfffe || code === 0xffff) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[index] + (text[index + 1] ?? '');
        index += 1;
      }
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    out += text[index];
  }
  return out;
}

export function escapeXmlText(text: string): string {
  return dropForbiddenCharacters(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

function checkName(name: string): string {
  if (!ELEMENT_NAME.test(name)) throw new Error(`invalid XML element name: ${name}`);
  return name;
}

function writeElement(name: string, value: XmlValue, itemNames: Record<string, string>, out: string[]): void {
  const tag = checkName(name);
  if (value === null || value === undefined) {
    out.push(`<${tag}/>`);
    return;
  }
  if (Array.isArray(value)) {
    const itemName = itemNames[name] ?? 'item';
    out.push(`<${tag}>`);
    for (const item of value) writeElement(itemName, item, itemNames, out);
    out.push(`</${tag}>`);
    return;
  }
  if (value instanceof Date) {
    out.push(`<${tag}>${value.toISOString()}</${tag}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${tag}>`);
    for (const [child, childValue] of Object.entries(value)) writeElement(child, childValue, itemNames, out);
    out.push(`</${tag}>`);
    return;
  }
  out.push(`<${tag}>${escapeXmlText(String(value))}</${tag}>`);
}

/** The whole document: the XML declaration and one root element. */
export function serializeXml(root: string, value: XmlValue, itemNames: Record<string, string> = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeElement(root, value, itemNames, out);
  return out.join('');
}
