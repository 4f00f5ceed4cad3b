import { usccCheckChar } from '../../contracts/uscc.ts';

const ORG_CODE_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The GB 11714 check character of an 8-character organization code body. */
function orgCodeCheck(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += ORG_CODE_ALPHABET.indexOf(body[i]!) * ORG_CODE_WEIGHTS[i]!;
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** A small deterministic PRNG (mulberry32), so demo and test data are reproducible. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A valid unified social credit code: registration authority + type
 * (11 = agency registered by 机构编制, 91 = enterprise registered by 工商),
 * the region code, a GB 11714 organization code, and the check character.
 */
export function makeUscc(kind: 'agency' | 'enterprise', regionCode: string, rand: () => number): string {
  let body = '';
  for (let i = 0; i < 8; i++) body += String(Math.floor(rand() * 10));
  const first17 = `${kind === 'agency' ? '11' : '91'}${regionCode}${body}${orgCodeCheck(body)}`;
  return first17 + usccCheckChar(first17);
}
