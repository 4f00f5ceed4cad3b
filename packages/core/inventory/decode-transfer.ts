import type { AgentMessage } from './agent-protocol.ts';
import { builtByDedupe } from './inventory.rules.ts';

/**
 * How a decoded agent message travels from a decode worker to the main
 * thread (see decode-pool.ts): as JSON text, with the software list, when
 * every item has the keyed shape dedupeSoftware builds, sent as columns.
 *
 * Why: the main thread is the database thread, and JSON.parse of ~900
 * objects with ten named fields each costs it twice what parsing ten
 * arrays and building the objects with one literal does. Low-variety
 * columns (publisher, architecture, date, source, category) go as a table
 * of distinct values plus indexes, so a value met 900 times is parsed once.
 * Anything else (another shape, a value JSON would drop) goes as plain JSON.
 */

/** The fields of a keyed software item, in the order dedupeSoftware writes them. */
const FIELDS = ['name', 'version', 'publisher', 'arch', 'installDate', 'source', 'guid', 'sizeBytes', 'systemCategory', 'key'] as const;
/** Columns sent as their values (few repeats). */
const PLAIN = ['name', 'version', 'guid', 'sizeBytes', 'key'] as const;
/** Columns sent as a table of distinct values and an index per item. */
const INDEXED = ['publisher', 'arch', 'installDate', 'source', 'systemCategory'] as const;

type Item = Record<(typeof FIELDS)[number], unknown>;

type Column = unknown[];
type Indexed = [values: unknown[], index: number[]];

/** The software list as columns: PLAIN's in order, then INDEXED's. */
interface Columns {
  plain: [Column, Column, Column, Column, Column];
  indexed: [Indexed, Indexed, Indexed, Indexed, Indexed];
}

/** True when every item has exactly FIELDS, in order, none undefined (so the columns carry it exactly). */
function columnable(list: readonly object[]): list is Item[] {
  // A list dedupeSoftware built has the fields in order: only undefined values are left to look for (a for-in per item cost more).
  if (builtByDedupe(list)) {
    for (const s of list as Item[]) {
      if (s.name === undefined || s.version === undefined || s.publisher === undefined || s.arch === undefined || s.installDate === undefined) return false;
      if (s.source === undefined || s.guid === undefined || s.sizeBytes === undefined || s.systemCategory === undefined || s.key === undefined) return false;
    }
    return true;
  }
  for (const s of list) {
    let j = 0;
    for (const k in s) {
      if (k !== FIELDS[j] || (s as Item)[k as (typeof FIELDS)[number]] === undefined) return false;
      j++;
    }
    if (j !== FIELDS.length) return false;
  }
  return true;
}

/** The distinct values of one low-variety column and each item's index into them. */
class IndexedColumn {
  readonly values: unknown[] = [];
  readonly index: number[] = [];
  private readonly ids = new Map<unknown, number>();
  private last: unknown = undefined;
  private lastId = -1;

  add(v: unknown): void {
    // Items of one source come in runs (same architecture, same date): skip the Map for a repeat.
    if (v !== this.last || this.lastId < 0) {
      let id = this.ids.get(v);
      if (id === undefined) {
        id = this.values.length;
        this.values.push(v);
        this.ids.set(v, id);
      }
      this.last = v;
      this.lastId = id;
    }
    this.index.push(this.lastId);
  }
}

function toColumns(list: Item[]): Columns {
  const n = list.length;
  const plain = PLAIN.map(() => new Array<unknown>(n)) as Columns['plain'];
  const [name, version, guid, sizeBytes, key] = plain;
  const indexed = INDEXED.map(() => new IndexedColumn()) as [IndexedColumn, IndexedColumn, IndexedColumn, IndexedColumn, IndexedColumn];
  const [publisher, arch, installDate, source, systemCategory] = indexed;
  for (let i = 0; i < n; i++) {
    const s = list[i]!;
    name[i] = s.name;
    version[i] = s.version;
    guid[i] = s.guid;
    sizeBytes[i] = s.sizeBytes;
    key[i] = s.key;
    publisher.add(s.publisher);
    arch.add(s.arch);
    installDate.add(s.installDate);
    source.add(s.source);
    systemCategory.add(s.systemCategory);
  }
  return { plain, indexed: indexed.map((c): Indexed => [c.values, c.index]) as Columns['indexed'] };
}

function fromColumns({ plain, indexed }: Columns): Item[] {
  const [name, version, guid, sizeBytes, key] = plain;
  const [[pv, pi], [av, ai], [dv, di], [sv, si], [cv, ci]] = indexed;
  const n = name.length;
  const out = new Array<Item>(n);
  for (let i = 0; i < n; i++) {
    // One literal in FIELDS order: the same objects, keys in the same order, as dedupeSoftware's.
    out[i] = {
      name: name[i],
      version: version[i],
      publisher: pv[pi[i]!],
      arch: av[ai[i]!],
      installDate: dv[di[i]!],
      source: sv[si[i]!],
      guid: guid[i],
      sizeBytes: sizeBytes[i],
      systemCategory: cv[ci[i]!],
      key: key[i],
    };
  }
  return out;
}

/** The text a worker posts for a decoded message; `decodeMessage` turns it back into an equal message. */
export function encodeMessage(msg: AgentMessage): string {
  if (msg.kind !== 'inventory' || msg.inventory.software.length === 0 || !columnable(msg.inventory.software)) return JSON.stringify(msg);
  // The list's place is kept (a 0) so the revived inventory has its keys in the same order.
  return JSON.stringify({ m: { ...msg, inventory: { ...msg.inventory, software: 0 } }, c: toColumns(msg.inventory.software) });
}

/** The message `encodeMessage` wrote. */
export function decodeMessage(text: string): AgentMessage {
  const o = JSON.parse(text) as AgentMessage | { m: AgentMessage & { kind: 'inventory' }; c: Columns };
  if ('kind' in o) return o;
  (o.m.inventory as { software: unknown }).software = fromColumns(o.c);
  return o.m;
}
