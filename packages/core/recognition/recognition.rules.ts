import {
  escapeRegExp,
  isPublisherOnly,
  licenceNeeded,
  type InstallSource,
  type LicenceClass,
  type RecognitionInput,
  type RecognitionResult,
  type RecognitionRule,
  type SoftwareCategory,
} from '../../contracts/index.ts';
import { KEY_MAX, KEY_MIN, KeyTrie, indexPatterns } from './recognition.index.ts';
import { InputMemo, finishHash, memoHash, nameHash } from './recognition.memo.ts';
import { cleanPublisher, compareVersions, majorOf, normalizeName, normalizeVersion, parsePackageName, slugify, toHalfWidth, type NormalizedName } from './recognition.normalize.ts';

/**
 * The recognition engine (软件识别): pure, compiled once from the rule
 * library, then `recognize()` per raw name. Each name is normalised, looks up
 * candidate patterns in a key index (see recognition.index.ts), tests only
 * those, and the best match (local rules first, then priority, then the
 * longest matched text) makes the result. Results are memoised per
 * (source, name, publisher, version); what the name alone decides (its
 * normal form and the rules that match it) is worked out once per display
 * name and shared by its versions and publishers.
 */

/** A publisher spelling → its normalised name (library/_publishers.yaml). */
export interface PublisherEntry {
  name: string;
  match: string;
  domestic?: boolean | undefined;
}

export interface CompileOptions {
  /** local rules: they win over shipped ones; a local rule with a shipped id replaces it */
  local?: readonly RecognitionRule[];
  publishers?: readonly PublisherEntry[];
  /** memoised distinct inputs before the memo is cleared (default 500,000) */
  memoSize?: number;
}

/** Rule id of the fallback for Linux distribution packages no rule names. */
export const DISTRO_RULE_ID = 'default:distro-package';

/** Confidence below which a result goes to the review queue. */
export const REVIEW_CONFIDENCE = 0.7;

const TRIAL = /\b(?:trial|evaluation|eval)\b|试用/;
/**
 * The category of a distribution package no rule names, from its name: the
 * base system and the distribution's identity packages are the operating
 * system; libraries, fonts, firmware and language bindings are runtime
 * components; compilers, interpreters and editors are development tools.
 */
const DISTRO_CATEGORIES: readonly [RegExp, SoftwareCategory][] = [
  [/^(?:base-files|base-passwd|bash|dash|coreutils|util-linux|systemd(?:-sysv)?|init|sysvinit|upstart|apt|dpkg|rpm|dnf|yum|zypper|snapd|flatpak-?builder|grep|sed|gawk|mawk|tar|gzip|findutils|diffutils|procps|psmisc|sudo|login|passwd|shadow-utils|network-?manager|ifupdown|netplan\.io|iproute2?|iputils|openssh-(?:server|client)|xserver-xorg(?:-core)?|xorg|gnome-shell|gnome-session|plasma-desktop|kde-plasma|xfce4|mate-desktop|cinnamon|pipewire|pulseaudio|wireplumber|bluez|chrony|ntp|rsyslog|syslog-ng|cron|cronie|anacron|logrotate|cloud-init|subscription-manager|software-properties-common|ubuntu-(?:desktop|server|minimal|standard|advantage-tools|pro-client)|ubuntukylin-[\w-]+|linux-image-[\w.-]+|linux-generic|linux-headers-[\w.-]+|kernel(?:-default|-core|-modules)?|grub[\w-]*|shim[\w-]*|initramfs-tools|dracut|udev|dbus|polkit|[\w-]+-release|[\w-]+-release-[\w-]+|lsb-release|os-release|debian-archive-keyring|ubuntu-keyring|epel-release)$/, 'operating-system'],
  [/^(?:fail2ban|apparmor|ufw|firewalld|iptables|nftables|selinux-policy[\w-]*|policycoreutils|audit|auditd|aide|clamav[\w-]*|rkhunter|chkrootkit|tripwire|openscap[\w-]*|gnupg2?|gpg|openssl|libpam-[\w-]+|sssd|krb5-[\w-]+)$/, 'security'],
  [/^(?:vim(?:-[\w]+)?|nano|emacs[\w-]*|gcc(?:-\d+)?|g\+\+(?:-\d+)?|cpp(?:-\d+)?|make|cmake|build-essential|gdb|clang(?:-\d+)?|llvm(?:-\d+)?|rustc|cargo|golang(?:-go)?|ruby[\d.]*|php[\d.]*(?:-[\w]+)?|python[\d.]*|python3(?:-minimal|-dev|-venv|-pip)?|platform-python|perl|nodejs|npm|openjdk-[\w-]+|java-[\w.-]+-openjdk[\w-]*|default-jdk|maven|gradle|ant|git|git-[\w]+|subversion|mercurial|tomcat\d*|haproxy|nginx|apache2|httpd|ansible|bison|flex|patch|autoconf|automake|libtool|pkg-config|pkgconf|m4|strace|ltrace|valgrind|docker[\w.-]*|podman|buildah|containerd[\w.]*)$/, 'development'],
  [/^(?:lib[\w.+-]+|hplip[\w-]*|cups-filters|printer-driver-[\w-]+|foomatic-[\w-]+|sane-backends|locales(?:-all)?|glibc[\w-]*|ca-certificates|tzdata|python3-[\w.-]+|python-[\w.-]+|perl-[\w.-]+|ruby-[\w.-]+|golang-[\w.-]+|node-[\w.-]+|fonts?-[\w.-]+|ttf-[\w.-]+|[\w-]*firmware[\w.-]*|gstreamer[\w.-]+|xserver-xorg-(?:video|input)-[\w-]+|mesa-[\w-]+|wine[\w-]*|gir1\.2-[\w.-]+|language-pack-[\w-]+|hunspell-[\w-]+|hyphen-[\w-]+|mythes-[\w-]+|zlib[\w]*|openssl-libs|alsa-[\w-]+|qt\d?-[\w-]+|gtk[\d.]*-[\w-]+)$/, 'runtime-driver-component'],
  [/^(?:mysql[\w-]*|mariadb[\w-]*|postgresql[\w.-]*|sqlite3?|redis(?:-server)?|mongodb[\w-]*|memcached)$/, 'database'],
  [/^(?:evince|okular|atril|xreader|zathura|libreoffice[\w-]*|abiword|gnumeric|calligra[\w-]*|thunderbird|evolution)$/, 'office-suite'],
  [/^(?:gimp|inkscape|vlc|totem|rhythmbox|shotwell|eog|ristretto|cheese|audacity|ffmpeg|mpv|kdenlive|obs-studio)$/, 'graphics-media'],
];

function distroCategory(name: string): SoftwareCategory {
  for (const [re, cat] of DISTRO_CATEGORIES) if (re.test(name)) return cat;
  return 'utility';
}

interface CompiledOverride {
  name: RegExp | null;
  version: RegExp | null;
  edition: string | undefined;
  versionAtLeast: string | undefined;
  versionBelow: string | undefined;
  source: InstallSource | undefined;
  licence: LicenceClass | undefined;
  requiresLicence: boolean | undefined;
  setEdition: string | undefined;
  category: SoftwareCategory | undefined;
}

interface CompiledRule {
  rule: RecognitionRule;
  order: number;
  tier: number;
  patterns: RegExp[];
  exclude: RegExp | null;
  publisher: RegExp | null;
  /** the last publisher tested against `publisher` and the answer (rows of a fleet repeat a few publishers; see publisherMatches) */
  lastPublisher: string | null;
  lastPublisherHit: boolean;
  sources: ReadonlySet<InstallSource> | null;
  editions: RegExp | null;
  editionNames: string[];
  /** capture-group number of each edition alternative in `editions` */
  editionGroups: number[];
  releases: RegExp | null;
  releaseByMajor: Map<string, string>;
  releaseByText: Map<string, { label: string; major: string }>;
  overrides: CompiledOverride[];
  parentStrip: RegExp | null;
  baseConfidence: number;
  /** the product key when it does not depend on the name (most rules) */
  fixedKey: string | null;
  /** the key of the rule's product (keyOfRule) */
  key: string;
  /** the key of the rule's parent, when it names one that exists */
  parentKey: string | null;
  /** the product a component links to: the rule's parent when it has one, else the rule */
  root: CompiledRule;
  /** the candidate list of a name only this rule matches (shared) */
  alone: readonly CompiledRule[];
  /** for a rule whose result depends on the name only through trial / evaluation: its two readings, shared (frozen) */
  plain: readonly [Reading, Reading] | null;
}

/**
 * What a display name read with a source decides, whatever the version and
 * publisher: the normal form and the rules that match it. Kept per display
 * name, row source and whether the row has a version (see factsOf).
 */
interface NameFacts {
  /** the display name: an own copy (see ownCopy), shared by the memo entries of the name */
  displayName: string;
  n: NormalizedName;
  /** the source after reading the name (a package name is dpkg or rpm) */
  source: InstallSource | null;
  /** the name is a package name; its version, when the name carries one */
  packaged: boolean;
  packageVersion: string | null;
  /** rules with a matching pattern that accept the name and its source, best first; the row's publisher picks the first that accepts it */
  candidates: readonly CompiledRule[];
  /** what the last rule chosen makes of the name (the row's publisher rarely changes the choice) */
  reading: Reading | null;
  /** product key and category of a package no rule names, once asked for */
  distro: { productKey: string; category: SoftwareCategory } | null;
}

/** What a rule makes of a name, whatever the row's version and publisher (see resultOf). */
interface Reading {
  rule: CompiledRule;
  /** the edition the name spells */
  edition: string | null;
  /** the release the name spells */
  release: { label: string; major: string } | undefined;
  /** whether the name condition of each override holds */
  nameHolds: readonly boolean[];
  /** the name says trial or evaluation */
  trial: boolean;
  /** a known publisher the display name starts with (rules of any publisher), once asked for */
  publisherInName: { name: string | null; domestic: boolean } | null;
  /** parent candidates of a component rule, once asked for */
  parents: readonly CompiledRule[] | null;
  /** the last product key built from a publisher and product (rules without a fixed key) */
  keyPublisher: string | null;
  keyProduct: string | null;
  key: string;
}

const NO_RULES: readonly CompiledRule[] = Object.freeze([]);
const NO_HOLDS: readonly boolean[] = Object.freeze([]);


/** The product slug `publisher/product`, with the publisher's name dropped from the product. */
export function productKeyOf(publisher: string, product: string): string {
  const p = slugify(publisher) || 'unknown';
  let q = slugify(product);
  if (q.startsWith(`${p}-`) && q.length > p.length + 1) q = q.slice(p.length + 1);
  return `${p}/${q || p}`;
}

/** A compiled rule library. */
export class Recognizer {
  private readonly rules: CompiledRule[] = [];
  private readonly byId = new Map<string, CompiledRule>();
  private readonly byProductKey = new Map<string, RecognitionRule>();
  private readonly patternRule: number[] = [];
  private readonly patternRe: RegExp[] = [];
  /** a literal every match of the pattern contains (see recognition.index.ts), or null */
  private readonly patternNeeds: (string | null)[];
  private readonly keys: KeyTrie;
  private readonly scan: number[];
  /** rules that match by publisher alone (see isPublisherOnly), best first: tried for names no other rule takes */
  private readonly publisherOnly: CompiledRule[] = [];
  /** of `publisherOnly`, the rules a publisher meets, by publisher (see byPublisherAlone) */
  private readonly publisherOnlyBy = new Map<string, readonly CompiledRule[]>();
  private readonly keyCount: number;
  private readonly stamp: Uint32Array;
  private readonly accepted: Uint8Array;
  private readonly score: Float64Array;
  private readonly patternStamp: Uint32Array;
  /** rules accepted in the current generation (scratch of `candidatesOf`) */
  private readonly hits: number[] = [];
  private generation = 0;
  private readonly publishers: { re: RegExp; name: string; domestic: boolean }[];
  private readonly publishersInName: RegExp | null;
  /** the group name of each publisher in `publishersInName` (built once, not per name) */
  private readonly publisherGroups: string[];
  /** publisherOf by raw publisher (a memo like the results: the row's strings are fresh) */
  private readonly publisherMemo = new InputMemo<{ name: string | null; domestic: boolean }>();
  /** results by raw input (see `recognize`) */
  private readonly memo = new InputMemo<RecognitionResult>();
  /** the facts of each display name, by row source and whether the row has a version (see factsOf) */
  private readonly facts = new InputMemo<NameFacts>();
  private readonly memoSize: number;

  constructor(shipped: readonly RecognitionRule[], opts: CompileOptions = {}) {
    const local = opts.local ?? [];
    const localIds = new Set(local.map((r) => r.id));
    const all = [...local.map((r) => ({ r, tier: 1 })), ...shipped.filter((r) => !localIds.has(r.id)).map((r) => ({ r, tier: 0 }))];
    const sources: string[] = [];
    all.forEach(({ r, tier }, order) => {
      const c = compileRule(r, tier, order);
      this.rules.push(c);
      this.byId.set(r.id, c);
      if (r.productFrom !== 'name' && !r.parentFromName && r.publisher !== '*' && !this.byProductKey.has(c.key)) this.byProductKey.set(c.key, r);
      // Not in the index: its pattern would be a candidate for every name.
      if (isPublisherOnly(r)) return void this.publisherOnly.push(c);
      r.match.forEach((p, i) => {
        sources.push(p);
        this.patternRule.push(order);
        this.patternRe.push(c.patterns[i]!);
      });
    });
    for (const c of this.rules) {
      const parent = c.rule.parent ? this.byId.get(c.rule.parent) : undefined;
      c.parentKey = parent ? parent.key : null;
      c.root = parent ?? c;
      c.alone = Object.freeze([c]);
      // Nothing name-specific beyond trial (fixed key, no editions, releases or overrides): no reading to allocate per name.
      if (c.fixedKey !== null && !c.editions && !c.releases && !c.overrides.length) {
        const reading = (trial: boolean): Reading => Object.freeze({ rule: c, edition: null, release: undefined, nameHolds: NO_HOLDS, trial, publisherInName: null, parents: null, keyPublisher: null, keyProduct: null, key: '' });
        c.plain = [reading(false), reading(true)];
      }
    }
    // Local before shipped, then priority, then library order.
    this.publisherOnly.sort((a, b) => b.tier - a.tier || b.rule.priority - a.rule.priority || a.order - b.order);
    const idx = indexPatterns(sources);
    this.keys = new KeyTrie(idx.byKey);
    this.keyCount = idx.byKey.size;
    this.patternNeeds = idx.required;
    this.scan = idx.scan;
    this.stamp = new Uint32Array(this.rules.length);
    this.accepted = new Uint8Array(this.rules.length);
    this.score = new Float64Array(this.rules.length);
    this.patternStamp = new Uint32Array(this.patternRe.length);
    this.publishers = (opts.publishers ?? []).map((p) => ({ re: new RegExp(p.match, 'i'), name: p.name, domestic: !!p.domestic }));
    this.publisherGroups = this.publishers.map((_, i) => `p${i}`);
    this.publishersInName = this.publishers.length ? new RegExp(this.publishers.map((p, i) => `(?<${this.publisherGroups[i]}>${p.re.source})`).join('|'), 'i') : null;
    this.memoSize = opts.memoSize ?? 500_000;
  }

  /** Size of the library and of its index (patterns tested against every name are in `scanPatterns`). */
  get stats() {
    return { rules: this.rules.length, patterns: this.patternRe.length, keys: this.keyCount, scanPatterns: this.scan.map((i) => this.rules[this.patternRule[i]!]!.rule.id) };
  }

  /** The rule with this id (local first). */
  rule(id: string): RecognitionRule | undefined {
    return this.byId.get(id)?.rule;
  }

  /** The (first) rule naming this product key. */
  ruleByKey(key: string): RecognitionRule | undefined {
    return this.byProductKey.get(key);
  }

  /** Recognises one raw name. The result is shared between equal inputs: do not modify it. */
  recognize(input: RecognitionInput): RecognitionResult {
    // The repeated rows of an inventory are the common case: one hash and one probe of the memo
    // (see recognition.memo.ts). The miss is a separate method so that this one stays small.
    const displayName = input.displayName;
    const version = input.version || '';
    const publisher = input.publisher || null;
    const source = input.source || null;
    const state = nameHash(displayName);
    const hash = finishHash(state, version);
    const hit = this.memo.get(hash, displayName, version, publisher, source);
    // Compared with undefined, not tested for truth: that would read the result object (a cache miss).
    if (hit !== undefined) return hit;
    return this.recognizeNew(input, state, hash, displayName, version, publisher, source);
  }

  /** The memo's miss: works the input out and files its result (see `recognize`). */
  private recognizeNew(input: RecognitionInput, nameState: number, hash: number, displayName: string, version: string, publisher: string | null, source: InstallSource | null): RecognitionResult {
    if (this.memo.size >= this.memoSize) {
      this.memo.clear();
      this.facts.clear();
    }
    const facts = this.factsOf(displayName, nameState, source, version.trim() !== '');
    const result = this.compute(input, facts);
    this.memo.add(hash, facts.displayName, version, publisher, source, result);
    return result;
  }

  /**
   * Forgets every name seen (the memos of results, name facts and
   * publishers) and keeps the compiled library: the next names are worked
   * out from scratch, with the regular expressions V8 has already compiled
   * for this recognizer (a running server's state after its memo fills and
   * is cleared).
   */
  forget(): void {
    this.memo.clear();
    this.facts.clear();
    this.publisherMemo.clear();
    this.publisherOnlyBy.clear();
    for (const c of this.rules) {
      c.lastPublisher = null;
      c.lastPublisherHit = false;
    }
  }

  /** Recognises many rows (repeated names cost one lookup). */
  recognizeMany(inputs: readonly RecognitionInput[]): RecognitionResult[] {
    return inputs.map((x) => this.recognize(x));
  }

  /** Normalised publisher and whether it is a domestic vendor, from the publisher table. */
  publisherOf(raw: string | null | undefined): { name: string | null; domestic: boolean } {
    if (!raw || !raw.trim()) return { name: null, domestic: false };
    const hash = memoHash(raw, '');
    const hit = this.publisherMemo.get(hash, raw, '', null, null);
    if (hit !== undefined) return hit;
    const half = toHalfWidth(raw);
    let out: { name: string | null; domestic: boolean } | null = null;
    for (const p of this.publishers) {
      if (p.re.test(half)) {
        out = { name: p.name, domestic: p.domestic };
        break;
      }
    }
    out ??= { name: cleanPublisher(raw), domestic: false };
    if (this.publisherMemo.size > 100_000) this.publisherMemo.clear();
    this.publisherMemo.add(hash, raw, '', null, null, out);
    return out;
  }

  /** A known publisher at the start of a name; never a guess from an arbitrary first word. */
  private publisherInName(display: string): { name: string | null; domestic: boolean } {
    const m = this.publishersInName?.exec(display);
    if (m?.groups) {
      for (let i = 0; i < this.publishers.length; i++) if (m.groups[this.publisherGroups[i]!] !== undefined) return { name: this.publishers[i]!.name, domestic: this.publishers[i]!.domestic };
    }
    return { name: null, domestic: false };
  }

  /** The facts of a display name read with a source, worked out on first sight. */
  private factsOf(displayName: string, nameState: number, source: InstallSource | null, hasVersion: boolean): NameFacts {
    // Filed in a memo like the results (a Map would hash the row's fresh string in the engine), the version
    // field standing for whether the row has a version (it decides how a package name is read).
    const key = hasVersion ? 'v' : '';
    const hash = finishHash(nameState, key);
    const known = this.facts.get(hash, displayName, key, null, source);
    if (known !== undefined) return known;
    const pkg = parsePackageName(displayName, source, hasVersion);
    const n: NormalizedName = pkg ? { norm: pkg.name, display: pkg.display, base: pkg.display, nameVersion: null } : normalizeName(displayName);
    const read = pkg ? pkg.source : source;
    const own = ownCopy(displayName);
    const facts: NameFacts = {
      displayName: own,
      n,
      source: read,
      packaged: pkg !== null,
      packageVersion: pkg ? pkg.version : null,
      candidates: this.candidatesOf(n.norm, read, false),
      reading: null,
      distro: null,
    };
    this.facts.add(hash, own, key, null, source, facts);
    return facts;
  }

  private compute(input: RecognitionInput, facts: NameFacts): RecognitionResult {
    const raw = input.publisher?.trim();
    const publisher = raw ? toHalfWidth(raw) : null;
    const versionNorm = facts.packaged ? normalizeVersion(input.version || facts.packageVersion, true) : (normalizeVersion(input.version) ?? facts.n.nameVersion);
    const rule = pick(facts.candidates, publisher) ?? this.byPublisherAlone(facts, publisher);
    return rule ? this.resultOf(rule, facts, publisher, versionNorm) : this.fallback(facts, publisher, versionNorm);
  }

  /** For a name no rule takes: the first rule matching by publisher alone whose publisher pattern the row's publisher meets. */
  private byPublisherAlone(facts: NameFacts, publisher: string | null): CompiledRule | null {
    if (publisher === null) return null;
    // The rules whose publisher pattern the publisher meets, once per publisher (most meet none).
    let rules = this.publisherOnlyBy.get(publisher);
    if (rules === undefined) {
      rules = this.publisherOnly.filter((c) => c.publisher?.test(publisher));
      if (rules.length === 0) rules = NO_RULES;
      if (this.publisherOnlyBy.size >= 100_000) this.publisherOnlyBy.clear();
      this.publisherOnlyBy.set(publisher, rules);
    }
    for (let k = 0; k < rules.length; k++) if (accepts(rules[k]!, facts.source, facts.n.norm)) return rules[k]!;
    return null;
  }

  /**
   * The rules that match a normalised name and accept its source, best first
   * (local rules first, then priority, then the longest matched text, then
   * library order); components skipped when looking for a parent.
   */
  private candidatesOf(norm: string, source: InstallSource | null, parentsOnly: boolean): readonly CompiledRule[] {
    // Hot path: plain loops, no closures (one call per distinct name).
    const gen = ++this.generation;
    const keys = this.keys;
    this.hits.length = 0;
    const n = norm.length;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = norm.charCodeAt(i);
      const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if ((word && !prevWord) || c >= 0x2e80) {
        // Walk the key trie from this start: keys are KEY_MIN..KEY_MAX characters long.
        let node = 0;
        for (let len = 1; len <= KEY_MAX && i + len <= n; len++) {
          node = keys.child(node, norm.charCodeAt(i + len - 1));
          if (node < 0) break;
          const list = len >= KEY_MIN ? keys.patternsAt(node) : null;
          if (list) for (let k = 0; k < list.length; k++) this.consider(list[k]!, gen, source, norm, parentsOnly);
        }
      }
      prevWord = word;
    }
    for (let k = 0; k < this.scan.length; k++) this.consider(this.scan[k]!, gen, source, norm, parentsOnly);
    const hits = this.hits;
    if (hits.length === 0) return NO_RULES;
    if (hits.length === 1) return this.rules[hits[0]!]!.alone;
    // Best first by score; rule numbers are library order, the lower wins a tie. Insertion: the lists are short.
    const score = this.score;
    for (let k = 1; k < hits.length; k++) {
      const ri = hits[k]!;
      let at = k;
      for (; at > 0; at--) {
        const other = hits[at - 1]!;
        if (score[other]! > score[ri]! || (score[other] === score[ri] && other < ri)) break;
        hits[at] = other;
      }
      hits[at] = ri;
    }
    const out: CompiledRule[] = new Array(hits.length);
    for (let k = 0; k < hits.length; k++) out[k] = this.rules[hits[k]!]!;
    return out;
  }

  /** Tests one candidate pattern and keeps its rule's best score when the rule accepts the name. */
  private consider(pi: number, gen: number, source: InstallSource | null, norm: string, parentsOnly: boolean): void {
    if (this.patternStamp[pi] === gen) return;
    this.patternStamp[pi] = gen;
    const ri = this.patternRule[pi]!;
    const rule = this.rules[ri]!;
    if (parentsOnly && (rule.parentStrip || rule.rule.productFrom === 'name')) return;
    const need = this.patternNeeds[pi];
    if (need && !norm.includes(need)) return;
    const m = this.patternRe[pi]!.exec(norm);
    if (!m) return;
    const score = rule.tier * 1e6 + (rule.rule.priority + 100) * 1e3 + Math.min(m[0].length, 999);
    if (this.stamp[ri] !== gen) {
      this.stamp[ri] = gen;
      const ok = accepts(rule, source, norm);
      this.accepted[ri] = ok ? 1 : 0;
      if (!ok) return;
      this.score[ri] = score;
      this.hits.push(ri);
    } else if (this.accepted[ri] && score > this.score[ri]!) {
      this.score[ri] = score;
    }
  }

  /**
   * How the row's publisher bears on a match: confirmed, unknown, or
   * different. A different publisher lowers the confidence but does not
   * reject the match: products change hands (Adobe AIR → HARMAN, Skype →
   * Microsoft) and package maintainers are not vendors.
   */
  private publisherFit(c: CompiledRule, source: InstallSource | null, publisher: string | null): 'confirmed' | 'unknown' | 'different' {
    if (!c.publisher || !publisher) return 'unknown';
    if (source === 'dpkg' || source === 'rpm') return publisherMatches(c, publisher) ? 'confirmed' : 'unknown';
    return publisherMatches(c, publisher) ? 'confirmed' : 'different';
  }

  /** What a rule makes of the name of these facts (kept for the next row with the name). */
  private readingOf(c: CompiledRule, facts: NameFacts): Reading {
    const last = facts.reading;
    if (last && last.rule === c) return last;
    const norm = facts.n.norm;
    const trial = (norm.includes('trial') || norm.includes('eval') || norm.includes('试用')) && TRIAL.test(norm);
    if (c.plain) return (facts.reading = c.plain[trial ? 1 : 0]);
    let edition: string | null = null;
    if (c.editions) {
      const m = c.editions.exec(norm);
      if (m) {
        for (let i = 0; i < c.editionNames.length; i++) {
          if (m[c.editionGroups[i]!] !== undefined) {
            edition = c.editionNames[i]!;
            break;
          }
        }
      }
    }
    let release: { label: string; major: string } | undefined;
    if (c.releases) {
      const m = c.releases.exec(norm);
      if (m) release = c.releaseByText.get(m[1]!);
    }
    let nameHolds: readonly boolean[] = NO_HOLDS;
    if (c.overrides.length) {
      const holds: boolean[] = new Array(c.overrides.length);
      for (let i = 0; i < c.overrides.length; i++) holds[i] = c.overrides[i]!.name?.test(norm) ?? true;
      nameHolds = holds;
    }
    return (facts.reading = { rule: c, edition, release, nameHolds, trial, publisherInName: null, parents: null, keyPublisher: null, keyProduct: null, key: '' });
  }

  /** The result of a rule for a row: the facts of its name, its (half-width) publisher and normalised version. */
  private resultOf(c: CompiledRule, facts: NameFacts, publisher: string | null, versionNorm: string | null): RecognitionResult {
    const r = c.rule;
    const reading = this.readingOf(c, facts);
    let edition = reading.edition ?? r.defaultEdition ?? null;

    let release: string | null = null;
    let majorRelease: string | null = null;
    if (reading.release) {
      release = reading.release.label;
      majorRelease = reading.release.major;
    }
    if (!majorRelease && versionNorm) {
      majorRelease = majorOf(versionNorm, r.majorParts ?? 1);
      if (!release && majorRelease && c.releaseByMajor.size) release = c.releaseByMajor.get(majorRelease) ?? null;
    }

    let licence: LicenceClass = r.licence;
    let category: SoftwareCategory = r.category;
    let requires: boolean | undefined;
    if (edition && r.licenceByEdition?.[edition]) licence = r.licenceByEdition[edition]!;
    for (let i = 0; i < c.overrides.length; i++) {
      const o = c.overrides[i]!;
      if (!reading.nameHolds[i] || !holds(o, edition, facts.source, versionNorm)) continue;
      if (o.setEdition) edition = o.setEdition;
      if (o.licence) licence = o.licence;
      if (o.category) category = o.category;
      if (o.requiresLicence !== undefined) requires = o.requiresLicence;
    }
    if (licence === 'commercial' && reading.trial) licence = 'trial';
    if (requires === undefined) requires = licence === r.licence && r.requiresLicence !== undefined ? r.requiresLicence : licenceNeeded(licence);

    let product = r.productFrom === 'name' ? facts.n.base : r.product;
    let publisherNorm = r.publisher;
    let domestic = r.domestic;
    let parentKey = c.parentKey;
    if (r.publisher === '*') {
      // The row's publisher, else a publisher the name starts with ("Realtek High Definition Audio Driver").
      let p = this.publisherOf(publisher);
      if (!p.name) p = reading.publisherInName ??= this.publisherInName(facts.n.display);
      publisherNorm = p.name ?? 'unknown';
      domestic = domestic || p.domestic;
    }
    if (c.parentStrip) {
      if (!reading.parents) {
        const rest = facts.n.norm.replace(c.parentStrip, ' ').replace(/\s+/g, ' ').trim();
        reading.parents = rest ? this.candidatesOf(rest, facts.source, true) : NO_RULES;
      }
      const parent = pick(reading.parents, publisher);
      if (parent) {
        // A component of a component (Office MUI → Office component → Office) links to the root product.
        const root = parent.root;
        const pr = root.rule;
        parentKey = root.key;
        if (pr.publisher !== '*') publisherNorm = pr.publisher;
        domestic = pr.domestic;
        // Updates and language packs keep the category of their product (an Office MUI pack is office-suite).
        category = pr.category;
        product = product.replace('{parent}', pr.product);
      } else {
        product = product.replace('{parent}', '').replace(/\s+/g, ' ').trim();
      }
    }
    let confidence = c.baseConfidence;
    const fit = this.publisherFit(c, facts.source, publisher);
    if (fit === 'confirmed') confidence = Math.min(0.99, confidence + 0.05);
    else if (fit === 'different') confidence = Math.min(confidence, 0.65);
    let productKey = c.fixedKey;
    if (productKey === null) {
      if (reading.keyPublisher !== publisherNorm || reading.keyProduct !== product) {
        reading.keyPublisher = publisherNorm;
        reading.keyProduct = product;
        reading.key = productKeyOf(publisherNorm, product);
      }
      productKey = reading.key;
    }
    return {
      publisherNorm,
      product,
      edition,
      versionNorm,
      majorRelease,
      release,
      productKey,
      category,
      licenceClass: licence,
      requiresLicence: requires,
      domestic,
      ruleId: r.id,
      parentKey,
      confidence: Math.round(confidence * 100) / 100,
    };
  }

  /** No rule: packages of a Linux distribution are open source; anything else is unknown. */
  private fallback(facts: NameFacts, publisher: string | null, versionNorm: string | null): RecognitionResult {
    const p = this.publisherOf(publisher);
    const source = facts.source;
    if (source === 'dpkg' || source === 'rpm') {
      const publisherNorm = p.name ?? (source === 'dpkg' ? 'Debian' : 'unknown');
      const distro = (facts.distro ??= { productKey: `${slugify(source)}/${slugify(facts.n.norm)}`, category: distroCategory(facts.n.norm) });
      return {
        publisherNorm,
        product: facts.n.display,
        edition: null,
        versionNorm,
        majorRelease: majorOf(versionNorm, 1),
        release: null,
        productKey: distro.productKey,
        category: distro.category,
        licenceClass: 'open-source',
        requiresLicence: false,
        domestic: p.domestic,
        ruleId: DISTRO_RULE_ID,
        parentKey: null,
        confidence: 0.5,
      };
    }
    return {
      publisherNorm: p.name,
      product: null,
      edition: null,
      versionNorm,
      majorRelease: null,
      release: null,
      productKey: 'unknown',
      category: null,
      licenceClass: 'unknown',
      requiresLicence: false,
      domestic: false,
      ruleId: null,
      parentKey: null,
      confidence: 0,
    };
  }
}

/**
 * A copy of a string in one piece of its own. The row's string may be a
 * concatenation V8 has not flattened (each comparison with it would walk its
 * parts) or a slice of a large text (keeping it would keep the whole text).
 */
function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** Whether a rule takes a name read with this source (the row's publisher aside: see `pick`). */
function accepts(c: CompiledRule, source: InstallSource | null, norm: string): boolean {
  if (c.sources && source && !c.sources.has(source)) return false;
  if (c.exclude?.test(norm)) return false;
  return true;
}

/** Whether the row's publisher meets a rule's publisher pattern (the last answer kept: an equal string is compared, not matched again). */
function publisherMatches(c: CompiledRule, publisher: string): boolean {
  if (c.lastPublisher === publisher) return c.lastPublisherHit;
  const hit = c.publisher!.test(publisher);
  c.lastPublisher = publisher;
  c.lastPublisherHit = hit;
  return hit;
}

/** The first candidate the row's publisher does not rule out. */
function pick(candidates: readonly CompiledRule[], publisher: string | null): CompiledRule | null {
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k]!;
    if (c.rule.publisherRequired && c.publisher && !(publisher && publisherMatches(c, publisher))) continue;
    return c;
  }
  return null;
}

function keyOfRule(r: RecognitionRule): string {
  return r.key ?? productKeyOf(r.publisher === '*' ? 'unknown' : r.publisher, r.product);
}

/** Whether an override's conditions other than the name hold for a row. */
function holds(o: CompiledOverride, edition: string | null, source: InstallSource | null, versionNorm: string | null): boolean {
  if (o.edition !== undefined && o.edition !== edition) return false;
  if (o.source && o.source !== source) return false;
  if (o.version || o.versionAtLeast || o.versionBelow) {
    if (!versionNorm) return false;
    if (o.version && !o.version.test(versionNorm)) return false;
    if (o.versionAtLeast && compareVersions(versionNorm, o.versionAtLeast) < 0) return false;
    if (o.versionBelow && compareVersions(versionNorm, o.versionBelow) >= 0) return false;
  }
  return true;
}

/** The capture-group number of each alternative when the patterns are joined as `(p0)|(p1)|…`. */
function groupNumbers(patterns: readonly string[]): number[] {
  const out: number[] = [];
  let next = 1;
  for (const p of patterns) {
    out.push(next);
    // A pattern's own groups: an empty alternative makes it match the empty string.
    next += new RegExp(`(?:${p})|`).exec('')!.length;
  }
  return out;
}

function compileRule(r: RecognitionRule, tier: number, order: number): CompiledRule {
  const re = (p: string) => new RegExp(p, 'i');
  const any = (ps: readonly string[]) => (ps.length ? re(ps.map((p) => `(?:${p})`).join('|')) : null);
  const editionKeys = Object.keys(r.editions ?? {});
  const releaseKeys = Object.keys(r.releases ?? {}).sort((a, b) => b.length - a.length);
  const releaseByMajor = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const major of Object.values(r.releases ?? {})) counts.set(major, (counts.get(major) ?? 0) + 1);
  for (const [label, major] of Object.entries(r.releases ?? {})) if (counts.get(major) === 1) releaseByMajor.set(major, label);
  return {
    rule: r,
    order,
    tier,
    patterns: r.match.map(re),
    exclude: any(r.exclude),
    publisher: r.publisherMatch ? re(r.publisherMatch) : null,
    lastPublisher: null,
    lastPublisherHit: false,
    sources: r.sources ? new Set(r.sources) : null,
    editions: editionKeys.length ? re(editionKeys.map((k) => `(${k})`).join('|')) : null,
    editionNames: editionKeys.map((k) => r.editions![k]!),
    editionGroups: groupNumbers(editionKeys),
    releases: releaseKeys.length ? re(`(?<![a-z0-9])(${releaseKeys.map((k) => escapeRegExp(k.toLowerCase())).join('|')})(?![a-z0-9])`) : null,
    releaseByMajor,
    releaseByText: new Map(Object.entries(r.releases ?? {}).map(([label, major]) => [label.toLowerCase(), { label, major }])),
    overrides: (r.overrides ?? []).map((o) => ({
      name: o.when.name ? re(o.when.name) : null,
      version: o.when.version ? re(o.when.version) : null,
      edition: o.when.edition,
      versionAtLeast: o.when.versionAtLeast,
      versionBelow: o.when.versionBelow,
      source: o.when.source,
      licence: o.licence,
      requiresLicence: o.requiresLicence,
      setEdition: o.edition,
      category: o.category,
    })),
    parentStrip: r.parentFromName ? new RegExp(r.parentFromName, 'gi') : null,
    baseConfidence: r.confidence ?? (tier > 0 ? 0.95 : r.productFrom === 'name' ? 0.8 : 0.9),
    fixedKey: r.productFrom !== 'name' && !r.parentFromName && r.publisher !== '*' ? (r.key ?? productKeyOf(r.publisher, r.product)) : null,
    key: keyOfRule(r),
    // Set once every rule is compiled.
    parentKey: null,
    root: null as unknown as CompiledRule,
    alone: NO_RULES,
    plain: null,
  };
}

/**
 * Compiles a rule library into a recognizer. Compile once and keep it: the
 * memo of distinct names lives in the recognizer.
 */
export function compileLibrary(entries: readonly RecognitionRule[], opts: CompileOptions = {}): Recognizer {
  return new Recognizer(entries, opts);
}
