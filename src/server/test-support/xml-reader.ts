/**
 * A strict little XML reader for tests: elements and text only (what Open311 documents use). It throws
 * on anything not well-formed — an unescaped `<` or `&`, a mismatched or unclosed tag, a forbidden
 * character — so a test that parses an answer back also checks that it is well-formed.
 */
import { dropForbiddenCharacters } from '../modules/open311/open311-xml.js';

export type XmlElement = { name: string; children: XmlElement[]; text: string };

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&([^;]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`unterminated entity: ${whole}`);
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity: &${name};`);
    return value;
  });
}

export function parseXml(source: string): XmlElement {
  if (dropForbiddenCharacters(source) !== source) throw new Error('forbidden control character in XML');
  let text = source.replace(/^\uFEFF/, '');
  const declaration = /^<\?xml[^?]*\?>/.exec(text);
  if (declaration) text = text.slice(declaration[0].length);
  const tokens = text.split(/(<[^>]*>)/).filter((token) => token !== '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  for (const token of tokens) {
    if (token.startsWith('<')) {
      const closing = /^<\/([A-Za-z_][\w.-]*)\s*>$/.exec(token);
      const selfClosing = /^<([A-Za-z_][\w.-]*)\s*\/>$/.exec(token);
      const opening = /^<([A-Za-z_][\w.-]*)\s*>$/.exec(token);
      if (closing) {
        const open = stack.pop();
        if (!open || open.name !== closing[1]) throw new Error(`mismatched </${closing[1]}>`);
        if (stack.length === 0) root = open;
        continue;
      }
      const element: XmlElement = { name: (selfClosing ?? opening)?.[1] ?? '', children: [], text: '' };
      if (!selfClosing && !opening) throw new Error(`bad tag: ${token}`);
      if (root) throw new Error('content after the root element');
      const parent = stack.at(-1);
      if (parent) parent.children.push(element);
      else if (selfClosing) root = element;
      if (opening) stack.push(element);
      continue;
    }
    if (token.includes('<') || token.includes('>')) throw new Error(`unescaped markup in text: ${token}`);
    const parent = stack.at(-1);
    if (!parent) {
      if (token.trim() !== '') throw new Error('text outside the root element');
      continue;
    }
    parent.text += decode(token);
  }
  if (stack.length > 0 || !root) throw new Error('unclosed element');
  return root;
}

/** The first child with this name (or undefined). */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}

/** The text of the child with this name ('' when empty or absent). */
export function childText(element: XmlElement, name: string): string {
  return child(element, name)?.text ?? '';
}
