import { serializeXml, type XmlValue } from './open311-xml.js';

export type Open311Format = 'json' | 'xml';

/** Element names of array items in the XML form of Open311 documents. */
const ITEM_NAMES: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  errors: 'error',
  notes: 'note',
  service_request_updates: 'request_update',
  endpoints: 'endpoint',
  formats: 'format',
};

/** The root element of each kind of document (the JSON form is the bare array or object). */
export type Open311Root =
  | 'services'
  | 'service_definition'
  | 'service_requests'
  | 'errors'
  | 'discovery'
  | 'service_request_updates';

export function renderOpen311(
  format: Open311Format,
  root: Open311Root,
  document: unknown,
): { contentType: string; body: string } {
  if (format === 'json') return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(document) };
  return { contentType: 'text/xml; charset=utf-8', body: serializeXml(root, document as XmlValue, ITEM_NAMES) };
}

/** `services.xml` → `{ name: 'services', format: 'xml' }`; without a known suffix the format is JSON. */
export function splitFormat(segment: string): { name: string; format: Open311Format } {
  const match = /^(.*)\.(json|xml)$/i.exec(segment);
  if (!match) return { name: segment, format: 'json' };
  return { name: match[1] ?? '', format: (match[2] ?? 'json').toLowerCase() as Open311Format };
}
