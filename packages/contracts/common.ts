import { z } from 'zod';
import { usccProblem } from './uscc.ts';

/** Shared limits: every string and list has an upper bound. */
export const LIMITS = {
  name: 200,
  text: 2000,
  pageSizeMax: 500,
  uploadBytes: 20 * 1024 * 1024,
  importRows: 50_000,
} as const;

export const idSchema = z.string().min(1).max(64);
/** A calendar day, YYYY-MM-DD, that exists (2026-13-01 and 2026-02-30 do not). */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date.day' })
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, { message: 'date.day' });

export const regionCodeSchema = z.string().regex(/^\d{6}$/, { message: 'region.code' });

/** A USCC, upper-cased and trimmed before the check. */
export const usccSchema = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((v, ctx) => {
    const problem = usccProblem(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(20),
});

/** Directions of a list sorted on the server. */
export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

export function pageOf<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int() });
}

export const okSchema = z.object({ ok: z.literal(true) });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
    details: z.unknown().optional(),
  }),
});

/** A text as a regular expression that matches it literally. */
export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
