/** Pure helpers for the Linux hardware identity (os-release, interfaces). */

/**
 * `/etc/os-release` as a map: KEY=value lines, values optionally quoted
 * with shell-style escapes (\" \\ \$ \`).
 */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    let v = m[2]!;
    const q = v[0];
    if ((q === '"' || q === "'") && v.endsWith(q) && v.length >= 2) {
      v = v.slice(1, -1);
      if (q === '"') v = v.replace(/\\([\\"$`])/g, '$1');
    }
    out[m[1]!] = v;
  }
  return out;
}

/** What /sys/class/net/<name> tells about one interface. */
export interface LinuxInterfaceFacts {
  name: string;
  address: string | null;
  /** /sys/class/net/<name>/device exists: backed by a bus device (PCI, USB, virtio…) */
  hasDevice: boolean;
  /** /sys/class/net/<name>/bridge exists */
  isBridge: boolean;
}

/** Interface names that are virtual whatever sysfs says. */
const VIRTUAL_PREFIXES = ['lo', 'docker', 'veth', 'br-', 'virbr', 'vnet', 'tun', 'tap', 'wg', 'zt', 'tailscale', 'cni', 'flannel', 'cali', 'vxlan', 'dummy', 'ifb', 'bond', 'team'];

/**
 * True when an interface is a physical network card whose MAC identifies
 * the machine: it has a bus device, is not a bridge, not a known virtual
 * kind and has an address.
 */
export function isPhysicalInterface(f: LinuxInterfaceFacts): boolean {
  if (!f.hasDevice || f.isBridge || !f.address) return false;
  return !VIRTUAL_PREFIXES.some((p) => f.name === p || f.name.startsWith(p));
}
