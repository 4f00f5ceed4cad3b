/**
 * The macOS collector: application bundles in /Applications,
 * /System/Applications and ~/Applications (two levels deep, as Finder's
 * Utilities and vendor folders put them), and the identity through
 * system_profiler, sw_vers and ifconfig.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HardwareIdentity, NormalizedSoftware } from '../inventory/inventory.types.ts';
import { emptyHardware } from '../inventory/inventory.types.ts';
import { machineArch, textOrNull } from './hardware-values.ts';
import { macsFromIfconfig, parseSwVers, parseSystemProfilerJson, parseSystemProfilerText, softwareFromBundle } from './macos.parser.ts';
import { parseXmlPlist, type PlistValue } from './plist.parser.ts';
import { decodeConsoleOutput, describeFailure, runCommand } from './run-command.ts';
import type { CollectorName, CollectorOutput, CommandRunner } from './scan.types.ts';

export interface MacosCollectOptions {
  run?: CommandRunner;
  timeoutMs?: number;
  /** Folders searched for *.app; default /Applications, /System/Applications, ~/Applications. */
  appDirs?: string[];
}

export interface MacosCollection extends CollectorOutput {
  software: NormalizedSoftware[];
  hardware: HardwareIdentity;
}

/** Every *.app under `dir`, not descending into bundles, `depth` folder levels deep. */
export function findAppBundles(dir: string, depth = 2): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    if (e.name.toLowerCase().endsWith('.app')) out.push(p);
    else if (depth > 1) out.push(...findAppBundles(p, depth - 1));
  }
  return out;
}

/** Collects application bundles and identity on macOS. Never throws for a missing tool or file. */
export async function collectMacos(opts: MacosCollectOptions = {}): Promise<MacosCollection> {
  const run = opts.run ?? runCommand;
  const t = { timeoutMs: opts.timeoutMs };
  const collectors: CollectorName[] = [];
  const warnings: string[] = [];
  const dirs = opts.appDirs ?? ['/Applications', '/System/Applications', path.join(os.homedir(), 'Applications')];

  const software: NormalizedSoftware[] = [];
  let unreadable = 0;
  for (const bundle of dirs.flatMap((d) => findAppBundles(d))) {
    const infoFile = path.join(bundle, 'Contents', 'Info.plist');
    let buf: Buffer;
    try {
      buf = fs.readFileSync(infoFile);
    } catch {
      continue; // not a complete bundle
    }
    let info: PlistValue | null = null;
    try {
      if (buf.subarray(0, 8).toString('latin1') === 'bplist00') {
        const r = await run('plutil', ['-convert', 'xml1', '-o', '-', infoFile], t);
        info = r.code === 0 ? parseXmlPlist(decodeConsoleOutput(r.stdout)) : null;
      } else {
        info = parseXmlPlist(decodeConsoleOutput(buf));
      }
    } catch {
      info = null;
    }
    const row = info === null ? null : softwareFromBundle(info, bundle);
    if (row) software.push(row);
    else unreadable++;
  }
  if (unreadable) warnings.push(`macos-apps: ${unreadable} bundle(s) with an unreadable Info.plist`);
  collectors.push('macos-apps');

  const hardware: HardwareIdentity = { ...emptyHardware(), hostname: textOrNull(os.hostname()), osArch: machineArch(), cpu: textOrNull(os.cpus()[0]?.model), memoryMb: Math.round(os.totalmem() / (1024 * 1024)) || null, lastUser: textOrNull(process.env.SUDO_USER) ?? textOrNull(process.env.USER) };
  const env = { ...process.env, LANG: 'C', LC_ALL: 'C' };
  const sj = await run('system_profiler', ['-json', 'SPHardwareDataType'], { ...t, env });
  let facts = sj.code === 0 ? parseSystemProfilerJson(decodeConsoleOutput(sj.stdout)) : null;
  if (!facts) {
    const st = await run('system_profiler', ['SPHardwareDataType'], { ...t, env });
    if (st.code === 0) facts = parseSystemProfilerText(decodeConsoleOutput(st.stdout));
    else if (st.found) warnings.push(describeFailure('system_profiler', st));
  }
  if (facts) {
    hardware.uuid = facts.uuid;
    hardware.serial = facts.serial;
    hardware.model = facts.model;
    hardware.cpu = facts.cpu ?? hardware.cpu;
    hardware.memoryMb = facts.memoryMb ?? hardware.memoryMb;
    hardware.manufacturer = 'Apple Inc.';
  }
  const sw = await run('sw_vers', [], t);
  if (sw.code === 0) Object.assign(hardware, parseSwVers(decodeConsoleOutput(sw.stdout)));
  const ifc = await run('ifconfig', [], t);
  if (ifc.code === 0) hardware.macs = macsFromIfconfig(decodeConsoleOutput(ifc.stdout));
  collectors.push('macos-hardware');
  return { collectors, warnings, software, hardware };
}
