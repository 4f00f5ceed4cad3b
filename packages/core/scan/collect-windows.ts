/**
 * The Windows collector: the Uninstall keys of the registry through
 * `reg export` (64-bit view, the 32-bit WOW6432Node view, the current user
 * and every other loaded user hive), and the identity through PowerShell/CIM
 * (wmic as a fallback), getmac and ver.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HardwareIdentity, NormalizedSoftware } from '../inventory/inventory.types.ts';
import { emptyHardware } from '../inventory/inventory.types.ts';
import { textOrNull } from './hardware-values.ts';
import { parseRegExport } from './reg-export.parser.ts';
import { decodeConsoleOutput, describeFailure, runCommand } from './run-command.ts';
import type { CollectorName, CollectorOutput, CommandRunner } from './scan.types.ts';
import {
  WINDOWS_CIM_SCRIPT,
  identityFromCimJson,
  identityFromWmicCsproduct,
  macsFromGetmacCsv,
  sidFromWhoami,
  sidsFromRegQueryHku,
  valueFromRegQuery,
  versionFromVer,
  windowsNameFromVersion,
} from './windows-hardware.parser.ts';
import { softwareFromUninstallKeys, type WindowsArch } from './windows-uninstall.rules.ts';

const UNINSTALL = 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const UNINSTALL_WOW = 'SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const USER_UNINSTALL = 'Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall';

export interface WindowsCollectOptions {
  run?: CommandRunner;
  timeoutMs?: number;
  /** Folder for the temporary .reg files; default the OS temp folder. */
  tmpDir?: string;
  /** Architecture of Windows; default from the environment (windowsNativeArch). */
  nativeArch?: WindowsArch;
}

export interface WindowsCollection extends CollectorOutput {
  software: NormalizedSoftware[];
  hardware: HardwareIdentity;
}

/**
 * The architecture of Windows itself. A 32-bit process on 64-bit Windows
 * sees PROCESSOR_ARCHITECTURE=x86 and PROCESSOR_ARCHITEW6432=AMD64.
 */
export function windowsNativeArch(env: NodeJS.ProcessEnv = process.env): WindowsArch {
  const a = (env.PROCESSOR_ARCHITEW6432 ?? env.PROCESSOR_ARCHITECTURE ?? '').toUpperCase();
  if (a === 'AMD64' || a === 'IA64') return 'x64';
  if (a === 'ARM64') return 'arm64';
  return 'x86';
}

/** Collects software and identity on Windows. Never throws for a missing tool or key. */
export async function collectWindows(opts: WindowsCollectOptions = {}): Promise<WindowsCollection> {
  const run = opts.run ?? runCommand;
  const t = { timeoutMs: opts.timeoutMs };
  const collectors: CollectorName[] = [];
  const warnings: string[] = [];
  const nativeArch = opts.nativeArch ?? windowsNativeArch();
  // A 32-bit reg.exe would see WOW6432Node as HKLM\SOFTWARE: ask for the 64-bit view explicitly.
  const view = nativeArch === 'x86' ? [] : ['/reg:64'];

  const tmp = fs.mkdtempSync(path.join(opts.tmpDir ?? os.tmpdir(), 'zb-scan-'));
  let n = 0;
  /** `reg export` of one key to a temp file, parsed; null when the key is absent. */
  const exportKey = async (key: string, required: boolean) => {
    const file = path.join(tmp, `k${n++}.reg`);
    const r = await run('reg', ['export', key, file, '/y', ...view], t);
    if (!r.found) return null;
    if (r.code !== 0 || !fs.existsSync(file)) {
      // Missing per-user and 32-bit keys are normal; a missing machine key is worth a warning.
      if (required) warnings.push(describeFailure(`reg export ${key}`, r));
      return null;
    }
    try {
      const parsed = parseRegExport(fs.readFileSync(file));
      for (const p of parsed.problems.slice(0, 5)) warnings.push(`reg export ${key}: ${p}`);
      return parsed;
    } catch (e) {
      warnings.push(`reg export ${key}: ${(e as Error).message}`);
      return null;
    }
  };

  const software: NormalizedSoftware[] = [];
  try {
    const machine = await exportKey(`HKLM\\${UNINSTALL}`, true);
    const keys = machine?.keys ?? [];
    if (nativeArch !== 'x86') keys.push(...((await exportKey(`HKLM\\${UNINSTALL_WOW}`, false))?.keys ?? []));
    keys.push(...((await exportKey(`HKCU\\${USER_UNINSTALL}`, false))?.keys ?? []));
    // Other users logged on (or services with a loaded hive); the current user is HKCU already.
    const me = sidFromWhoami(decodeConsoleOutput((await run('whoami', ['/user', '/fo', 'csv', '/nh'], t)).stdout));
    const hku = await run('reg', ['query', 'HKU'], t);
    for (const sid of hku.code === 0 ? sidsFromRegQueryHku(decodeConsoleOutput(hku.stdout)) : []) {
      if (sid === me) continue;
      keys.push(...((await exportKey(`HKU\\${sid}\\${USER_UNINSTALL}`, false))?.keys ?? []));
    }
    if (machine) {
      software.push(...softwareFromUninstallKeys(keys, { nativeArch }).software);
      collectors.push('registry');
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const hardware = await windowsHardware(run, opts.timeoutMs, nativeArch, warnings);
  collectors.push('windows-hardware');
  return { collectors, warnings, software, hardware };
}

/** Identity via PowerShell CIM, else wmic; MACs via getmac; version via ver; MachineGuid as the device id. */
async function windowsHardware(run: CommandRunner, timeoutMs: number | undefined, nativeArch: WindowsArch, warnings: string[]): Promise<HardwareIdentity> {
  const t = { timeoutMs };
  let facts = identityFromCimJson('');
  const ps = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', WINDOWS_CIM_SCRIPT], t);
  if (ps.found && ps.code === 0) facts = identityFromCimJson(decodeConsoleOutput(ps.stdout));
  if (!facts.uuid && !facts.serial) {
    const w = await run('wmic', ['csproduct', 'get', 'UUID,IdentifyingNumber,Vendor,Name', '/format:list'], t);
    if (w.found && w.code === 0) facts = { ...facts, ...pickDefined(identityFromWmicCsproduct(decodeConsoleOutput(w.stdout))) };
    else if (ps.found) warnings.push(describeFailure('hardware identity (PowerShell/wmic)', ps));
  }
  const getmac = await run('getmac', ['/fo', 'csv', '/v', '/nh'], t);
  const ver = await run('cmd.exe', ['/d', '/c', 'ver'], t);
  const osVersion = facts.osVersion ?? versionFromVer(decodeConsoleOutput(ver.stdout)) ?? textOrNull(os.release());
  const guid = await run('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Cryptography', '/v', 'MachineGuid', ...(nativeArch === 'x86' ? [] : ['/reg:64'])], t);
  return {
    ...emptyHardware(),
    hostname: textOrNull(os.hostname()),
    uuid: facts.uuid,
    serial: facts.serial,
    manufacturer: facts.manufacturer,
    model: facts.model,
    macs: getmac.code === 0 ? macsFromGetmacCsv(decodeConsoleOutput(getmac.stdout)) : [],
    agentDeviceId: guid.code === 0 ? valueFromRegQuery(decodeConsoleOutput(guid.stdout), 'MachineGuid') : null,
    osName: facts.osName ?? windowsNameFromVersion(osVersion),
    osVersion,
    osArch: { x64: 'x86_64', x86: 'i686', arm64: 'aarch64' }[nativeArch],
    domain: facts.domain,
    lastUser: facts.lastUser ?? textOrNull(process.env.USERNAME),
    cpu: textOrNull(os.cpus()[0]?.model),
    memoryMb: Math.round(os.totalmem() / (1024 * 1024)) || null,
  };
}

function pickDefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null)) as Partial<T>;
}
