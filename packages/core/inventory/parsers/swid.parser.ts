import { emptyHardware, InventoryParseError, type NormalizedInventory, type NormalizedSoftware } from '../inventory.types.ts';
import { cleanText } from './normalize.ts';
import { descendants, parseXmlTree, type XmlElement } from './xml-tree.ts';

/**
 * ISO/IEC 19770-2 software identification (SWID) tags, the 2015 standard and
 * the 2014 draft (DIS) that still occurs in the field. A tag describes one
 * product; supplemental tags add facts to a primary tag, patch tags record
 * a patch applied to one, corpus tags describe installers (not installed
 * software).
 */

/** Namespaces accepted for `SoftwareIdentity`, by schema name. */
export const SWID_NAMESPACES = {
  '2015': 'http://standards.iso.org/iso/19770/-2/2015/schema.xsd',
  '2014-DIS': 'http://standards.iso.org/iso/19770/-2/2014-DIS/schema.xsd',
} as const;
export type SwidSchema = keyof typeof SWID_NAMESPACES;

const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const SWID_TAG_KINDS = ['primary', 'supplemental', 'patch', 'corpus'] as const;
export type SwidTagKind = (typeof SWID_TAG_KINDS)[number];

/** An organisation named by a tag: `role` is a space-separated list (tagCreator softwareCreator licensor …). */
export interface SwidEntity {
  name: string | null;
  regid: string | null;
  roles: string[];
}

export interface SwidLink {
  rel: string;
  href: string;
}

/** One parsed tag. */
export interface SwidTag {
  kind: SwidTagKind;
  schema: SwidSchema;
  tagId: string;
  /** The tag's own revision (`tagVersion`), null when absent. */
  tagVersion: number | null;
  name: string;
  version: string | null;
  versionScheme: string | null;
  entities: SwidEntity[];
  links: SwidLink[];
  /** Attributes of each `Meta` element (product, colloquialVersion, revision, arch, summary, …). */
  meta: Record<string, string>[];
  /** `Evidence` (non-authoritative tags): when and on which device it was gathered. */
  evidence: { date: string | null; deviceId: string | null } | null;
  /** The file the tag came from, when known; lets links like `./s1.swidtag` resolve. */
  file?: string;
  /** The product as a software item (for supplemental/patch tags: their own facts only). */
  software: NormalizedSoftware;
}

const PUBLISHER_ROLES = ['softwareCreator', 'licensor', 'tagCreator'] as const;

/** Publisher: the softwareCreator entity, else the licensor, else the tagCreator (named ones only). */
export function swidPublisher(entities: readonly SwidEntity[]): string | null {
  for (const role of PUBLISHER_ROLES) {
    const e = entities.find((x) => x.roles.includes(role) && x.name);
    if (e) return e.name;
  }
  return null;
}

function bool(el: XmlElement, attr: string): boolean {
  const v = el.attrs[attr];
  if (v === undefined) return false;
  const t = v.trim();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new InventoryParseError('swid-invalid-attribute', `${attr}="${v}" is not a boolean`);
}

function schemaOf(ns: string | null): SwidSchema | null {
  for (const [k, v] of Object.entries(SWID_NAMESPACES)) if (v === ns) return k as SwidSchema;
  return null;
}

const isSignature = (el: XmlElement) => el.ns === XMLDSIG_NS && el.local === 'Signature';

/**
 * Parses and validates one tag. XML-DSig signatures are skipped (not verified).
 *
 * @throws InventoryParseError `xml-*`, `swid-wrong-root`, `swid-missing-namespace`,
 *   `swid-wrong-namespace`, `swid-missing-name`, `swid-missing-tagid`,
 *   `swid-nested-identity`, `swid-invalid-attribute`, `swid-conflicting-kind`,
 *   `swid-supplemental-without-link`, `swid-supplemental-link-without-flag`
 */
export function parseSwidTag(input: Uint8Array | string, opts: { file?: string } = {}): SwidTag {
  const root = parseXmlTree(input, { maxDepth: 64 });
  const found = `${root.ns ? `{${root.ns}}` : ''}${root.local}`;
  if (root.local !== 'SoftwareIdentity') throw new InventoryParseError('swid-wrong-root', `the root element must be SoftwareIdentity, found ${found}`);
  if (root.ns === null) throw new InventoryParseError('swid-missing-namespace', `SoftwareIdentity has no namespace (expected ${SWID_NAMESPACES['2015']})`);
  const schema = schemaOf(root.ns);
  if (schema === null) throw new InventoryParseError('swid-wrong-namespace', `SoftwareIdentity is in an unknown namespace ${root.ns}`);
  const name = cleanText(root.attrs.name);
  if (name === null) throw new InventoryParseError('swid-missing-name', 'SoftwareIdentity has no name');
  const tagId = cleanText(root.attrs.tagId);
  if (tagId === null) throw new InventoryParseError('swid-missing-tagid', 'SoftwareIdentity has no tagId');
  for (const el of descendants(root, isSignature)) {
    if (el.local === 'SoftwareIdentity') throw new InventoryParseError('swid-nested-identity', `SoftwareIdentity ${tagId} contains another SoftwareIdentity`);
  }

  const flags = (['supplemental', 'patch', 'corpus'] as const).filter((f) => bool(root, f));
  if (flags.length > 1) throw new InventoryParseError('swid-conflicting-kind', `a tag cannot be ${flags.join(' and ')} at once`);
  const kind: SwidTagKind = flags[0] ?? 'primary';

  const own = root.children.filter((c) => c.ns === root.ns);
  const entities: SwidEntity[] = own
    .filter((c) => c.local === 'Entity')
    .map((c) => ({ name: cleanText(c.attrs.name), regid: cleanText(c.attrs.regid), roles: (c.attrs.role ?? '').split(/\s+/).filter(Boolean) }));
  const links: SwidLink[] = [];
  for (const c of own) {
    const rel = cleanText(c.attrs.rel);
    const href = cleanText(c.attrs.href);
    if (c.local === 'Link' && rel !== null && href !== null) links.push({ rel, href });
  }
  const hasSupplementalLink = links.some((l) => l.rel === 'supplemental');
  if (kind === 'supplemental' && !hasSupplementalLink) throw new InventoryParseError('swid-supplemental-without-link', `supplemental tag ${tagId} has no Link rel="supplemental" to the tag it supplements`);
  if (kind !== 'supplemental' && hasSupplementalLink) throw new InventoryParseError('swid-supplemental-link-without-flag', `tag ${tagId} has a Link rel="supplemental" but not supplemental="true"`);

  const meta = own.filter((c) => c.local === 'Meta').map((c) => ({ ...c.attrs }));
  const ev = own.find((c) => c.local === 'Evidence');
  const tagVersion = root.attrs.tagVersion !== undefined && /^\d+$/.test(root.attrs.tagVersion.trim()) ? Number(root.attrs.tagVersion) : null;
  const version = cleanText(root.attrs.version);
  const tag: SwidTag = {
    kind,
    schema,
    tagId,
    tagVersion,
    name,
    version,
    versionScheme: cleanText(root.attrs.versionScheme),
    entities,
    links,
    meta,
    evidence: ev ? { date: cleanText(ev.attrs.date), deviceId: cleanText(ev.attrs.deviceId) } : null,
    software: {
      name,
      version,
      publisher: swidPublisher(entities),
      arch: cleanText(meta.find((m) => m.arch)?.arch),
      installDate: null,
      source: 'swid',
      guid: tagId,
      sizeBytes: null,
      systemCategory: null,
    },
  };
  if (opts.file !== undefined) tag.file = opts.file;
  return tag;
}

/** A primary tag with what supplemental and patch tags said about it. */
export interface SwidProduct {
  primary: SwidTag;
  supplementals: SwidTag[];
  patches: SwidTag[];
  /** The primary's entities, then those the supplementals add. */
  entities: SwidEntity[];
  /** The primary's Meta attributes; supplementals add attributes it lacks. */
  meta: Record<string, string>;
  software: NormalizedSoftware;
}

export interface SwidMergeResult {
  products: SwidProduct[];
  /** Corpus tags: installers, not installed software. */
  corpus: SwidTag[];
  /** Supplemental and patch tags whose target is not among the tags given. */
  unresolved: { tag: SwidTag; reason: string }[];
  /** Older revisions (lower tagVersion) of a tagId given twice. */
  superseded: SwidTag[];
}

const basename = (p: string) => p.replace(/\\/g, '/').split('/').pop() ?? p;

/** Tags a link points to: `swid:TAGID`, `swidpath://…[@name='…']` (simple attribute tests), or a tag file name. */
function linkTargets(href: string, byId: Map<string, SwidTag>, all: readonly SwidTag[]): SwidTag[] {
  if (href.startsWith('swid:')) {
    const t = byId.get(href.slice(5));
    return t ? [t] : [];
  }
  if (href.startsWith('swidpath:')) {
    const tests = [...href.matchAll(/\[@(name|tagId|version)\s*=\s*(['"])(.*?)\2\]/g)];
    if (tests.length === 0 || /\[\s*\w+:/.test(href)) return [];
    return all.filter((t) => tests.every((m) => (m[1] === 'name' ? t.name : m[1] === 'tagId' ? t.tagId : t.version) === m[3]));
  }
  const file = basename(href);
  return all.filter((t) => t.file !== undefined && basename(t.file) === file);
}

/**
 * Applies supplemental and patch tags to the primary tags they reference,
 * following chains (a supplemental of a supplemental) and ignoring cycles.
 * The same tagId given twice keeps the higher tagVersion.
 */
export function mergeSwidTags(tags: readonly SwidTag[]): SwidMergeResult {
  const byId = new Map<string, SwidTag>();
  const superseded: SwidTag[] = [];
  for (const t of tags) {
    const prev = byId.get(t.tagId);
    if (prev && (prev.tagVersion ?? 0) > (t.tagVersion ?? 0)) {
      superseded.push(t);
      continue;
    }
    if (prev) superseded.push(prev);
    byId.set(t.tagId, t);
  }
  const all = [...byId.values()];
  const products = new Map<string, SwidProduct>();
  for (const t of all) {
    if (t.kind !== 'primary') continue;
    products.set(t.tagId, { primary: t, supplementals: [], patches: [], entities: [...t.entities], meta: Object.assign({}, ...t.meta), software: { ...t.software } });
  }

  /**
   * The primary tags a tag ultimately refers to through links of `rel`
   * (then through supplemental/patch chains), with the number of hops.
   */
  const primariesOf = (start: SwidTag, rel: string): Map<SwidProduct, number> => {
    const out = new Map<SwidProduct, number>();
    const seen = new Set<SwidTag>([start]);
    const queue: { tag: SwidTag; rel: string; hops: number }[] = [{ tag: start, rel, hops: 1 }];
    while (queue.length > 0) {
      const { tag, rel: r, hops } = queue.shift()!;
      for (const link of tag.links) {
        if (link.rel !== r) continue;
        for (const target of linkTargets(link.href, byId, all)) {
          if (seen.has(target)) continue;
          seen.add(target);
          const p = target.kind === 'primary' ? products.get(target.tagId) : undefined;
          if (p) {
            if (!out.has(p)) out.set(p, hops);
          } else if (target.kind === 'supplemental') queue.push({ tag: target, rel: 'supplemental', hops: hops + 1 });
          else if (target.kind === 'patch') queue.push({ tag: target, rel: 'patches', hops: hops + 1 });
        }
      }
    }
    return out;
  };

  const corpus: SwidTag[] = [];
  const unresolved: SwidMergeResult['unresolved'] = [];
  const attached: { product: SwidProduct; tag: SwidTag; hops: number }[] = [];
  for (const t of all) {
    if (t.kind === 'corpus') corpus.push(t);
    if (t.kind !== 'supplemental' && t.kind !== 'patch') continue;
    const rel = t.kind === 'supplemental' ? 'supplemental' : 'patches';
    const targets = primariesOf(t, rel);
    if (targets.size === 0) {
      const hrefs = t.links.filter((l) => l.rel === rel).map((l) => l.href);
      unresolved.push({ tag: t, reason: hrefs.length ? `no primary tag found for ${hrefs.join(', ')}` : 'patch tag has no Link rel="patches"' });
      continue;
    }
    for (const [product, hops] of targets) attached.push({ product, tag: t, hops });
  }
  // Nearer tags first: what a tag says directly about a product beats what a supplemental of it says.
  attached.sort((a, b) => a.hops - b.hops);
  for (const { product: p, tag: t } of attached) {
    if (t.kind === 'patch') {
      p.patches.push(t);
      continue;
    }
    p.supplementals.push(t);
    for (const e of t.entities) {
      if (!p.entities.some((x) => x.name === e.name && x.regid === e.regid && x.roles.join(' ') === e.roles.join(' '))) p.entities.push(e);
    }
    for (const m of t.meta) for (const [k, v] of Object.entries(m)) if (!Object.hasOwn(p.meta, k)) p.meta[k] = v;
  }
  for (const p of products.values()) {
    p.software.publisher = swidPublisher(p.entities);
    p.software.arch ??= cleanText(p.meta.arch);
  }
  return { products: [...products.values()], corpus, unresolved, superseded };
}

/**
 * The software of a set of tags as one inventory: one item per primary tag
 * (supplementals applied, patches not listed as products). The list adds to
 * the device's software (`softwareAdditive`), it does not replace it; the
 * device is the Evidence's deviceId when a tag names one.
 */
export function swidTagsToInventory(tags: readonly SwidTag[]): { inventory: NormalizedInventory; merge: SwidMergeResult } {
  const merge = mergeSwidTags(tags);
  const hardware = emptyHardware();
  hardware.hostname = merge.products.map((p) => p.primary.evidence?.deviceId).find((d) => d) ?? null;
  return {
    merge,
    inventory: {
      format: 'swid',
      agent: null,
      tag: null,
      hardware,
      software: merge.products.map((p) => p.software),
      partial: true,
      softwareIncluded: true,
      softwareAdditive: true,
      collectedAt: null,
    },
  };
}
