/**
 * The candidate index of the engine. Each pattern is filed under a few short
 * literal keys, one of which every match of the pattern must contain at a
 * "start" of the name (a letter or digit that follows a non-letter, or any
 * CJK character). A name then looks up the keys at its own starts and tests
 * only the patterns filed there, instead of every pattern of the library.
 *
 * The keys are found by reading the regular expression itself: literal runs
 * outside optional parts, alternatives that each give a key, boundaries
 * (`^`, `\b`, `\s`, punctuation) that make a letter a start.
 *
 * The reader also gives each pattern its longest required literal (a run
 * every match contains, e.g. "microsoft office " of `^microsoft office
 * (?:professional|standard)`): a name without it cannot match, which a
 * substring search tells faster than the regular expression.
 */

export const KEY_MIN = 2;
export const KEY_MAX = 4;

/** ASCII lower-case letter or digit (the names are lower case). */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** CJK and other wide characters: every one of them is a start (no spaces between Chinese words). */
export function isWideCode(c: number): boolean {
  return c >= 0x2e80;
}

/** Calls fn with every key (lengths KEY_MIN..KEY_MAX) found at a start of s. */
export function forEachKey(s: string, fn: (key: string) => void): void {
  const n = s.length;
  let prevWord = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const word = isWordCode(c);
    if ((word && !prevWord) || isWideCode(c)) {
      for (let len = KEY_MIN; len <= KEY_MAX && i + len <= n; len++) fn(s.slice(i, i + len));
    }
    prevWord = word;
  }
}

/** Keys of which every match contains at least one. */
type KeySet = string[];

interface SeqResult {
  candidates: KeySet[];
  boundedOut: boolean;
  /** literal runs every match of the sequence contains (top level only) */
  runs: string[];
}

interface AltResult {
  keys: KeySet | null;
  boundedOut: boolean;
}

const QUANT_BRACE = /^\{(\d+)(?:,(\d*))?\}/;

/** Reads one pattern; `choose` picks among the candidate key sets of a sequence. */
class PatternReader {
  private i = 0;
  constructor(
    private readonly src: string,
    private readonly choose: (c: KeySet[]) => KeySet,
  ) {}

  /** The longest literal every match contains (lower case, at least 3 characters), once `read` has run. */
  required: string | null = null;

  read(): KeySet | null {
    const r = this.alternation(false, true);
    return r.keys;
  }

  /** The minimum count of a quantifier at the cursor (consumed), or null when there is none. */
  private quantifier(): number | null {
    const s = this.src;
    const c = s[this.i];
    let min: number | null = null;
    if (c === '?' || c === '*') {
      min = 0;
      this.i++;
    } else if (c === '+') {
      min = 1;
      this.i++;
    } else if (c === '{') {
      const m = QUANT_BRACE.exec(s.slice(this.i));
      if (m) {
        min = Number(m[1]);
        this.i += m[0].length;
      }
    }
    if (min !== null && s[this.i] === '?') this.i++;
    return min;
  }

  private alternation(boundedIn: boolean, top = false): AltResult {
    const alts: SeqResult[] = [];
    for (;;) {
      alts.push(this.sequence(boundedIn, top));
      if (this.src[this.i] === '|') {
        this.i++;
        continue;
      }
      break;
    }
    const boundedOut = alts.every((a) => a.boundedOut);
    // Runs of the top level are required only when it has no alternatives.
    if (top && alts.length === 1) for (const run of alts[0]!.runs) if (run.length >= 3 && run.length > (this.required?.length ?? 0)) this.required = run;
    if (alts.some((a) => a.candidates.length === 0)) return { keys: null, boundedOut };
    const keys = [...new Set(alts.flatMap((a) => this.choose(a.candidates)))];
    return { keys, boundedOut };
  }

  private sequence(boundedIn: boolean, top: boolean): SeqResult {
    const s = this.src;
    const candidates: KeySet[] = [];
    const runs: string[] = [];
    let bounded = boundedIn;
    let run = '';
    let starts: number[] = [];
    /** the run holds only characters a case-insensitive match cannot spell otherwise (ASCII, or without case) */
    let exact = true;
    const flush = () => {
      for (const st of starts) {
        const key = run.slice(st, st + KEY_MAX);
        if (key.length >= KEY_MIN) candidates.push([key]);
      }
      if (top && exact && run) runs.push(run);
      run = '';
      starts = [];
      exact = true;
    };
    const literal = (ch: string) => {
      const before = bounded;
      const lower = ch.toLowerCase();
      if (ch.charCodeAt(0) >= 128 && (lower !== ch || ch.toUpperCase() !== ch)) exact = false;
      const code = lower.charCodeAt(0);
      const word = isWordCode(code);
      const isStart = (word && bounded) || isWideCode(code);
      if (isStart) starts.push(run.length);
      run += lower;
      bounded = !word;
      const min = this.quantifier();
      if (min === null) return;
      if (min === 0) {
        run = run.slice(0, -1);
        if (isStart) starts.pop();
        flush();
        bounded = word ? false : before;
      } else {
        flush();
        bounded = !word;
      }
    };
    /** A non-literal element that matches one character of a class. */
    const element = (nonWord: boolean) => {
      const before = bounded;
      flush();
      const min = this.quantifier();
      bounded = nonWord ? (min === 0 ? before : true) : false;
    };

    while (this.i < s.length) {
      const c = s[this.i]!;
      if (c === '|' || c === ')') break;
      if (c === '\\') {
        const e = s[this.i + 1] ?? '';
        this.i += 2;
        if (e === 'b') {
          bounded = true;
        } else if (e === 'B') {
          bounded = false;
        } else if (e === 's' || e === 'W' || e === 'n' || e === 't' || e === 'r' || e === 'f' || e === 'v') {
          element(true);
        } else if (e === 'd' || e === 'w' || e === 'S' || e === 'D' || /[0-9]/.test(e)) {
          element(false);
        } else if (e === 'u') {
          this.i += s[this.i] === '{' ? s.indexOf('}', this.i) - this.i + 1 : 4;
          element(false);
        } else if (e === 'x') {
          this.i += 2;
          element(false);
        } else if (e === 'c') {
          this.i += 1;
          element(false);
        } else if (e === 'p' || e === 'P' || e === 'k') {
          if (s[this.i] === '{' || s[this.i] === '<') this.i = s.indexOf(s[this.i] === '{' ? '}' : '>', this.i) + 1;
          element(false);
        } else {
          literal(e);
        }
        continue;
      }
      if (c === '[') {
        const start = this.i;
        this.i++;
        const negated = s[this.i] === '^';
        if (negated) this.i++;
        if (s[this.i] === ']') this.i++;
        while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
        this.i++;
        const body = s.slice(start + 1 + (negated ? 1 : 0), this.i - 1);
        const wordy = negated || /[a-zA-Z0-9]/.test(body.replace(/\\[sntrfvW\-.()\[\]\\/+*?{}|^$]/g, ''));
        element(!wordy);
        continue;
      }
      if (c === '.') {
        this.i++;
        element(false);
        continue;
      }
      if (c === '^' || c === '$') {
        this.i++;
        flush();
        bounded = true;
        continue;
      }
      if (c === '(') {
        flush();
        this.i++;
        let look = false;
        if (s[this.i] === '?') {
          const k = s[this.i + 1];
          if (k === ':') this.i += 2;
          else if (k === '=' || k === '!') {
            this.i += 2;
            look = true;
          } else if (k === '<' && (s[this.i + 2] === '=' || s[this.i + 2] === '!')) {
            this.i += 3;
            look = true;
          } else if (k === '<') this.i = s.indexOf('>', this.i) + 1;
        }
        const before = bounded;
        const inner = this.alternation(bounded);
        if (s[this.i] === ')') this.i++;
        const min = this.quantifier();
        if (look) {
          bounded = before;
        } else if (min === 0) {
          bounded = before && inner.boundedOut;
        } else {
          if (inner.keys) candidates.push(inner.keys);
          bounded = inner.boundedOut;
        }
        continue;
      }
      if (c === '{' && QUANT_BRACE.test(s.slice(this.i))) {
        // A quantifier without an element: nothing to learn from it.
        this.quantifier();
        continue;
      }
      this.i++;
      literal(c);
    }
    flush();
    return { candidates, boundedOut: bounded, runs };
  }
}

/**
 * Builds the index: pattern number → its keys. Patterns without a usable
 * key are returned in `scan` (tested against every name; keep it short).
 * `required` gives each pattern's longest required literal, or null.
 */
export function indexPatterns(patterns: readonly string[]): { byKey: Map<string, number[]>; scan: number[]; required: (string | null)[] } {
  // Pass 1: how many patterns offer each key, so that pass 2 prefers rare keys.
  const freq = new Map<string, number>();
  for (const p of patterns) {
    const seen = new Set<string>();
    new PatternReader(p, (c) => {
      for (const set of c) for (const k of set) seen.add(k);
      return c[0]!;
    }).read();
    for (const k of seen) freq.set(k, (freq.get(k) ?? 0) + 1);
  }
  const cost = (set: KeySet) => set.reduce((n, k) => n + (freq.get(k) ?? 1) * 8 - k.length, 0);
  const choose = (c: KeySet[]) => c.reduce((best, x) => (cost(x) < cost(best) ? x : best));
  const byKey = new Map<string, number[]>();
  const scan: number[] = [];
  const required: (string | null)[] = [];
  patterns.forEach((p, n) => {
    const reader = new PatternReader(p, choose);
    const keys = reader.read();
    required.push(reader.required);
    if (!keys || keys.length === 0) {
      scan.push(n);
      return;
    }
    for (const k of keys) {
      const list = byKey.get(k);
      if (list) list.push(n);
      else byKey.set(k, [n]);
    }
  });
  return { byKey, scan, required };
}

/**
 * The keys as a trie in typed arrays, for the walk the engine does at every
 * start of a name: node 0 is the root, and the child of (node, character
 * code) is found in an open-addressed hash table. No Map lookups, nothing
 * allocated per name.
 */
export class KeyTrie {
  /** patterns whose key ends at each node (null: none) */
  private readonly patterns: (readonly number[] | null)[] = [null];
  private readonly slotNode: Int32Array;
  private readonly slotCode: Int32Array;
  private readonly slotChild: Int32Array;
  private readonly mask: number;

  constructor(byKey: ReadonlyMap<string, number[]>) {
    const edges: [node: number, code: number, child: number][] = [];
    const children = new Map<string, number>();
    for (const [key, list] of byKey) {
      let node = 0;
      for (let i = 0; i < key.length; i++) {
        const code = key.charCodeAt(i);
        const id = `${node}:${code}`;
        let child = children.get(id);
        if (child === undefined) {
          child = this.patterns.length;
          this.patterns.push(null);
          children.set(id, child);
          edges.push([node, code, child]);
        }
        node = child;
      }
      this.patterns[node] = list;
    }
    let size = 16;
    while (size < edges.length * 2) size *= 2;
    this.mask = size - 1;
    this.slotNode = new Int32Array(size).fill(-1);
    this.slotCode = new Int32Array(size);
    this.slotChild = new Int32Array(size);
    for (const [node, code, child] of edges) {
      let h = this.slot(node, code);
      while (this.slotNode[h] !== -1) h = (h + 1) & this.mask;
      this.slotNode[h] = node;
      this.slotCode[h] = code;
      this.slotChild[h] = child;
    }
  }

  private slot(node: number, code: number): number {
    return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & this.mask;
  }

  /** The child of a node by character code, or -1. */
  child(node: number, code: number): number {
    for (let h = this.slot(node, code); ; h = (h + 1) & this.mask) {
      const n = this.slotNode[h]!;
      if (n === node && this.slotCode[h] === code) return this.slotChild[h]!;
      if (n === -1) return -1;
    }
  }

  /** The patterns whose key ends at a node. */
  patternsAt(node: number): readonly number[] | null {
    return this.patterns[node] ?? null;
  }
}
