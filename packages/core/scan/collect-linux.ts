/**
 * The Linux collector: dpkg, rpm, snap and flatpak software, and the
 * machine's identity from sysfs (DMI), /etc and Node's os module.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HardwareIdentity, NormalizedSoftware } from '../inventory/inventory.types.ts';
import { emptyHardware } from '../inventory/inventory.types.ts';
import { identityOrNull, isoDate, machineArch, macOrNull, textOrNull, uniqueMacs, uuidOrNull } from './hardware-values.ts';
import { isPhysicalInterface, parseOsRelease } from './linux-hardware.parser.ts';
import { DPKG_FORMAT, FLATPAK_COLUMNS, RPM_FORMAT, parseDpkgQuery, parseFlatpakList, parseRpmQuery, parseSnapList } from './linux-packages.parser.ts';
import { decodeConsoleOutput, describeFailure, runCommand } from './run-command.ts';
import type { CollectorName, CollectorOutput, CommandRunner } from './scan.types.ts';

/** Seams for tests: the command runner and the file system root. */
export interface LinuxCollectOptions {
  run?: CommandRunner;
  /** Prefix of /sys, /etc, /var (a fake tree in tests); default '/'. */
  root?: string;
  timeoutMs?: number;
}

export interface LinuxCollection extends CollectorOutput {
  software: NormalizedSoftware[];
  hardware: HardwareIdentity;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Collects software and identity on Linux. Never throws for a missing tool or file. */
export async function collectLinux(opts: LinuxCollectOptions = {}): Promise<LinuxCollection> {
  const run = opts.run ?? runCommand;
  const root = opts.root ?? '/';
  const at = (p: string) => path.join(root, p);
  const collectors: CollectorName[] = [];
  const warnings: string[] = [];
  const software: NormalizedSoftware[] = [];

  /** Runs one package tool; absent → silently skipped, failing → a warning. */
  const tool = async (name: CollectorName, file: string, args: string[], parse: (text: string) => NormalizedSoftware[], okCodes: number[] = [0]) => {
    const r = await run(file, args, { timeoutMs: opts.timeoutMs, env: { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' } });
    if (!r.found) return null;
    if (r.code === null || !okCodes.includes(r.code)) {
      warnings.push(describeFailure(name, r));
      return null;
    }
    const rows = parse(decodeConsoleOutput(r.stdout));
    collectors.push(name);
    software.push(...rows);
    return rows;
  };

  const dpkgRows = await tool('dpkg', 'dpkg-query', ['-W', `-f=${DPKG_FORMAT}`], parseDpkgQuery);
  if (dpkgRows) addDpkgInstallDates(dpkgRows, at('/var/lib/dpkg/info'));
  await tool('rpm', 'rpm', ['-qa', '--qf', RPM_FORMAT], parseRpmQuery);
  await tool('snap', 'snap', ['list', '--unicode=never'], parseSnapList);
  await tool('flatpak', 'flatpak', ['list', '--app', `--columns=${FLATPAK_COLUMNS.join(',')}`], parseFlatpakList);

  const hardware = linuxHardware(root);
  collectors.push('linux-hardware');
  return { collectors, warnings, software, hardware };
}

/**
 * dpkg keeps no install date; like the OCS agent we take the time its file
 * list was last written (`/var/lib/dpkg/info/<pkg>[:<arch>].list`), which is
 * the date of installation or last upgrade.
 */
function addDpkgInstallDates(rows: NormalizedSoftware[], infoDir: string): void {
  for (const row of rows) {
    for (const f of [`${row.name}:${row.arch}.list`, `${row.name}.list`]) {
      try {
        row.installDate = isoDate(fs.statSync(path.join(infoDir, f)).mtime);
        break;
      } catch {
        // not this name: multi-arch packages carry the architecture
      }
    }
  }
}

/** The machine's identity from sysfs, /etc and the os module. */
export function linuxHardware(root = '/'): HardwareIdentity {
  const at = (p: string) => path.join(root, p);
  const dmi = (f: string) => readText(at(`/sys/class/dmi/id/${f}`));
  const osRelease = parseOsRelease(readText(at('/etc/os-release')) ?? readText(at('/usr/lib/os-release')) ?? '');
  const hostname = textOrNull(os.hostname());
  const cpu = textOrNull(os.cpus()[0]?.model);
  return {
    ...emptyHardware(),
    hostname,
    // product_uuid and product_serial are readable by root only.
    uuid: uuidOrNull(dmi('product_uuid')),
    serial: identityOrNull(dmi('product_serial')),
    manufacturer: identityOrNull(dmi('sys_vendor')),
    model: identityOrNull(dmi('product_name')),
    // The machine id identifies the installation, not the hardware: never the uuid.
    agentDeviceId: textOrNull(readText(at('/etc/machine-id'))),
    macs: linuxMacs(at('/sys/class/net')),
    osName: textOrNull(osRelease.PRETTY_NAME) ?? textOrNull(osRelease.NAME),
    osVersion: textOrNull(osRelease.VERSION_ID) ?? textOrNull(osRelease.VERSION),
    osArch: machineArch(),
    domain: hostname && hostname.includes('.') ? hostname.slice(hostname.indexOf('.') + 1) : null,
    lastUser: textOrNull(process.env.SUDO_USER) ?? safeUsername(),
    cpu,
    memoryMb: Math.round(os.totalmem() / (1024 * 1024)) || null,
  };
}

function safeUsername(): string | null {
  try {
    return textOrNull(os.userInfo().username);
  } catch {
    return null;
  }
}

/** MACs of the physical interfaces under /sys/class/net, sorted by interface name. */
function linuxMacs(netDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(netDir).sort();
  } catch {
    return [];
  }
  const macs: (string | null)[] = [];
  for (const name of names) {
    const dir = path.join(netDir, name);
    const facts = { name, address: macOrNull(readText(path.join(dir, 'address'))), hasDevice: fs.existsSync(path.join(dir, 'device')), isBridge: fs.existsSync(path.join(dir, 'bridge')) };
    if (isPhysicalInterface(facts)) macs.push(facts.address);
  }
  return uniqueMacs(macs);
}
