// A digest of lines of fields (the texts the full recomputation checks its
// results against: fields joined by U+001F, lines by U+001E), computed the
// same way from a stored text and from fields given one by one, so that the
// two are compared without comparing their characters side by side. Plain
// JavaScript: the reading worker (sqlite-read-aside.mjs) digests the stored
// texts on its thread, and only the digests cross over.
//
// Each field is hashed over its characters in two 32-bit lanes (FNV-1a with
// two multipliers); a line mixes its fields' lanes in order; a text is the
// sum of its lines' lanes (a multiset: lines in another order give the same
// digest) and its number of lines. Two texts with other lines agree only if
// both lanes collide, about one chance in 2^64.

const SEED_A = 0x811c9dc5 | 0;
const SEED_B = 0x2b7e1516 | 0;
const MUL_A = 0x01000193;
const MUL_B = 0x5bd1e995;

/** Murmur3's finalizer: every bit of the input reaches every bit of the output. */
function fmix(h) {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The lanes of the small integers' digit strings (counts are mostly small). */
const SMALL = 1024;
const smallA = new Int32Array(SMALL);
const smallB = new Int32Array(SMALL);
for (let n = 0; n < SMALL; n++) {
  const s = String(n);
  let a = SEED_A;
  let b = SEED_B;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, MUL_A);
    b = Math.imul(b ^ c, MUL_B);
  }
  smallA[n] = a;
  smallB[n] = b;
}

/** Lanes of recurring fields by the caller's number for them, shared by digests (`LineDigest.key`). */
export function keyCache() {
  return { known: new Uint8Array(1024), lanes: new Int32Array(2048) };
}

/**
 * Lines given field by field (`field`, `more`, `int`, `key`, `end`, as
 * `LineSink` in compliance.derive.ts) or as a text (`text`), digested.
 * `key(s, id)` is `field(s)` for a text that recurs (a product key, a
 * device id), `id` being the caller's number for it: its lanes are kept in
 * the `cache` (shared between digests, see keyCache) and not computed again.
 */
export class LineDigest {
  /** sums of the lines' lanes, and the number of lines */
  a = 0;
  b = 0;
  lines = 0;
  /** the current line's lanes */
  la = 0;
  lb = 0;
  /** the current field's lanes, while one is open */
  fa = SEED_A;
  fb = SEED_B;
  open = false;

  constructor(cache = null) {
    this.cache = cache;
  }

  close() {
    if (!this.open) return;
    // Kept 32-bit integers (a sum past 2^31 would make the fields doubles).
    this.la = (fmix(this.la ^ this.fa) + 0x6b43a9b5) | 0;
    this.lb = (fmix(this.lb ^ this.fb) + 0x3c6ef372) | 0;
    this.open = false;
  }

  field(s) {
    this.close();
    this.open = true;
    this.fa = SEED_A;
    this.fb = SEED_B;
    this.more(s);
  }

  more(s) {
    let a = this.fa;
    let b = this.fb;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, MUL_A);
      b = Math.imul(b ^ c, MUL_B);
    }
    this.fa = a;
    this.fb = b;
  }

  /** A field that is an integer, as String(n) writes it (its digits hashed without a string). */
  int(n) {
    if (n >= 0 && n < SMALL && Number.isInteger(n)) {
      this.close();
      this.open = true;
      this.fa = smallA[n];
      this.fb = smallB[n];
      return;
    }
    this.field(String(n));
  }

  /** `field(s)` for a text that recurs, `id` (≥ 0) the caller's number for it: its lanes computed once per cache. */
  key(s, id) {
    const c = this.cache;
    if (c === null) return this.field(s);
    if (id >= c.known.length) {
      let n = c.known.length;
      while (n <= id) n *= 2;
      const known = new Uint8Array(n);
      known.set(c.known);
      const lanes = new Int32Array(2 * n);
      lanes.set(c.lanes);
      c.known = known;
      c.lanes = lanes;
    }
    if (c.known[id] === 0) {
      this.field(s);
      c.known[id] = 1;
      c.lanes[2 * id] = this.fa;
      c.lanes[2 * id + 1] = this.fb;
      return;
    }
    this.close();
    this.open = true;
    this.fa = c.lanes[2 * id];
    this.fb = c.lanes[2 * id + 1];
  }

  end() {
    this.close();
    this.a = (this.a + fmix(this.la)) | 0;
    this.b = (this.b + fmix(this.lb ^ 0x9e3779b9)) | 0;
    this.lines++;
    this.la = 0;
    this.lb = 0;
  }

  /** The lines of a text (fields joined by U+001F, lines by U+001E; '' has none). */
  text(t) {
    if (t === '') return;
    let a = SEED_A;
    let b = SEED_B;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x1f || c === 0x1e) {
        this.open = true;
        this.fa = a;
        this.fb = b;
        if (c === 0x1e) this.end();
        else this.close();
        a = SEED_A;
        b = SEED_B;
      } else {
        a = Math.imul(a ^ c, MUL_A);
        b = Math.imul(b ^ c, MUL_B);
      }
    }
    this.open = true;
    this.fa = a;
    this.fb = b;
    this.end();
  }

  /** Whether another digest has the same lines (in any order). */
  equals(o) {
    return this.a === o.a && this.b === o.b && this.lines === o.lines;
  }
}

/** [orgId, a, b, lines] of each row [orgId, text]: what the reading worker sends instead of the texts. */
export function digestTexts(rows) {
  const out = [];
  for (const [orgId, text] of rows) {
    const d = new LineDigest();
    d.text(String(text));
    out.push([String(orgId), d.a, d.b, d.lines]);
  }
  return out;
}
