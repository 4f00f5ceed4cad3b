import { describe, expect, it } from 'vitest';
import { collectInventory, countBySource } from './collect.ts';
import type { CommandRunner } from './scan.types.ts';

describe('collectInventory', () => {
  const now = () => new Date('2024-03-06T02:00:00Z');

  it('never throws: an unsupported platform gives identity only, marked partial, with a warning', async () => {
    const c = await collectInventory({ platform: 'aix', now, tag: 'T1' });
    expect(c).toMatchObject({ platform: 'aix', collectors: [], warnings: ['platform aix is not supported: no software collected'] });
    expect(c.inventory).toMatchObject({ format: 'zb-scan', agent: 'zb-scan/0.1.0', tag: 'T1', software: [], partial: true, softwareIncluded: false, collectedAt: '2024-03-06T02:00:00.000Z' });
  });

  it('a crashing runner costs the software, not the scan', async () => {
    const run: CommandRunner = async () => {
      throw new Error('boom');
    };
    const c = await collectInventory({ platform: 'win32', run, now });
    expect(c.warnings).toEqual(['collector failed: boom']);
    expect(c.inventory.softwareIncluded).toBe(false);
  });

  it('without any package tool the Linux inventory says its software is not included', async () => {
    const run: CommandRunner = async () => ({ found: false, code: null, stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), timedOut: false, error: null });
    const c = await collectInventory({ platform: 'linux', run, now });
    expect(c.collectors).toEqual(['linux-hardware']);
    expect(c.warnings).toEqual([]);
    expect(c.inventory).toMatchObject({ partial: true, softwareIncluded: false });
  });

  it('counts software by source', () => {
    const s = { version: null, publisher: null, arch: null, installDate: null, guid: null, sizeBytes: null, systemCategory: null };
    expect(countBySource([{ ...s, name: 'a', source: 'dpkg' }, { ...s, name: 'b', source: 'dpkg' }, { ...s, name: 'c', source: 'snap' }, { ...s, name: 'd', source: null }])).toEqual({ dpkg: 2, snap: 1, unknown: 1 });
  });
});
