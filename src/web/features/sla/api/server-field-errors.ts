import type { FormRule } from 'antd';
import type { z } from 'zod';
import { isApiError } from '../../../platform/http-client.js';
// Sets zod's Russian locale for the messages the shared contracts leave to zod.
import '../../../lib/zod-form-rule.js';

/** A field path of the API, `policies.3.timers.0.scheduleId`, as form names take it: `['policies', 3, …]`. */
export type FieldPath = Array<string | number>;

export type PathError = { path: FieldPath; message: string };

export function splitFieldPath(field: string): FieldPath {
  return field
    .split(/[.[\]/]+/)
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * The contracts' messages name the field for API clients («name: не может быть пустым»); on a form the field is
 * already labelled, so the name is dropped: «Не может быть пустым».
 */
export function toFieldMessage(message: string): string {
  const text = message.replace(/^[A-Za-z][\w.]*: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The server's field errors of an answer, with their paths split. */
export function readPathErrors(error: unknown): PathError[] {
  if (!isApiError(error)) return [];
  return error.fields.map(({ field, message }) => ({ path: splitFieldPath(field), message: toFieldMessage(message) }));
}

/** Field errors as AntD's `form.setFields` takes them, one entry per field with all its messages. */
export function groupByFormName(errors: ReadonlyArray<{ name: FieldPath; message: string }>): Array<{
  name: FieldPath;
  errors: string[];
}> {
  const grouped = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const { name, message } of errors) {
    const key = name.join('.');
    const entry = grouped.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(message)) entry.errors.push(message);
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}

/** Checks a form field with the contract's schema for it, so a rule and its message are written once. */
export function contractRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(typeof value === 'string' ? value.trim() : (value ?? ''));
      if (!result.success) {
        throw new Error(toFieldMessage(result.error.issues[0]?.message ?? 'Проверьте значение'));
      }
    },
  };
}
