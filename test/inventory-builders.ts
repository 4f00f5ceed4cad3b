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
