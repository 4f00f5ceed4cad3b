/**
 * Types shared by the collectors of `zb scan` (our own scanner, 自有采集工具).
 * Collectors run commands and read files through the small seams below, so
 * the parsing can be tested on sample text and the collection on this machine.
 */
import type { NormalizedInventory } from '../inventory/inventory.types.ts';

/** The name and version our scanner reports as `agent`. */
export const SCAN_AGENT = 'zb-scan/0.1.0';
export const SCAN_VERSION = '0.1.0';

/** Collectors `zb scan` knows; `collectors` in the result file lists those that ran. */
export const COLLECTOR_NAMES = [
  'dpkg',
  'rpm',
  'snap',
  'flatpak',
  'linux-hardware',
  'registry',
  'windows-hardware',
  'macos-apps',
  'macos-hardware',
] as const;
export type CollectorName = (typeof COLLECTOR_NAMES)[number];

/** What running a command gave: never an exception. */
export interface CommandResult {
  /** false when the program does not exist (ENOENT): the collector is skipped silently. */
  found: boolean;
  /** Exit code, null when killed (timeout) or not started. */
  code: number | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
  /** Spawn error other than ENOENT (EACCES, …). */
  error: string | null;
}

/** Runs a program with arguments (no shell) and a timeout. */
export type CommandRunner = (file: string, args: readonly string[], opts?: { timeoutMs?: number; env?: NodeJS.ProcessEnv }) => Promise<CommandResult>;

/** What a collector found, and what went wrong without stopping the scan. */
export interface CollectorOutput {
  /** Collectors that ran (their tool existed and answered). */
  collectors: CollectorName[];
  warnings: string[];
}

/** A whole local collection: the inventory plus the record of how it was made. */
export interface ScanCollection extends CollectorOutput {
  /** process.platform of the scanned machine */
  platform: string;
  inventory: NormalizedInventory;
}
