import { describe, expect, it } from 'vitest';
import { daySchema } from './common.ts';

describe('daySchema', () => {
  it('takes calendar days that exist, and nothing else', () => {
    for (const v of ['2024-02-29', '2026-11-27', '2012-06-30']) expect(daySchema.safeParse(v).success).toBe(true);
    for (const v of ['2026-13-01', '2026-02-30', '2025-02-29', '2026-1-01', '20261127', '']) expect(daySchema.safeParse(v).error?.issues[0]?.message).toBe('date.day');
  });
});
