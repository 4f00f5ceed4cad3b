import type { VersionRange } from './licensing.types.ts';

/**
 * Version comparison for licence ranges. Majors compare numeric-aware
 * (9.0 < 16.0 = 16); when the majors are equal and both sides name a
 * marketing release, the release decides (Office 16.0/2016 < 16.0/2019 <
 * 16.0/2021). A side without a release compares equal to any release of
 * the same major: the release refines, it never contradicts the major.
 */

type Token = number | string;

// Version labels repeat across millions of installs: tokenize each once.
// A bounded memo, cleared when full, keeps the functions pure to callers.
const memo = new Map<string, Token[]>();
const MEMO_MAX = 20_000;

/** Digit runs as numbers, letter runs lower-cased; everything else separates. */
function tokenize(label: string): Token[] {
  const hit = memo.get(label);
  if (hit) return hit;
  const out: Token[] = [];
  for (const m of label.toLowerCase().matchAll(/\d+|[a-z]+/g)) out.push(/^\d/.test(m[0]) ? Number(m[0]) : m[0]);
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(label, out);
  return out;
}

/** -1, 0 or 1 like a comparator. */
function sign(n: number): -1 | 0 | 1 {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Compares two version or release labels numeric-aware: `16.0` = `16`,
 * `9.0` < `16.0`, `2016` < `2019`. Numbers sort before words at the same
 * position; a longer label is greater unless the rest is zeros.
 */
export function compareLabels(a: string, b: string): -1 | 0 | 1 {
  const x = tokenize(a);
  const y = tokenize(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i] ?? 0;
    const q = y[i] ?? 0;
    if (typeof p === 'number' && typeof q === 'number') {
      if (p !== q) return sign(p - q);
    } else if (typeof p === 'number') {
      return -1;
    } else if (typeof q === 'number') {
      return 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}

/** A point on the version line: major, refined by release. */
export interface VersionPoint {
  major: string;
  release: string | null;
}

/** Compares two points: by major, then by release when both have one. */
export function comparePoints(a: VersionPoint, b: VersionPoint): -1 | 0 | 1 {
  const c = compareLabels(a.major, b.major);
  if (c !== 0 || a.release === null || b.release === null) return c;
  return compareLabels(a.release, b.release);
}

/** The bounds of a range as points (null: open). */
export function rangeBounds(r: VersionRange): { lower: VersionPoint | null; upper: VersionPoint | null } {
  return {
    lower: r.min ? { major: r.min, release: r.minRelease ?? null } : null,
    upper: r.max ? { major: r.max, release: r.maxRelease ?? null } : null,
  };
}

/**
 * Whether an install's version is covered: inside the range, below it with
 * downgrade rights, above it with active upgrade rights. An install of
 * unknown version is covered only when every version is (the range cannot
 * be checked, and compliance must not be assumed).
 */
export function versionCovered(
  install: { majorRelease: string | null; release: string | null },
  bounds: { lower: VersionPoint | null; upper: VersionPoint | null },
  rights: { downgrade: boolean; upgrade: boolean },
): boolean {
  const lowerOpen = bounds.lower === null || rights.downgrade;
  const upperOpen = bounds.upper === null || rights.upgrade;
  if (lowerOpen && upperOpen) return true;
  if (install.majorRelease === null) return false;
  const point: VersionPoint = { major: install.majorRelease, release: install.release };
  if (!lowerOpen && comparePoints(point, bounds.lower!) < 0) return false;
  if (!upperOpen && comparePoints(point, bounds.upper!) > 0) return false;
  return true;
}
