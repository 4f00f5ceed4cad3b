import { emptyHardware, type HardwareIdentity, type NormalizedInventory, type NormalizedSoftware } from '../packages/core/inventory/inventory.types.ts';

/** A software item with defaults. */
export function buildSoftware(name: string, version = '1.0', over: Partial<NormalizedSoftware> = {}): NormalizedSoftware {
  return { name, version, publisher: null, arch: 'amd64', installDate: null, source: 'dpkg', guid: null, sizeBytes: null, systemCategory: null, ...over };
}

/** An inventory of one machine with defaults. */
export function buildInventory(hw: Partial<HardwareIdentity> = {}, software: NormalizedSoftware[] = [], over: Partial<NormalizedInventory> = {}): NormalizedInventory {
  return {
    format: 'ocs-xml',
    agent: 'OCS-NG_unified_unix_agent_v2.10.0',
    tag: null,
    hardware: { ...emptyHardware(), hostname: 'pc-1', osName: 'Debian GNU/Linux 12 (bookworm)', ...hw },
    software,
    partial: false,
    softwareIncluded: true,
    collectedAt: null,
    ...over,
  };
}

/** An OCS inventory message of one computer with n packages. */
export function ocsInventoryXml(o: { deviceId: string; name: string; uuid?: string; serial?: string; tag?: string; packages: [string, string][] }): string {
  const soft = o.packages.map(([n, v]) => `<SOFTWARES><NAME>${n}</NAME><VERSION>${v}</VERSION><PUBLISHER>Debian &amp; friends</PUBLISHER><FROM>deb</FROM><ARCHITECTURE>amd64</ARCHITECTURE></SOFTWARES>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><REQUEST><CONTENT><HARDWARE><NAME>${o.name}</NAME>${o.uuid ? `<UUID>${o.uuid}</UUID>` : ''}<OSNAME>Debian GNU/Linux 12</OSNAME><OSVERSION>12</OSVERSION></HARDWARE><BIOS><SSN>${o.serial ?? ''}</SSN></BIOS>${o.tag ? `<ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>${o.tag}</KEYVALUE></ACCOUNTINFO>` : ''}${soft}<VERSIONCLIENT>OCS-NG_unified_unix_agent_v2.10.0</VERSIONCLIENT></CONTENT><DEVICEID>${o.deviceId}</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>`;
}
