import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

/** One package as an agent lists it. */
export interface OcsSoftware {
  name: string;
  version: string;
  publisher?: string;
}

/** The parts of an OCS inventory the tests vary. */
export interface OcsInventory {
  hostname: string;
  uuid?: string;
  serial?: string;
  osName?: string;
  /** The network card's MAC; by default one derived from the host name, so two test machines never share it. */
  mac?: string;
  /** The agent's TAG (open enrollment: the organization's USCC). */
  tag?: string;
  software: OcsSoftware[];
}

/** What the server answered, the body inflated when it was zlib. */
export interface AgentReply {
  status: number;
  contentType: string | null;
  body: string;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A locally administered MAC address derived from a name (02:xx:…). */
export function macFor(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `02:${hex.match(/../g)!.join(':')}`;
}

/** The legacy XML INVENTORY request of ocsinventory-agent (the fields our parser reads). */
export function ocsInventoryXml(inv: OcsInventory): string {
  const e = escapeXml;
  const software = inv.software
    .map((s) => `<SOFTWARES><NAME>${e(s.name)}</NAME><VERSION>${e(s.version)}</VERSION>${s.publisher ? `<PUBLISHER>${e(s.publisher)}</PUBLISHER>` : ''}</SOFTWARES>`)
    .join('');
  return [
    '<?xml version="1.0" encoding="UTF-8" ?>',
    '<REQUEST><QUERY>INVENTORY</QUERY>',
    `<DEVICEID>${e(inv.hostname)}-2026-01-05-09-30-00</DEVICEID>`,
    '<CONTENT>',
    `<HARDWARE><NAME>${e(inv.hostname)}</NAME>${inv.uuid ? `<UUID>${e(inv.uuid)}</UUID>` : ''}<OSNAME>${e(inv.osName ?? 'Microsoft Windows 10 专业版')}</OSNAME><OSVERSION>10.0.19045</OSVERSION><PROCESSORT>Intel(R) Core(TM) i5-10500 CPU @ 3.10GHz</PROCESSORT><MEMORY>16384</MEMORY><WORKGROUP>ZJCZ</WORKGROUP><USERID>zhangwei</USERID></HARDWARE>`,
    `<BIOS>${inv.serial ? `<SSN>${e(inv.serial)}</SSN>` : ''}<SMANUFACTURER>LENOVO</SMANUFACTURER><SMODEL>ThinkCentre M720t</SMODEL></BIOS>`,
    `<NETWORKS><DESCRIPTION>eth0</DESCRIPTION><MACADDR>${inv.mac ?? macFor(inv.hostname)}</MACADDR><VIRTUALDEV>0</VIRTUALDEV></NETWORKS>`,
    inv.tag ? `<ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>${e(inv.tag)}</KEYVALUE></ACCOUNTINFO>` : '',
    software,
    '<VERSIONCLIENT>OCS-NG_unified_unix_agent_v2.10.0</VERSIONCLIENT>',
    '</CONTENT></REQUEST>',
  ].join('');
}

/**
 * Sends an inventory the way ocsinventory-agent does: zlib body,
 * `Content-Type: application/x-compress`, HTTP Basic agent credentials
 * (none for open enrollment, which posts to /ocsinventory/enroll).
 */
export async function postOcsInventory(baseUrl: string, inv: OcsInventory, credentials?: { username: string; password: string }): Promise<AgentReply> {
  const headers: Record<string, string> = { 'content-type': 'application/x-compress', 'user-agent': 'OCS-NG_unified_unix_agent_v2.10.0' };
  if (credentials) headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const response = await fetch(`${baseUrl}/ocsinventory${credentials ? '' : '/enroll'}`, { method: 'POST', headers, body: deflateSync(Buffer.from(ocsInventoryXml(inv), 'utf8')) });
  const raw = Buffer.from(await response.arrayBuffer());
  let body: string;
  try {
    body = inflateSync(raw).toString('utf8');
  } catch {
    body = raw.toString('utf8');
  }
  return { status: response.status, contentType: response.headers.get('content-type'), body };
}
