import type { InstallSource } from '../../contracts/index.ts';

/**
 * Normalisation of raw names before matching: Unicode compatibility forms
 * (full-width → half-width), lower case, trademark signs, and the
 * architecture, language and version decorations that installers append.
 * Pure functions; they run once per distinct name, so they avoid needless
 * regular-expression passes.
 */

const ARCH = String.raw`(?:x64|x86|x86[_-]64|amd64|arm64|aarch64|ia64|win64|win32|i[3-6]86|64[- ]?bits?|32[- ]?bits?|64 ?位|32 ?位)`;
const LOCALE = String.raw`(?:zh|en|ja|ko|de|fr|es|ru|it|pt|nl|pl|tr|ar|he|sv|da|fi|nb|cs|hu|el|th|uk|ro|sk|sl|hr|bg|et|lv|lt|sr|kk|id|ms|vi)[-_](?:[a-z]{2}|hans|hant)`;
const LANGUAGE = String.raw`(?:${LOCALE}|chinese[ -]?\(?(?:simplified|traditional|prc|taiwan)\)?|(?:simplified|traditional) chinese|english(?: \(united states\))?|简体中文|繁體中文|繁体中文|中文[ (（]?(?:简体|繁体|繁體)[)）]?|中文|英文|chs|cht|enu)`;

/** Tokens a parenthesised group may consist of to be dropped as decoration. */
const DECORATION_TOKEN = new RegExp(String.raw`^(?:${ARCH}|${LOCALE}|chinese|english|simplified|traditional|prc|简体中文|繁體中文|繁体中文|中文|简体|繁体|英文|chs|cht|enu|edition|版|bit|位|v?\d+(?:\.\d+)+[a-z0-9.+-]*|build|\d{4,})$`);
const VERSION_TOKEN = /^v?(\d+(?:\.\d+)+)/;
const PARENS = /\(([^()]*)\)/g;
const TRADEMARKS = /\((?:r|tm|c)\)|[®™©]/gi;
const TRAILING = new RegExp(String.raw`(?:(?:^|[\s,(/-])(?:${ARCH}(?:\s+edition)?|${LANGUAGE}|edition|版本?)\)?)+[\s,;:/\-–—]*$`);
const SPACES = /\s+/g;
/** what `replace(SPACES, ' ').trim()` changes: white space other than one plain space between words */
const UNEVEN_SPACES = /[^\S ]|  |^ | $/;
const EDGES = /^[\s,;:/\-–—_.]+|[\s,;:/\-–—_]+$/g;
const NAME_VERSION = /(?:^|[\s(v_-])(\d+(?:\.\d+){1,4})(?=$|[\s),_-])/;
const TRAILING_VERSION = /(?:[\s_-]+(?:v|ver\.?|version|版本)?\s*\d+(?:[.\-_]\d+)*[a-z]?)+$/;

/** A raw name after normalisation. */
export interface NormalizedName {
  /** lower case, half-width, decorations removed: what patterns are tested on */
  norm: string;
  /** the same in the original letter case (for products named after the raw name) */
  display: string;
  /** the name without trailing version numbers (grouping of unknown names) */
  readonly base: string;
  /** a dotted version found in the name, if any */
  readonly nameVersion: string | null;
}

/** A NormalizedName whose base and name version are worked out only when asked for (most names never need them). */
class LazyName implements NormalizedName {
  private baseValue: string | undefined;
  constructor(
    readonly norm: string,
    readonly display: string,
    private parenVersion: string | null | undefined,
  ) {}

  get base(): string {
    if (this.baseValue === undefined) this.baseValue = this.display.replace(TRAILING_VERSION, '').replace(EDGES, '') || this.display;
    return this.baseValue;
  }

  get nameVersion(): string | null {
    if (this.parenVersion === undefined) {
      const v = NAME_VERSION.exec(this.norm);
      this.parenVersion = v ? v[1]! : null;
    }
    return this.parenVersion;
  }
}

/** Full-width → half-width and compatibility forms, only when the text has any non-ASCII character. */
export function toHalfWidth(s: string): string {
  return ASCII.test(s) ? s : s.normalize('NFKC');
}

const ASCII = /^[\x00-\x7e]*$/;

/** Normalises a display name (see NormalizedName). */
export function normalizeName(raw: string): NormalizedName {
  // Trademark signs go before NFKC (which would turn ™ into "TM"); "(R)" written out goes too.
  let s = raw;
  if (raw.includes('(') || !ASCII.test(raw)) {
    const half = toHalfWidth(raw.replace(TRADEMARKS, ''));
    // A second pass finds what removing a sign or NFKC made ("((r)r)", "™" → "TM"): nothing when neither changed the text.
    s = half === raw ? raw : half.replace(TRADEMARKS, '');
  }
  if (s.endsWith('.app')) s = s.slice(0, -4);
  let nameVersion: string | null = null;
  // Parenthesised decorations: "(x64 zh-CN)", "(64-bit)", "(11.1.0.11365)", nested "(Chinese (Simplified))".
  for (let pass = 0; pass < 3 && s.includes('('); pass++) {
    const next = s.replace(PARENS, (m, inner: string) => {
      const tokens = inner.toLowerCase().split(/[\s,;/]+/).filter(Boolean);
      if (tokens.length === 0) return ' ';
      for (const t of tokens) if (!DECORATION_TOKEN.test(t)) return m;
      if (nameVersion === null) for (const t of tokens) {
        const v = VERSION_TOKEN.exec(t);
        if (v) {
          nameVersion = v[1]!;
          break;
        }
      }
      return ' ';
    });
    if (next === s) break;
    s = next;
  }
  if (UNEVEN_SPACES.test(s)) s = s.replace(SPACES, ' ').trim();
  // Trailing " - zh-cn", " - 简体中文", " 64-bit Edition", "x64"; repeated until stable.
  // Only the tail can hold them: testing 48 characters keeps this linear in practice.
  for (let pass = 0; pass < 3; pass++) {
    const from = Math.max(0, s.length - 48);
    const m = TRAILING.exec(s.slice(from).toLowerCase());
    if (!m || m.index + from === 0) break;
    // The slice's start is not a word boundary of the name.
    if (m.index === 0 && from > 0 && !/[\s,(/-]/.test(s[from - 1]!)) break;
    s = s.slice(0, m.index + from);
  }
  if (s.length && (isLeadingEdge(s.charCodeAt(0)) || isTrailingEdge(s.charCodeAt(s.length - 1)))) s = s.replace(EDGES, '');
  return new LazyName(s.toLowerCase(), s, nameVersion ?? undefined);
}

/** A character `\s` matches (white space and line terminators, as `trim` removes them). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Characters EDGES removes at the start of a name… */
function isLeadingEdge(c: number): boolean {
  return c === 46 || isTrailingEdge(c);
}

/** …and at its end (`[\s,;:/\-–—_]`). */
function isTrailingEdge(c: number): boolean {
  return c === 44 || c === 59 || c === 58 || c === 47 || c === 45 || c === 0x2013 || c === 0x2014 || c === 95 || isSpace(c);
}

/** A package name and version parsed from a dpkg / rpm style name. */
export interface PackageName {
  /** lower case, for matching */
  name: string;
  /** as given */
  display: string;
  version: string | null;
  source: InstallSource;
}

const DPKG = /^([a-z0-9][a-z0-9+.-]+)(?::[a-z0-9]+)?\s+(\d+:)?(\d[\w.+~:-]*)$/;
const RPM_ARCH = /\.(?:x86_64|noarch|i[3-6]86|aarch64|ppc64le|s390x|armv7hl|src|loongarch64|mips64el|sw_64)$/;
const RPM = /^(.+?)-(\d[\w.+~^]*)-([\w.+~^]*)$/;

/**
 * Recognises package-manager names: `libreoffice-writer 1:7.4.7-1` (dpkg,
 * with the version appended) and `libreoffice-writer-7.1.8.1-12.el9.x86_64`
 * (rpm NEVRA). With a declared source the name is read as that source;
 * without one only unambiguous shapes are taken (an epoch or a Debian
 * revision, an RPM architecture suffix). When the row has its own version
 * (`hasVersion`), a dpkg / rpm name is taken as the bare package name.
 */
export function parsePackageName(displayName: string, source: InstallSource | null | undefined, hasVersion = false): PackageName | null {
  const s = displayName.trim();
  if (source && source !== 'dpkg' && source !== 'rpm') return null;
  // dpkg-query / rpm -qa with a separate version column: the name is the package name as is
  // (java-1.8.0-openjdk is a name, not name-version-release).
  if (source && hasVersion && !/\s/.test(s)) return { name: s.toLowerCase(), display: s, version: null, source };
  if (source !== 'rpm') {
    const m = DPKG.exec(s);
    if (m && (source === 'dpkg' || m[2] || /-[\w.+~]+$/.test(m[3]!))) return { name: m[1]!.toLowerCase(), display: m[1]!, version: (m[2] ?? '') + m[3]!, source: 'dpkg' };
    if (source === 'dpkg') return /\s/.test(s) ? null : { name: s.toLowerCase(), display: s, version: null, source: 'dpkg' };
  }
  // (a dpkg source has returned above)
  const hasArch = RPM_ARCH.test(s);
  const m = RPM.exec(s.replace(RPM_ARCH, ''));
  if (m && !/\s/.test(s) && (source === 'rpm' || hasArch)) return { name: m[1]!.toLowerCase(), display: m[1]!, version: `${m[2]}-${m[3]}`, source: 'rpm' };
  if (source === 'rpm') return /\s/.test(s) ? null : { name: s.toLowerCase(), display: s, version: null, source: 'rpm' };
  return null;
}

/** Digits in groups separated by single dots (`/^\d+(?:\.\d+)*$/`, most versions as agents report them), without a regular expression. */
function isPlainVersion(s: string): boolean {
  let afterDigit = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) afterDigit = true;
    else if (c === 46 && afterDigit) afterDigit = false;
    else return false;
  }
  return afterDigit;
}

/**
 * The numeric dotted part of a version: `1:7.4.7-1` → `7.4.7` for packages
 * (epoch and revision dropped), `v2.1` → `2.1`; null when there is no number.
 */
export function normalizeVersion(raw: string | null | undefined, packaged = false): string | null {
  if (!raw) return null;
  if (isPlainVersion(raw)) return raw.length > 60 ? raw.slice(0, 60) : raw;
  // Java's 1.8.0_381 is build 381 of 1.8.0.
  let v = toHalfWidth(raw).trim().replace(/(\d)_(\d)/g, '$1.$2');
  if (packaged) v = v.replace(/^\d+:/, '').replace(/-[^-]*$/, '');
  const m = /^\s*v?(\d+(?:\.\d+)*)/i.exec(v) ?? /(\d+(?:\.\d+)+)/.exec(v);
  return m ? m[1]!.slice(0, 60) : null;
}

/** The first `parts` components of a version (`16.0.4266.1001`, 2 → `16.0`), padded with `.0`. */
export function majorOf(version: string | null, parts: number): string | null {
  if (!version) return null;
  let end = -1;
  for (let p = 0; p < parts; p++) {
    end = version.indexOf('.', end + 1);
    if (end < 0) return version + '.0'.repeat(parts - 1 - p);
  }
  return version.slice(0, end);
}

/** Numeric comparison of dotted versions: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  // Digits and dots (what normalizeVersion returns): compared in place, nothing allocated.
  let i = 0;
  let j = 0;
  for (;;) {
    let x = 0;
    let y = 0;
    for (let digits = 0; i < a.length; i++, digits++) {
      const c = a.charCodeAt(i);
      if (c === 46) break;
      if (c < 48 || c > 57 || digits === 15) return compareVersionsSlow(a, b);
      x = x * 10 + (c - 48);
    }
    for (let digits = 0; j < b.length; j++, digits++) {
      const c = b.charCodeAt(j);
      if (c === 46) break;
      if (c < 48 || c > 57 || digits === 15) return compareVersionsSlow(a, b);
      y = y * 10 + (c - 48);
    }
    if (x !== y) return x - y;
    if (i >= a.length && j >= b.length) return 0;
    i++;
    j++;
  }
}

/** Any other text: component by component as numbers (what the fast path computes for plain versions). */
function compareVersionsSlow(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = Number(x[i] ?? 0) - Number(y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const COMPANY_SUFFIX =
  /[\s,.]*(?:\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.l\.c|gmbh|ag|s\.?a|s\.?r\.?l|b\.?v|plc|pty|oy|ab|as|kk|k\.k)\b\.?|有限责任公司|股份有限公司|有限公司|公司)+[\s,.]*$/i;

/** A publisher string without legal-form suffixes: `Foo Software Co., Ltd.` → `Foo Software`. */
export function cleanPublisher(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let s = toHalfWidth(raw.replace(TRADEMARKS, '')).replace(TRADEMARKS, '').replace(/<[^>]*>/g, '').replace(SPACES, ' ').trim();
  for (let i = 0; i < 3; i++) {
    const next = s.replace(COMPANY_SUFFIX, '').trim();
    if (next === s) break;
    s = next;
  }
  return s || null;
}

/** A lower-case URL-safe slug; Chinese characters are kept. */
export function slugify(s: string): string {
  return toHalfWidth(s)
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/[^a-z0-9\u3400-\u9fff.]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
}
