/**
 * The recognizer's memo by raw input (display name, version, publisher,
 * source), built for the repeated rows of an inventory. Rows parsed from
 * input carry fresh strings whose hash V8 has not computed yet, so a Map
 * keyed on them would hash every looked-up string in the engine (the name,
 * and the version in a nested Map). Here one hash over name and version is
 * computed in JavaScript, the slot is found by open addressing over an
 * Int32Array of hashes (0: an empty slot), so that a probe reads nothing
 * else until the hash matches (no key is read for a slot of another input,
 * nor for a miss), and the four fields, kept side by side in one array (no
 * entry object to reach first), are compared by `===` (a content
 * comparison, no hashing). Keys are kept as given: pass strings that are
 * one piece of their own (see ownCopy in recognition.rules.ts) where it
 * matters.
 */

/** Slots of an empty memo (a power of two; the table doubles at half full). */
const SLOTS_MIN = 4096;
/** Array elements per slot: display name, version, publisher, source, value. */
const WIDTH = 5;

/**
 * The memo's hash of a display name and version: FNV-1a over both, then a
 * final mix so that the low bits, which pick the slot, depend on every
 * character. Every character counts: names that differ only in the middle
 * (printer models, update numbers) must not share a slot.
 */
export function memoHash(displayName: string, version: string): number {
  return finishHash(nameHash(displayName), version);
}

/** memoHash in two steps, for a name looked up with several versions: the state after the name… */
export function nameHash(displayName: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < displayName.length; i++) h = Math.imul(h ^ displayName.charCodeAt(i), 0x01000193);
  return h;
}

/** …and the hash of that name with a version. */
export function finishHash(state: number, version: string): number {
  let h = Math.imul(state ^ 0x1f, 0x01000193);
  for (let i = 0; i < version.length; i++) h = Math.imul(h ^ version.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  // Never 0: 0 marks an empty slot.
  return h ^ (h >>> 13) || 1;
}

/** Values by raw input, open addressing with linear probing. */
export class InputMemo<T> {
  private hashes = new Int32Array(SLOTS_MIN);
  /** per slot: display name, version, publisher, source, value (read only where `hashes` holds a hash) */
  private slots: unknown[] = new Array<unknown>(SLOTS_MIN * WIDTH).fill(null);
  private count = 0;

  /** Memoised inputs. */
  get size(): number {
    return this.count;
  }

  /** The value of an input (`hash` is its memoHash, never 0), or undefined. */
  get(hash: number, displayName: string, version: string, publisher: string | null, source: string | null): T | undefined {
    const hashes = this.hashes;
    const slots = this.slots;
    const mask = hashes.length - 1;
    for (let k = hash & mask; ; k = (k + 1) & mask) {
      const h = hashes[k];
      if (h === 0) return undefined;
      if (h === hash) {
        const at = k * WIDTH;
        if (slots[at] === displayName && slots[at + 1] === version && slots[at + 2] === publisher && slots[at + 3] === source) return slots[at + 4] as T;
      }
    }
  }

  /** Files the value of an input that `get` did not find. */
  add(hash: number, displayName: string, version: string, publisher: string | null, source: string | null, value: T): void {
    if ((this.count + 1) * 2 > this.hashes.length) this.grow();
    this.place(this.hashes, this.slots, hash, displayName, version, publisher, source, value);
    this.count++;
  }

  /**
   * Empties the memo and keeps its table (as a hash table's clear keeps its
   * buckets): a memo emptied when full fills again at the same pace, without
   * doubling its way back up; the values go, the table's room stays.
   */
  clear(): void {
    if (this.count === 0) return;
    this.hashes.fill(0);
    this.slots.fill(null);
    this.count = 0;
  }

  private place(hashes: Int32Array, slots: unknown[], hash: number, displayName: unknown, version: unknown, publisher: unknown, source: unknown, value: unknown): void {
    const mask = hashes.length - 1;
    let k = hash & mask;
    while (hashes[k] !== 0) k = (k + 1) & mask;
    const at = k * WIDTH;
    hashes[k] = hash;
    slots[at] = displayName;
    slots[at + 1] = version;
    slots[at + 2] = publisher;
    slots[at + 3] = source;
    slots[at + 4] = value;
  }

  private grow(): void {
    const old = this.slots;
    const oldHashes = this.hashes;
    const hashes = new Int32Array(oldHashes.length * 2);
    const slots = new Array<unknown>(hashes.length * WIDTH).fill(null);
    for (let k = 0; k < oldHashes.length; k++) {
      const at = k * WIDTH;
      if (oldHashes[k] !== 0) this.place(hashes, slots, oldHashes[k]!, old[at], old[at + 1], old[at + 2], old[at + 3], old[at + 4]);
    }
    this.hashes = hashes;
    this.slots = slots;
  }
}
