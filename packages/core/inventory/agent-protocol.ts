import { gunzipSync, inflateSync } from 'node:zlib';
import type { Bilingual, Lang } from '../../contracts/index.ts';
import { InventoryParseError, type NormalizedInventory } from './inventory.types.ts';
import { parseReasonMessage } from './parsers/parse-reasons.ts';
import { parseGlpiJson } from './parsers/glpi-json.parser.ts';
import { inflateBody } from './parsers/inflate.ts';
import { dedupeSoftware, softwareWithOs } from './inventory.rules.ts';
import { parseOcsRequest } from './parsers/ocs-xml.parser.ts';

/** Bounds on what an agent may send. */
export const AGENT_LIMITS = {
  /** compressed request body */
  maxBodyBytes: 20 * 1024 * 1024,
  /** after inflation: a 350 KB inventory is typical, 64 MiB is generous */
  maxInflatedBytes: 64 * 1024 * 1024,
} as const;

/** Messages of refusals decided outside the parsers (credentials, enrollment). */
const AGENT_REASON_MESSAGES: Record<string, Bilingual> = {
  'not-an-inventory': { 'zh-CN': '该消息不包含软件清单', 'en-US': 'The message carries no inventory' },
  'bad-credentials': { 'zh-CN': '采集代理凭据错误或已吊销', 'en-US': 'Wrong or revoked agent credentials' },
  'enrollment-refused': { 'zh-CN': '没有开启自助注册且统一社会信用代码与标签一致的单位', 'en-US': 'No organization with open enrollment has this tag (unified social credit code)' },
  'enrollment-conflict': { 'zh-CN': '该计算机已是本单位已接受的设备，请使用采集代理凭据上报', 'en-US': 'This computer is already an accepted device of the organization: report with agent credentials' },
};

/** The message of any reason an agent submission is refused for. */
export function refusalMessage(reason: string, lang: Lang): string {
  return AGENT_REASON_MESSAGES[reason]?.[lang] ?? parseReasonMessage(reason, lang);
}

/** What an agent asked for, protocol details removed. */
export type AgentMessage =
  | { kind: 'prolog'; deviceId: string | null }
  | { kind: 'contact'; deviceId: string | null }
  | { kind: 'inventory'; json: boolean; deviceId: string | null; inventory: NormalizedInventory }
  | { kind: 'other'; json: boolean; what: string };

/**
 * Decodes one request body of the legacy XML protocol or the GLPI JSON
 * protocol (zlib, gzip or plain), refusing bombs, entities and malformed
 * documents with an InventoryParseError.
 */
export async function decodeAgentMessage(body: Buffer, meta: { userAgent: string | null }): Promise<AgentMessage> {
  if (body.length === 0) throw new InventoryParseError('body-empty');
  const text = await inflateBody(body, { maxOutputLength: AGENT_LIMITS.maxInflatedBytes });
  const first = firstNonSpace(text);
  if (first === 0x7b /* { */) {
    const m = parseGlpiJson(text);
    if (m.action === 'contact') return { kind: 'contact', deviceId: m.deviceId };
    if (m.action === 'inventory' && m.inventory) return { kind: 'inventory', json: true, deviceId: m.deviceId, inventory: withAgent(m.inventory, meta.userAgent) };
    if (m.action === 'prolog') return { kind: 'prolog', deviceId: m.deviceId };
    return { kind: 'other', json: true, what: String(m.action) };
  }
  const r = parseOcsRequest(text, { userAgent: meta.userAgent });
  if (r.query === 'PROLOG') return { kind: 'prolog', deviceId: r.deviceId };
  if (r.query === 'INVENTORY' && r.inventory) return { kind: 'inventory', json: false, deviceId: r.deviceId, inventory: withAgent(r.inventory, meta.userAgent) };
  return { kind: 'other', json: false, what: r.query };
}

/**
 * Fills the agent name, adds the operating system's install and
 * dedupes/keys the software here, where decoding runs (on a worker thread
 * in the server), not on the database thread.
 */
function withAgent(inv: NormalizedInventory, userAgent: string | null): NormalizedInventory {
  return { ...inv, agent: inv.agent || userAgent, software: dedupeSoftware(softwareWithOs(inv)) };
}

function firstNonSpace(b: Buffer): number {
  let i = 0;
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return b[i] ?? -1;
}

/** Turns a stored submission back into its inventory (resuming after a crash). */
export async function parseStoredInventory(row: { format: string; encoding: string; raw: Buffer }): Promise<NormalizedInventory> {
  const body = row.encoding === 'gzip' ? gunzipSync(row.raw) : row.encoding === 'zlib' ? inflateSync(row.raw) : row.raw;
  if (row.format === 'normalized') return JSON.parse(body.toString('utf8')) as NormalizedInventory;
  const m = await decodeAgentMessage(body, { userAgent: null });
  if (m.kind !== 'inventory') throw new InventoryParseError('not-an-inventory', m.kind);
  return m.inventory;
}
