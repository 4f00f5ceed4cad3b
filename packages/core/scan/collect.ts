/**
 * `collectInventory`: the whole local scan. Picks the collector of the
 * platform, bounds every command by a timeout, and turns everything into
 * one NormalizedInventory with the record of which collectors ran.
 */
import { emptyHardware, type HardwareIdentity, type NormalizedSoftware } from '../inventory/inventory.types.ts';
import { collectLinux } from './collect-linux.ts';
import { collectMacos } from './collect-macos.ts';
import { collectWindows } from './collect-windows.ts';
import { DEFAULT_COMMAND_TIMEOUT_MS } from './run-command.ts';
import { SCAN_AGENT, type CollectorName, type CommandRunner, type ScanCollection } from './scan.types.ts';

export interface CollectOptions {
  /** Which collector to run; default process.platform. */
  platform?: NodeJS.Platform;
  /** The TAG (e.g. the organization's USCC) to carry in the inventory. */
  tag?: string | null;
  /** Time limit of each command, ms; default 60 s. */
  commandTimeoutMs?: number;
  /** Command runner (tests pass a fake one). */
  run?: CommandRunner;
  /** Clock (tests pass a fixed one). */
  now?: () => Date;
}

/**
 * Collects this machine's software and identity. Never throws because a
 * tool is missing or fails: such things are skipped or listed in `warnings`.
 * An unsupported platform gives the identity only, with a warning.
 */
export async function collectInventory(opts: CollectOptions = {}): Promise<ScanCollection> {
  const platform = opts.platform ?? process.platform;
  const now = opts.now ?? (() => new Date());
  const common = { run: opts.run, timeoutMs: opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS };
  let part: { collectors: CollectorName[]; warnings: string[]; software: NormalizedSoftware[]; hardware: HardwareIdentity };
  try {
    if (platform === 'linux') part = await collectLinux(common);
    else if (platform === 'win32') part = await collectWindows(common);
    else if (platform === 'darwin') part = await collectMacos(common);
    else part = { collectors: [], warnings: [`platform ${platform} is not supported: no software collected`], software: [], hardware: emptyHardware() };
  } catch (e) {
    // A bug in a collector must not cost the inspector the visit: report it and go on with nothing.
    part = { collectors: [], warnings: [`collector failed: ${(e as Error).message}`], software: [], hardware: emptyHardware() };
  }
  const softwareIncluded = part.collectors.some((c) => !c.endsWith('-hardware'));
  return {
    platform,
    collectors: part.collectors,
    warnings: part.warnings,
    inventory: {
      format: 'zb-scan',
      agent: SCAN_AGENT,
      tag: opts.tag ?? null,
      hardware: part.hardware,
      software: part.software,
      partial: !softwareIncluded,
      softwareIncluded,
      collectedAt: now().toISOString(),
    },
  };
}

/** Software counts by source, for the summary `zb scan` prints. */
export function countBySource(software: readonly NormalizedSoftware[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of software) out[s.source ?? 'unknown'] = (out[s.source ?? 'unknown'] ?? 0) + 1;
  return out;
}
