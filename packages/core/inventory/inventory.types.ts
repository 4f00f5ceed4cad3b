/**
 * The one shape every inventory source is turned into: agent protocols
 * (OCS/Fusion XML, GLPI JSON), imported files (XML, JSON, SWID tags,
 * CSV/XLSX) and our own `zb scan`. Ingestion only ever sees this.
 */

/** Where an inventory came from. */
export const INVENTORY_FORMATS = ['ocs-xml', 'glpi-json', 'swid', 'table', 'zb-scan'] as const;
export type InventoryFormat = (typeof INVENTORY_FORMATS)[number];

/** One installed software item as the source reported it. */
export interface NormalizedSoftware {
  /** Display name as reported (DisplayName, dpkg package name, bundle name, SWID name). */
  name: string;
  version: string | null;
  publisher: string | null;
  /** e.g. x86_64, amd64, i386, all */
  arch: string | null;
  /** YYYY-MM-DD when known */
  installDate: string | null;
  /** How the item was found: dpkg, rpm, snap, flatpak, registry, msi, macos, swid, … */
  source: string | null;
  /** MSI product code, SWID tagId, … */
  guid: string | null;
  sizeBytes: number | null;
  /** Free-form category the source gave (GLPI system_category, dpkg section). */
  systemCategory: string | null;
}

/** What identifies the machine and describes it. Empty strings are never used: null instead. */
export interface HardwareIdentity {
  hostname: string | null;
  /** SMBIOS system UUID */
  uuid: string | null;
  /** BIOS / system serial number */
  serial: string | null;
  /** MAC addresses of physical network interfaces, lower-case aa:bb:cc:dd:ee:ff */
  macs: string[];
  /** The agent's own device id (OCS/Fusion DEVICEID, GLPI deviceid). */
  agentDeviceId: string | null;
  manufacturer: string | null;
  model: string | null;
  osName: string | null;
  osVersion: string | null;
  osArch: string | null;
  domain: string | null;
  lastUser: string | null;
  cpu: string | null;
  memoryMb: number | null;
}

/** A whole (or partial) inventory of one machine. */
export interface NormalizedInventory {
  format: InventoryFormat;
  /** Agent name and version, e.g. OCS-NG_unified_unix_agent_v2.10.0 */
  agent: string | null;
  /** The agent's TAG / account info, when sent. */
  tag: string | null;
  hardware: HardwareIdentity;
  software: NormalizedSoftware[];
  /**
   * A partial inventory carries only some sections (GLPI `partial: true`).
   * When `softwareIncluded` is false the device's software is left as it is.
   */
  partial: boolean;
  softwareIncluded: boolean;
  /**
   * True when `software` adds to the device's software instead of replacing
   * it (SWID tags, which describe one product each). Absent means false.
   */
  softwareAdditive?: boolean;
  /** When the source collected it, ISO-8601, when known. */
  collectedAt: string | null;
}

/** A parse failure with a reason a person can act on. */
export class InventoryParseError extends Error {
  constructor(
    readonly reason: string,
    readonly detail?: string,
  ) {
    super(detail ? `${reason}: ${detail}` : reason);
    this.name = 'InventoryParseError';
  }
}

export function emptyHardware(): HardwareIdentity {
  return { hostname: null, uuid: null, serial: null, macs: [], agentDeviceId: null, manufacturer: null, model: null, osName: null, osVersion: null, osArch: null, domain: null, lastUser: null, cpu: null, memoryMb: null };
}
