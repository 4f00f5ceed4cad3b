/**
 * Micro-benchmark of the OCS/FusionInventory XML parser on a generated
 * inventory shaped like Debian 12's ocsinventory-agent output (~900 dpkg
 * packages, ~350 KB).
 *
 *   node --import tsx packages/core/inventory/parsers/parse-speed.ts [packages|FILE] [seconds]
 *
 * With a FILE (e.g. an agent's own `--local` output) that file is parsed instead.
 * Prints the median and best MB/s and inventories/s over one-second rounds.
 */
import fs from 'node:fs';
import { parseOcsRequest } from './ocs-xml.parser.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An INVENTORY request with `n` SOFTWARES blocks and the other sections a desktop sends. */
export function generateOcsInventory(n: number, seed = 1): string {
  let x = seed;
  const rnd = (m: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % m);
  const parts: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n<REQUEST>\n  <CONTENT>\n    <BIOS>\n      <SMANUFACTURER>LENOVO</SMANUFACTURER>\n      <SMODEL>ThinkCentre M720t</SMODEL>\n      <SSN>PC1X2Y3Z</SSN>\n    </BIOS>\n'];
  for (let i = 0; i < 6; i++) parts.push(`    <CONTROLLERS>\n      <MANUFACTURER>Intel Corporation Device ${i}</MANUFACTURER>\n      <NAME>Host bridge [0600]</NAME>\n      <PCIID>8086:0d5${i}</PCIID>\n      <PCISLOT>00:0${i}.0</PCISLOT>\n    </CONTROLLERS>\n`);
  parts.push(
    `    <HARDWARE>\n      <CHECKSUM>1572863</CHECKSUM>\n      <DESCRIPTION>x86_64/00-00-00 00:20:29</DESCRIPTION>\n      <MEMORY>15932</MEMORY>\n      <NAME>bench-pc-${seed}</NAME>\n      <OSNAME>Debian GNU/Linux 12</OSNAME>\n      <OSVERSION>12</OSVERSION>\n      <PROCESSORT>Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz</PROCESSORT>\n      <UUID>4c4c4544-0058-4b10-8032-${String(seed).padStart(12, '0')}</UUID>\n      <WORKGROUP>WORKGROUP</WORKGROUP>\n    </HARDWARE>\n`,
  );
  for (let i = 0; i < 50; i++) parts.push(`    <LOCAL_GROUPS>\n      <ID_GROUP>${1000 + i}</ID_GROUP>\n      <MEMBER>user${i}</MEMBER>\n      <NAME>group${i}</NAME>\n    </LOCAL_GROUPS>\n`);
  parts.push('    <NETWORKS>\n      <DESCRIPTION>enp3s0</DESCRIPTION>\n      <IPADDRESS>10.12.0.57</IPADDRESS>\n      <MACADDR>e8:6a:64:3b:12:9f</MACADDR>\n      <STATUS>Up</STATUS>\n      <TYPE>ethernet</TYPE>\n    </NETWORKS>\n');
  for (let i = 0; i < n; i++) {
    const name = `lib${['gtk', 'gnome', 'x11', 'python3', 'perl', 'qt5', 'kde'][rnd(7)]}-${i.toString(36)}`;
    parts.push(
      `    <SOFTWARES>\n      <ARCHITECTURE>${rnd(4) ? 'amd64' : 'all'}</ARCHITECTURE>\n      <COMMENTS>${esc(`Library for "${name}" & its data`)}</COMMENTS>\n      <FILESIZE>${rnd(50_000_000)}</FILESIZE>\n      <FROM>deb</FROM>\n      <INSTALLDATE>202${rnd(6)}/${String(rnd(12)).padStart(2, '0')}/${String(1 + rnd(28)).padStart(2, '0')} 14:37:46</INSTALLDATE>\n      <NAME>${name}</NAME>\n      <PUBLISHER>https://www.example.org/${name}/</PUBLISHER>\n      <VERSION>${rnd(10)}.${rnd(30)}.${rnd(100)}-${rnd(5)}+deb12u${rnd(9)}</VERSION>\n    </SOFTWARES>\n`,
    );
  }
  parts.push(`  </CONTENT>\n  <DEVICEID>bench-pc-${seed}-2026-11-27-10-40-35</DEVICEID>\n  <QUERY>INVENTORY</QUERY>\n</REQUEST>\n`);
  return parts.join('');
}

function main(): void {
  const arg = process.argv[2] ?? '900';
  const seconds = Number(process.argv[3] ?? 5);
  const buf = /^\d+$/.test(arg) ? Buffer.from(generateOcsInventory(Number(arg))) : fs.readFileSync(arg);
  const n = parseOcsRequest(buf).inventory!.software.length;
  if (/^\d+$/.test(arg) && n !== Number(arg)) throw new Error(`parsed ${n} packages, expected ${arg}`);
  for (let i = 0; i < 200; i++) parseOcsRequest(buf); // warm-up (JIT)
  // Wall time per round, and CPU time (user + system) of this process: on a shared machine the CPU
  // figure is the steadier one, since time spent waiting for a core is not counted.
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < seconds; r++) {
    let count = 0;
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    while (performance.now() - start < 1000) {
      parseOcsRequest(buf);
      count++;
    }
    const used = process.cpuUsage(cpu0);
    wall.push((performance.now() - start) / count);
    cpu.push((used.user + used.system) / 1000 / count);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const fmt = (ms: number) => `${ms.toFixed(2)} ms/inventory, ${(buf.length / 1e6 / (ms / 1000)).toFixed(0)} MB/s, ${Math.round(1000 / ms).toLocaleString('en-US')} inventories/s, ${Math.round((n * 1000) / ms).toLocaleString('en-US')} software rows/s`;
  console.log(`OCS XML parser, ${/^\d+$/.test(arg) ? 'generated inventory' : arg}, ${n} packages, ${(buf.length / 1024).toFixed(0)} KB per inventory, ${seconds} rounds of 1 s, one core (Node ${process.version})`);
  console.log(`  wall, median: ${fmt(median(wall))}`);
  console.log(`  wall, best:   ${fmt(Math.min(...wall))}`);
  console.log(`  CPU,  median: ${fmt(median(cpu))}`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
