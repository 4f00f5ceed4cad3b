import { USCC_ALPHABET, isValidUscc, usccCheckChar } from '../../packages/contracts/index.ts';
import { prng } from '../../packages/storage/seeds/uscc-generator.ts';
import type { Workload } from '../workload.ts';

const COUNT = 1_000_000;

/** 1M codes, half valid and half with a wrong check character, so both outcomes are exercised. */
function generateCodes(): { codes: string[]; valid: number } {
  const rand = prng(32100);
  const codes: string[] = new Array(COUNT);
  let valid = 0;
  for (let i = 0; i < COUNT; i++) {
    let first17 = '';
    for (let j = 0; j < 17; j++) first17 += USCC_ALPHABET[Math.floor(rand() * USCC_ALPHABET.length)];
    const check = usccCheckChar(first17);
    if (i % 2 === 0) {
      codes[i] = first17 + check;
      valid++;
    } else {
      codes[i] = first17 + (check === '0' ? '1' : '0');
    }
  }
  return { codes, valid };
}

/** The GB 32100 check alone: pure CPU, the floor under every import and form. */
export const usccValidate1m: Workload = {
  name: 'uscc-validate-1m',
  description: `isValidUscc (GB 32100-2015 check character) over ${COUNT.toLocaleString('en-US')} generated codes, half of them with a wrong check character; no database.`,
  unit: 'codes',
  usesDatabase: false,
  async setup(ctx) {
    const { codes, valid } = await ctx.shared('uscc-codes', async () => generateCodes());
    return {
      async run() {
        let ok = 0;
        for (const c of codes) if (isValidUscc(c)) ok++;
        // Counting keeps the calls observable (nothing for the JIT to drop) and checks the answer.
        if (ok !== valid) throw new Error(`isValidUscc accepted ${ok}, expected ${valid}`);
        return codes.length;
      },
    };
  },
};
