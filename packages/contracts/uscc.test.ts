import { describe, expect, it } from 'vitest';
import { isValidUscc, usccCheckChar, usccProblem } from './uscc.ts';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    // Codes printed on public business licences.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '11330100002482061X']) expect(usccProblem(code), code).toBeNull();
  });

  it('names the problem of a bad code', () => {
    expect(usccProblem('91350100M000100Y4')).toBe('uscc.length');
    expect(usccProblem('91350100M000100YI3')).toBe('uscc.charset');
    expect(usccProblem('91350100M000100Y44')).toBe('uscc.checksum');
  });

  it('computes a check character that makes any 17 characters valid', () => {
    const first17 = '91330106MA2CFX0Q4';
    expect(isValidUscc(first17 + usccCheckChar(first17))).toBe(true);
    expect(() => usccCheckChar('I'.repeat(17))).toThrow();
  });

  it('detects every single-character substitution', () => {
    const good = '91110000802100433B';
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    for (let i = 0; i < 18; i++) {
      for (const ch of alphabet) {
        if (ch === good[i]) continue;
        expect(isValidUscc(good.slice(0, i) + ch + good.slice(i + 1))).toBe(false);
      }
    }
  });
});
