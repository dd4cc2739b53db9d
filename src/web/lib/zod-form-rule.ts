import type { FormRule } from 'antd';
import { z } from 'zod';
import russianMessages from 'zod/v4/locales/ru.js';

// The shared contracts carry Russian messages for the common cases; the rest come from zod's Russian locale,
// as on the server, so a field gets the same message in the form as in the server's answer.
z.config(russianMessages());

/**
 * Checks a form field with the schema the server uses for it (from `src/shared/contracts`), so the rules
 * and their messages are written once.
 */
export function zodFormRule(schema: z.ZodType): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      const result = schema.safeParse(value ?? '');
      if (!result.success) {
        throw new Error(result.error.issues[0]?.message ?? 'Проверьте значение');
      }
    },
  };
}
