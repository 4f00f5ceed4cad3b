import { z } from 'zod';
import { InventoryParseError, type NormalizedInventory } from '../inventory.types.ts';
import { cleanIdentifier, cleanText, normalizeDate, normalizeDateTime, normalizeSource, physicalMacs, toInt } from './normalize.ts';

/**
 * GLPI native JSON messages (glpi-agent): `{action, deviceid, itemtype,
 * content, partial?}` per inventory.schema.json of glpi-project/inventory_format.
 * Only the fields we map are validated; the rest of `content` is ignored.
 *
 * Only computers are accepted: printers, network equipment, phones and
 * unmanaged devices (itemtype other than Computer, and `netinventory`
 * messages) are refused with `itemtype-unsupported`, because software
 * legalization counts software installed on computers.
 */

const text = z.string().nullish();
const count = z.union([z.number(), z.string()]).nullish();
const flag = z.union([z.boolean(), z.number(), z.string()]).nullish();

const SoftwareSchema = z.object({
  name: z.string(),
  version: text,
  publisher: text,
  arch: text,
  install_date: text,
  from: text,
  guid: text,
  filesize: count,
  system_category: text,
});

const ContentSchema = z.object({
  versionclient: text,
  hardware: z.object({ name: text, uuid: text, workgroup: text, lastloggeduser: text, memory: count }).nullish(),
  bios: z.object({ ssn: text, smanufacturer: text, smodel: text, mmanufacturer: text, mmodel: text }).nullish(),
  operatingsystem: z.object({ full_name: text, name: text, version: text, arch: text, dns_domain: text }).nullish(),
  networks: z.array(z.object({ description: text, mac: text, virtualdev: flag, type: text })).nullish(),
  softwares: z.array(SoftwareSchema).nullish(),
  cpus: z.array(z.object({ name: text })).nullish(),
  accesslog: z.object({ logdate: text }).nullish(),
});

const MessageSchema = z.object({
  action: z.string().optional(),
  deviceid: z.string().min(1),
  itemtype: z.string().optional(),
  partial: z.boolean().optional(),
  tag: text,
  content: z.unknown().optional(),
});

/** One GLPI agent message. */
export interface GlpiMessage {
  /** contact, inventory, prolog, register, get_params, … as sent (default inventory). */
  action: string;
  deviceId: string;
  /** For inventory messages of computers. */
  inventory?: NormalizedInventory;
}

/** `content.softwares[3].name` from a zod issue path. */
function jsonPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}

function validate<T>(schema: z.ZodType<T>, value: unknown, prefix: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new InventoryParseError('glpi-invalid', `${jsonPath(prefix, issue.path)}: ${issue.message}`);
}

function isTrue(v: boolean | number | string | null | undefined): boolean | null {
  if (v === null || v === undefined) return null;
  return v === true || v === 1 || v === '1' || v === 'true';
}

/**
 * Maps a parsed GLPI message. `contact`, `prolog` and other actions carry
 * no inventory; `inventory` messages of computers do.
 *
 * @throws InventoryParseError `glpi-invalid` (with the JSON path), `itemtype-unsupported`
 */
export function parseGlpiMessage(obj: unknown): GlpiMessage {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new InventoryParseError('glpi-invalid', '(root): expected a JSON object');
  const msg = validate(MessageSchema, obj, '');
  const action = msg.action ?? 'inventory';
  const out: GlpiMessage = { action, deviceId: msg.deviceid };
  if (action !== 'inventory' && action !== 'netinventory' && action !== 'injector') return out;
  // glpi-agent and FusionInventory omit itemtype for computers.
  const itemtype = msg.itemtype ?? (action === 'netinventory' ? 'NetworkEquipment' : 'Computer');
  if (itemtype !== 'Computer') throw new InventoryParseError('itemtype-unsupported', `only computer inventories are accepted, not ${itemtype}`);
  if (msg.content === undefined || msg.content === null) throw new InventoryParseError('glpi-invalid', 'content: required for an inventory');
  const c = validate(ContentSchema, msg.content, 'content');
  const hw = c.hardware ?? {};
  const bios = c.bios ?? {};
  const os = c.operatingsystem ?? {};
  const macs = physicalMacs((c.networks ?? []).map((n) => ({ name: cleanText(n.description), mac: cleanText(n.mac), virtual: isTrue(n.virtualdev), type: cleanText(n.type) })));
  out.inventory = {
    format: 'glpi-json',
    agent: cleanText(c.versionclient),
    tag: cleanText(msg.tag),
    hardware: {
      hostname: cleanText(hw.name),
      uuid: cleanIdentifier(hw.uuid),
      serial: cleanIdentifier(bios.ssn),
      macs,
      agentDeviceId: msg.deviceid,
      manufacturer: cleanIdentifier(bios.smanufacturer) ?? cleanIdentifier(bios.mmanufacturer),
      model: cleanIdentifier(bios.smodel) ?? cleanIdentifier(bios.mmodel),
      osName: cleanText(os.full_name) ?? cleanText(os.name),
      osVersion: cleanText(os.version),
      osArch: cleanText(os.arch),
      domain: cleanText(hw.workgroup) ?? cleanText(os.dns_domain),
      lastUser: cleanText(hw.lastloggeduser),
      cpu: cleanText(c.cpus?.[0]?.name),
      memoryMb: toInt(hw.memory),
    },
    software: (c.softwares ?? []).flatMap((s) => {
      const name = cleanText(s.name);
      if (name === null) return [];
      return [
        {
          name,
          version: cleanText(s.version),
          publisher: cleanText(s.publisher),
          arch: cleanText(s.arch),
          installDate: normalizeDate(s.install_date),
          source: normalizeSource(s.from),
          guid: cleanText(s.guid),
          sizeBytes: toInt(s.filesize),
          systemCategory: cleanText(s.system_category),
        },
      ];
    }),
    partial: msg.partial === true,
    // A partial inventory without `softwares` leaves the device's software as it is; so does a run without the software category.
    softwareIncluded: Array.isArray(c.softwares),
    collectedAt: normalizeDateTime(c.accesslog?.logdate),
  };
  return out;
}

/**
 * Decodes (UTF-8, BOM allowed, invalid bytes refused) and parses a JSON
 * message, then maps it with parseGlpiMessage.
 *
 * @throws InventoryParseError `json-encoding-invalid`, `json-malformed`, and those of parseGlpiMessage
 */
export function parseGlpiJson(input: Uint8Array | string): GlpiMessage {
  let textValue: string;
  if (typeof input === 'string') {
    textValue = input;
  } else {
    try {
      textValue = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      throw new InventoryParseError('json-encoding-invalid', 'the body is not valid UTF-8');
    }
  }
  if (textValue.charCodeAt(0) === 0xfeff) textValue = textValue.slice(1);
  let obj: unknown;
  try {
    obj = JSON.parse(textValue);
  } catch (e) {
    throw new InventoryParseError('json-malformed', (e as Error).message);
  }
  return parseGlpiMessage(obj);
}
