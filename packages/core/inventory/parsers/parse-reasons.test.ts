import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARSE_REASON_MESSAGES, parseReasonMessage } from './parse-reasons.ts';

describe('parse failure reasons', () => {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const source = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'parse-reasons.ts')
    .map((f) => fs.readFileSync(dir + f, 'utf8'))
    .join('\n');
  const thrown = new Set([...source.matchAll(/InventoryParseError\('([a-z0-9-]+)'/g)].map((m) => m[1]!));
  for (const m of source.matchAll(/'(table-too-large|table-unreadable)'/g)) thrown.add(m[1]!);

  it('every reason the parsers throw has a message, and every message is used', () => {
    expect([...thrown].sort()).toEqual(Object.keys(PARSE_REASON_MESSAGES).sort());
  });

  it('speaks Chinese first, English on request', () => {
    expect(parseReasonMessage('xml-entities-forbidden', 'zh-CN')).toMatch(/DOCTYPE/);
    expect(parseReasonMessage('body-too-large-inflated', 'en-US')).toMatch(/zip bomb/);
    expect(parseReasonMessage('something-else', 'zh-CN')).toBe('something-else');
  });
});
