import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ocsInventoryXml } from '../../../test/inventory-builders.ts';
import { decodeAgentMessage, type AgentMessage } from './agent-protocol.ts';
import { decodeMessage, encodeMessage } from './decode-transfer.ts';
import type { NormalizedSoftware } from './inventory.types.ts';

/** Equal values and the same key order everywhere (JSON text compares both). */
function expectSame(back: AgentMessage, msg: AgentMessage): void {
  expect(back).toStrictEqual(msg);
  expect(JSON.stringify(back)).toBe(JSON.stringify(msg));
}

describe('decode worker transfer', () => {
  it('carries a decoded inventory exactly, its software as columns', async () => {
    const packages = Array.from({ length: 40 }, (_, i) => [`pkg-${i}${i % 3 === 0 ? ':amd64' : ''}`, `1.${i}`] as [string, string]);
    const xml = ocsInventoryXml({ deviceId: 'pc-1', name: 'pc-1', uuid: '4c4c4544-0036-3010-8051-b4c04f4b4e32', tag: 'T', packages });
    const msg = await decodeAgentMessage(deflateSync(xml), { userAgent: 'agent/1' });
    // The 40 packages and the operating system (HARDWARE/OSNAME), which travels among them.
    expect(msg.kind === 'inventory' && msg.inventory.software.length).toBe(41);
    expect(msg.kind === 'inventory' && msg.inventory.software[0]).toMatchObject({ name: 'Debian GNU/Linux 12', version: '12', source: 'os' });
    const text = encodeMessage(msg);
    expect(JSON.parse(text)).toHaveProperty('c');
    expectSame(decodeMessage(text), msg);
  });

  it('sends a decoded inventory as plain JSON when an item has an undefined field (columns would make it null)', async () => {
    const xml = ocsInventoryXml({ deviceId: 'pc-2', name: 'pc-2', uuid: '4c4c4544-0036-3010-8051-b4c04f4b4e33', tag: 'T', packages: [['a', '1'], ['b', '2']] });
    const msg = await decodeAgentMessage(deflateSync(xml), { userAgent: 'agent/1' });
    if (msg.kind !== 'inventory') throw new Error('not an inventory');
    (msg.inventory.software[1] as { guid: unknown }).guid = undefined;
    expect(encodeMessage(msg)).toBe(JSON.stringify(msg));
  });

  it('sends other shapes and messages as plain JSON', () => {
    const hw = { hostname: 'h', uuid: null, serial: null, macs: [], agentDeviceId: 'd', manufacturer: null, model: null, osName: null, osVersion: null, osArch: null, domain: null, lastUser: null, cpu: null, memoryMb: null };
    const inventory = { format: 'ocs-xml' as const, agent: null, tag: null, hardware: hw, partial: false, softwareIncluded: true, collectedAt: null };
    const item: NormalizedSoftware = { name: 'a', version: null, publisher: 'p', arch: null, installDate: null, source: 'dpkg', guid: null, sizeBytes: 3, systemCategory: null };
    const messages: AgentMessage[] = [
      { kind: 'prolog', deviceId: 'd' },
      { kind: 'other', json: false, what: 'SNMPQUERY' },
      { kind: 'inventory', json: false, deviceId: 'd', inventory: { ...inventory, software: [] } },
      // Not the keyed shape (no key), a field in another order, a field JSON would drop: all kept as they are.
      { kind: 'inventory', json: true, deviceId: 'd', inventory: { ...inventory, software: [item] } },
      { kind: 'inventory', json: true, deviceId: 'd', inventory: { ...inventory, software: [Object.assign({}, item, { key: undefined })] } },
      { kind: 'inventory', json: true, deviceId: 'd', inventory: { ...inventory, software: [Object.assign({ key: 'k' }, item)] } },
    ];
    for (const msg of messages) {
      const text = encodeMessage(msg);
      expect(text).toBe(JSON.stringify(msg));
      expect(JSON.stringify(decodeMessage(text))).toBe(JSON.stringify(msg));
    }
  });
});
