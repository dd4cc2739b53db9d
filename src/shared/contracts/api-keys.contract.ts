import { z } from 'zod';

export const ApiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const IssueApiKeySchema = z.object({
  name: z
    .string({ error: 'name: укажите, для кого ключ' })
    .trim()
    .min(1, 'name: укажите, для кого ключ')
    .max(200, 'name: не длиннее 200 символов'),
});
export type IssueApiKeyInput = z.infer<typeof IssueApiKeySchema>;

/** The key itself is in the answer to its issue only; the server keeps its hash. */
export const IssuedApiKeySchema = ApiKeySchema.extend({ key: z.string() });
export type IssuedApiKey = z.infer<typeof IssuedApiKeySchema>;
