/**
 * Pure parsers of the Linux package tools' output (dpkg, rpm, snap,
 * flatpak). The commands themselves are in collect-linux.ts.
 */
import type { NormalizedSoftware } from '../inventory/inventory.types.ts';
import { isoDate, textOrNull } from './hardware-values.ts';
import { publisherFromReverseDomain } from './reverse-domain-publisher.ts';

/** `dpkg-query -W -f=<DPKG_FORMAT>`: tab-separated, one package a line. */
export const DPKG_FORMAT = '${Package}\\t${Version}\\t${Architecture}\\t${Maintainer}\\t${Installed-Size}\\t${Section}\\t${db:Status-Abbrev}\\n';

/** `rpm -qa --qf <RPM_FORMAT>`: tab-separated, one package a line. */
export const RPM_FORMAT = '%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{ARCH}\\t%{VENDOR}\\t%{INSTALLTIME}\\t%{SIZE}\\t%{GROUP}\\n';

/** The columns asked of `flatpak list --app`, in this order. */
export const FLATPAK_COLUMNS = ['name', 'application', 'version', 'arch', 'branch', 'origin', 'installation'] as const;

function software({ name, ...partial }: Partial<NormalizedSoftware> & { name: string }): NormalizedSoftware {
  return { name, version: null, publisher: null, arch: null, installDate: null, source: null, guid: null, sizeBytes: null, systemCategory: null, ...partial };
}

/** "Jane Doe <jane@example.org>" → "Jane Doe": the address is not the publisher. */
export function stripEmail(maintainer: string | null): string | null {
  if (maintainer === null) return null;
  return textOrNull(maintainer.replace(/<[^>]*>/g, ''));
}

/**
 * Rows of `dpkg-query -W -f=DPKG_FORMAT`. Only packages whose status starts
 * with `ii` (wanted: install, state: installed) are software on the machine;
 * `rc` (removed, configuration left) and half-installed ones are not.
 */
export function parseDpkgQuery(text: string): NormalizedSoftware[] {
  const out: NormalizedSoftware[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [name, version, arch, maintainer, size, section, status] = line.split('\t');
    if (!name || !status?.startsWith('ii')) continue;
    const kib = Number(size);
    out.push(
      software({
        name,
        version: textOrNull(version),
        arch: textOrNull(arch),
        publisher: stripEmail(textOrNull(maintainer)),
        // Installed-Size is in KiB
        sizeBytes: size && Number.isFinite(kib) ? kib * 1024 : null,
        systemCategory: textOrNull(section),
        source: 'dpkg',
      }),
    );
  }
  return out;
}

/**
 * Rows of `rpm -qa --qf RPM_FORMAT`. `gpg-pubkey` entries are the imported
 * signing keys rpm keeps in its database, not software: skipped.
 */
export function parseRpmQuery(text: string): NormalizedSoftware[] {
  const none = (v: string | undefined) => (v === undefined || v === '(none)' ? null : textOrNull(v));
  const out: NormalizedSoftware[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [name, versionRelease, arch, vendor, installTime, size, group] = line.split('\t');
    if (!name || name === 'gpg-pubkey') continue;
    const t = Number(installTime);
    const bytes = Number(size);
    out.push(
      software({
        name,
        version: none(versionRelease?.replace(/-\(none\)$/, '')),
        arch: none(arch),
        publisher: none(vendor),
        installDate: installTime && Number.isFinite(t) && t > 0 ? isoDate(new Date(t * 1000)) : null,
        sizeBytes: size && Number.isFinite(bytes) ? bytes : null,
        systemCategory: none(group) === 'Unspecified' ? null : none(group),
        source: 'rpm',
      }),
    );
  }
  return out;
}

/**
 * Rows of `snap list`: `Name Version Rev Tracking Publisher Notes`, columns
 * separated by spaces (no value contains one). The publisher carries a mark
 * for verified (✓ or ** without unicode) and starred (✪ or *) accounts.
 */
export function parseSnapList(text: string): NormalizedSoftware[] {
  const out: NormalizedSoftware[] = [];
  const lines = text.split('\n').filter((l) => l.trim());
  if (!lines[0]?.startsWith('Name')) return out;
  for (const line of lines.slice(1)) {
    const [name, version, , , publisher, notes] = line.trim().split(/\s+/);
    if (!name || (notes ?? '').split(',').includes('disabled')) continue;
    const pub = publisher?.replace(/[✓✪*]+$/u, '');
    out.push(
      software({
        name,
        version: textOrNull(version),
        publisher: pub && pub !== '-' ? pub : null,
        systemCategory: notes && notes !== '-' ? notes : null,
        source: 'snap',
      }),
    );
  }
  return out;
}

/**
 * Rows of `flatpak list --app --columns=FLATPAK_COLUMNS`, which flatpak
 * separates with tabs when its output is not a terminal.
 */
export function parseFlatpakList(text: string): NormalizedSoftware[] {
  const out: NormalizedSoftware[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const cols = line.split('\t');
    const get = (c: (typeof FLATPAK_COLUMNS)[number]) => textOrNull(cols[FLATPAK_COLUMNS.indexOf(c)]);
    const appId = get('application');
    const name = get('name') ?? appId;
    // No title row is printed to a pipe; skip one anyway should a version print it.
    if (!name || appId === 'Application ID') continue;
    out.push(
      software({
        name,
        version: get('version'),
        arch: get('arch'),
        publisher: publisherFromReverseDomain(appId),
        guid: appId,
        source: 'flatpak',
      }),
    );
  }
  return out;
}
