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

  read(): KeySet | null {
    const r = this.alternation(false);
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

  private alternation(boundedIn: boolean): AltResult {
    const alts: SeqResult[] = [];
    for (;;) {
      alts.push(this.sequence(boundedIn));
      if (this.src[this.i] === '|') {
        this.i++;
        continue;
      }
      break;
    }
    const boundedOut = alts.every((a) => a.boundedOut);
    if (alts.some((a) => a.candidates.length === 0)) return { keys: null, boundedOut };
    const keys = [...new Set(alts.flatMap((a) => this.choose(a.candidates)))];
    return { keys, boundedOut };
  }

  private sequence(boundedIn: boolean): SeqResult {
    const s = this.src;
    const candidates: KeySet[] = [];
    let bounded = boundedIn;
    let run = '';
    let starts: number[] = [];
    const flush = () => {
      for (const st of starts) {
        const key = run.slice(st, st + KEY_MAX);
        if (key.length >= KEY_MIN) candidates.push([key]);
      }
      run = '';
      starts = [];
    };
    const literal = (ch: string) => {
      const before = bounded;
      const lower = ch.toLowerCase();
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
    return { candidates, boundedOut: bounded };
  }
}

/**
 * Builds the index: pattern number → its keys. Patterns without a usable
 * key are returned in `scan` (tested against every name; keep it short).
 */
export function indexPatterns(patterns: readonly string[]): { byKey: Map<string, number[]>; scan: number[] } {
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
  patterns.forEach((p, n) => {
    const keys = new PatternReader(p, choose).read();
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
  return { byKey, scan };
}
