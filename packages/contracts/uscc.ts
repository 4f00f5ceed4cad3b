/**
 * Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters
 * from a 31-character alphabet; the last one is a check character computed
 * from the first 17 with weights 3^i mod 31.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccProblem = 'uscc.length' | 'uscc.charset' | 'uscc.checksum';

/** The check character for the first 17 characters of a code. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) throw new Error(`invalid USCC character at ${i}`);
    sum += v * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[check]!;
}

/** Returns the first problem with a code, or null when it is valid. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'uscc.length';
  for (const ch of code) if (!USCC_ALPHABET.includes(ch)) return 'uscc.charset';
  return usccCheckChar(code.slice(0, 17)) === code[17] ? null : 'uscc.checksum';
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
