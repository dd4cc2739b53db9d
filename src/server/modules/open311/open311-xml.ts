/**
 * A small XML writer for Open311 documents: elements only (no attributes), arrays as repeated child
 * elements whose name comes from `itemNames` (e.g. `services` → `service`). Text is escaped, and
 * characters XML 1.0 forbids (controls, lone surrogates) are dropped so the document is always well-formed.
 */
export type XmlValue = string | number | boolean | null | undefined | Date | XmlValue[] | { [name: string]: XmlValue };

// biome-ignore lint/suspicious/noControlCharactersInRegex: these characters are exactly what is refused
const FORBIDDEN_CHARACTERS =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ELEMENT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function escapeXmlText(text: string): string {
  return text
    .replace(FORBIDDEN_CHARACTERS, '')
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
