import { z } from 'zod';
import { LIMITS } from './common.ts';
import { userSchema } from './users.ts';

export const loginBody = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) }).strict();

/** The signed-in user, with the CSRF token to send as `x-csrf-token` on writes. */
export const meResponse = z.object({ user: userSchema, csrfToken: z.string().nullable() });
export type Me = z.infer<typeof meResponse>;

export const tokenCreateBody = z
  .object({
    name: z.string().trim().min(1).max(LIMITS.name),
    expiresInDays: z.number().int().min(1).max(3650).nullable().default(365),
  })
  .strict();

export const apiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
/** Returned once, at creation: the secret is never shown again. */
export const apiTokenCreated = apiTokenSchema.extend({ token: z.string() });
export const apiTokenList = z.object({ items: z.array(apiTokenSchema) });
