import { describe, expect, it } from 'vitest';
import { shippedLibrary } from '../recognition/recognition.library.ts';
import { productKeyOf } from '../recognition/recognition.rules.ts';
import { SUITES } from './suites.ts';

describe('suites', () => {
  it('name only products the shipped library recognises, each suite its own product first', () => {
    const keys = new Set(shippedLibrary().rules.map((r) => r.key ?? productKeyOf(r.publisher, r.product)));
    const unknown = SUITES.flatMap((s) => s.productKeys.filter((k) => !keys.has(k)).map((k) => `${s.key}: ${k}`));
    expect(unknown).toEqual([]);
    for (const s of SUITES) expect(new Set(s.productKeys).size).toBe(s.productKeys.length);
  });
});
