import type { FormInstance, FormRule } from 'antd';
import type { z } from 'zod';
import { isApiError } from '../../../platform/http-client.js';
// Sets zod's Russian locale for the messages the shared contracts leave to zod.
import '../../../lib/zod-form-rule.js';

/**
 * The contracts' messages name the field for API clients («fullName: не может быть пустым»); on a form the
 * field is already labelled, so the name is dropped: «Не может быть пустым».
 */
export function toFieldMessage(message: string, field?: string): string {
  const prefix = field === undefined ? /^[A-Za-z][\w.]*: / : new RegExp(`^${field}(?:[.\\[][^:]*)?: `);
  const text = message.replace(prefix, '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Checks a field with the contract's schema for it. An empty optional field is valid when the schema takes
 * null (the form sends null for it); a required one is checked as an empty string, to get the schema's own
 * «не может быть пустым».
 */
export function contractFieldRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const isEmpty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
      if (isEmpty && schema.safeParse(null).success) {
        return;
      }
      const result = schema.safeParse(value ?? '');
      if (!result.success) {
        throw new Error(toFieldMessage(result.error.issues[0]?.message ?? 'Проверьте значение'));
      }
    },
  };
}

/**
 * Puts the server's field errors on the form's fields. Answers true when every error found its field, so the
 * form needs no separate alert; otherwise the caller shows the server's message above the buttons.
 */
export function applyServerFieldErrors<Values>(
  form: FormInstance<Values>,
  error: unknown,
  formFields: readonly string[],
  /** API fields shown by another form field: `{ startsOn: 'period', endsOn: 'period' }`. */
  aliases: Readonly<Record<string, string>> = {},
): boolean {
  if (!isApiError(error) || error.fields.length === 0) {
    return false;
  }
  const known = new Set(formFields);
  const placed = new Map<string, string[]>();
  let isEverythingPlaced = true;
  for (const { field, message } of error.fields) {
    const apiName = field.split(/[.[/]/)[0] ?? field;
    const name = aliases[apiName] ?? apiName;
    if (!known.has(name)) {
      isEverythingPlaced = false;
      continue;
    }
    placed.set(name, [...(placed.get(name) ?? []), toFieldMessage(message, apiName)]);
  }
  form.setFields(
    [...placed].map(([name, errors]) => ({
      name: name as Parameters<FormInstance<Values>['getFieldError']>[0],
      errors,
    })),
  );
  return isEverythingPlaced;
}

/** '' and whitespace become null: the API clears an optional field with null, not with an empty string. */
export function emptyToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
}
