import { describe, expect, it } from 'vitest';
import { InputMemo, memoHash } from './recognition.memo.ts';

type Key = [displayName: string, version: string, publisher: string | null, source: string | null];

const get = (m: InputMemo<number>, [n, v, p, s]: Key) => m.get(memoHash(n, v), n, v, p, s);
const add = (m: InputMemo<number>, [n, v, p, s]: Key, value: number) => m.add(memoHash(n, v), n, v, p, s, value);
/** A copy of a string that is not the same instance (as a parser hands it over). */
const fresh = (s: string) => JSON.parse(JSON.stringify(s)) as string;

describe('the memo of inputs', () => {
  it('keeps apart inputs that differ in one field only, and finds each with fresh strings', () => {
    const keys: Key[] = [];
    // One name with many versions (the table grows several times), names that differ only in the middle
    // (printer models, update numbers), the same name and version with other publishers and sources.
    for (let i = 0; i < 5000; i++) keys.push(['Google Chrome', `120.0.${i}.${i % 7}`, 'Google LLC', 'windows']);
    for (let i = 100; i < 600; i++) keys.push([`HP LaserJet Pro MFP M${i} Basic Device Software`, '1.0', 'HP', 'windows']);
    for (let i = 0; i < 500; i++) keys.push([`Security Update for Microsoft Office 2016 (KB40${String(i).padStart(5, '0')}) 64-Bit Edition`, '', 'Microsoft Corporation', null]);
    keys.push(['Test App', '1.0', null, null], ['Test App', '1.0', 'Acme', null], ['Test App', '1.0', 'Acme', 'macos'], ['Test App', '1.0', null, 'macos'], ['Test App', '', null, null], ['Test App', '1', null, null]);
    keys.push(['Test App1.0', '', null, null], ['', '', null, null], ['微信', '3.9.8', '腾讯科技(深圳)有限公司', 'windows']);
    const memo = new InputMemo<number>();
    keys.forEach((k, i) => {
      expect(get(memo, k)).toBeUndefined();
      add(memo, k, i);
    });
    expect(memo.size).toBe(keys.length);
    keys.forEach(([n, v, p, s], i) => expect(get(memo, [fresh(n), fresh(v), p === null ? null : fresh(p), s === null ? null : fresh(s)])).toBe(i));
    expect(get(memo, ['Test App', '1.0', 'Other', null])).toBeUndefined();
    expect(get(memo, ['Test App', '1.0', null, 'dpkg'])).toBeUndefined();
    expect(get(memo, ['Google Chrome', '120.0.5000.1', 'Google LLC', 'windows'])).toBeUndefined();
    memo.clear();
    expect(memo.size).toBe(0);
    expect(get(memo, keys[0]!)).toBeUndefined();
  });

  it('hashes every character of name and version', () => {
    expect(memoHash('HP LaserJet Pro MFP M125 Basic Device Software', '1.0')).not.toBe(memoHash('HP LaserJet Pro MFP M127 Basic Device Software', '1.0'));
    // The separator keeps "ab" + "c" apart from "a" + "bc".
    expect(memoHash('ab', 'c')).not.toBe(memoHash('a', 'bc'));
    expect(memoHash('Test App', '')).toBe(memoHash(fresh('Test App'), ''));
  });
});
