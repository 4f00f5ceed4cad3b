import {
  licenceNeeded,
  type InstallSource,
  type LicenceClass,
  type RecognitionInput,
  type RecognitionResult,
  type RecognitionRule,
  type SoftwareCategory,
} from '../../contracts/index.ts';
import { KEY_MAX, KEY_MIN, indexPatterns } from './recognition.index.ts';
import { cleanPublisher, compareVersions, majorOf, normalizeName, normalizeVersion, parsePackageName, slugify, toHalfWidth, type NormalizedName } from './recognition.normalize.ts';

/**
 * The recognition engine (软件识别): pure, compiled once from the rule
 * library, then `recognize()` per raw name. Each name is normalised, looks up
 * candidate patterns in a key index (see recognition.index.ts), tests only
 * those, and the best match (local rules first, then priority, then the
 * longest matched text) makes the result. Results are memoised per
 * (source, name, publisher, version).
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
}

/** A node of the key trie: children by character code, and the patterns whose key ends here. */
interface KeyNode {
  next: Map<number, KeyNode>;
  patterns: number[] | null;
}

interface MemoEntry {
  publisher: string | null;
  source: InstallSource | null;
  result: RecognitionResult;
}

interface Match {
  rule: CompiledRule;
  score: number;
}

/** Everything known about one name while it is recognised. */
interface Subject {
  n: NormalizedName;
  source: InstallSource | null;
  publisher: string | null;
  pubNorm: string | null;
  versionNorm: string | null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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
  private readonly keys: KeyNode = { next: new Map(), patterns: null };
  /** first level of the trie for ASCII, as an array (the common case) */
  private readonly asciiRoot: (KeyNode | undefined)[] = new Array(128);
  private readonly scan: number[];
  private readonly keyCount: number;
  private readonly stamp: Uint32Array;
  private readonly accepted: Uint8Array;
  private readonly patternStamp: Uint32Array;
  private generation = 0;
  private readonly publishers: { re: RegExp; name: string; domestic: boolean }[];
  private readonly publishersInName: RegExp | null;
  private readonly publisherMemo = new Map<string, { name: string | null; domestic: boolean }>();
  /** display name → version → the results seen with them (publisher and source differ rarely: a short list) */
  private readonly memo = new Map<string, Map<string, MemoEntry[]>>();
  private memoCount = 0;
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
      if (r.productFrom !== 'name' && !r.parentFromName && r.publisher !== '*' && !this.byProductKey.has(keyOfRule(r))) this.byProductKey.set(keyOfRule(r), r);
      r.match.forEach((p, i) => {
        sources.push(p);
        this.patternRule.push(order);
        this.patternRe.push(c.patterns[i]!);
      });
    });
    const idx = indexPatterns(sources);
    for (const [key, list] of idx.byKey) {
      let node = this.keys;
      for (let i = 0; i < key.length; i++) {
        const c = key.charCodeAt(i);
        let child = node.next.get(c);
        if (!child) node.next.set(c, (child = { next: new Map(), patterns: null }));
        node = child;
      }
      node.patterns = list;
    }
    for (const [c, node] of this.keys.next) if (c < 128) this.asciiRoot[c] = node;
    this.keyCount = idx.byKey.size;
    this.scan = idx.scan;
    this.stamp = new Uint32Array(this.rules.length);
    this.accepted = new Uint8Array(this.rules.length);
    this.patternStamp = new Uint32Array(this.patternRe.length);
    this.publishers = (opts.publishers ?? []).map((p) => ({ re: new RegExp(p.match, 'i'), name: p.name, domestic: !!p.domestic }));
    this.publishersInName = this.publishers.length ? new RegExp(this.publishers.map((p, i) => `(?<p${i}>${p.re.source})`).join('|'), 'i') : null;
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
    // Memo by display name, then a short list compared field by field: no key string to build
    // and hash per row (the repeated rows of an inventory are the common case).
    const publisher = input.publisher || null;
    const version = input.version || '';
    const source = input.source || null;
    let byVersion = this.memo.get(input.displayName);
    const list = byVersion?.get(version);
    if (list) {
      for (let i = 0; i < list.length; i++) {
        const e = list[i]!;
        if (e.publisher === publisher && e.source === source) return e.result;
      }
    }
    const result = this.compute(input);
    if (this.memoCount >= this.memoSize) {
      this.memo.clear();
      this.memoCount = 0;
      byVersion = undefined;
    }
    const entry = { publisher, source, result };
    if (!byVersion) this.memo.set(input.displayName, (byVersion = new Map()));
    const again = byVersion.get(version);
    if (again) again.push(entry);
    else byVersion.set(version, [entry]);
    this.memoCount++;
    return result;
  }

  /** Recognises many rows (repeated names cost one lookup). */
  recognizeMany(inputs: readonly RecognitionInput[]): RecognitionResult[] {
    return inputs.map((x) => this.recognize(x));
  }

  /** Normalised publisher and whether it is a domestic vendor, from the publisher table. */
  publisherOf(raw: string | null | undefined): { name: string | null; domestic: boolean } {
    if (!raw || !raw.trim()) return { name: null, domestic: false };
    const hit = this.publisherMemo.get(raw);
    if (hit) return hit;
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
    this.publisherMemo.set(raw, out);
    return out;
  }

  /** A known publisher at the start of a name; never a guess from an arbitrary first word. */
  private publisherInName(display: string): { name: string | null; domestic: boolean } {
    const m = this.publishersInName?.exec(display);
    if (m?.groups) {
      for (let i = 0; i < this.publishers.length; i++) if (m.groups[`p${i}`] !== undefined) return { name: this.publishers[i]!.name, domestic: this.publishers[i]!.domestic };
    }
    return { name: null, domestic: false };
  }

  private subjectOf(input: RecognitionInput): Subject {
    const pkg = parsePackageName(input.displayName, input.source, !!input.version?.trim());
    const publisher = input.publisher?.trim() ? toHalfWidth(input.publisher.trim()) : null;
    if (pkg) {
      const v = normalizeVersion(input.version || pkg.version, true);
      return { n: { norm: pkg.name, display: pkg.display, base: pkg.display, nameVersion: null }, source: pkg.source, publisher, pubNorm: null, versionNorm: v };
    }
    const n = normalizeName(input.displayName);
    const versionNorm = normalizeVersion(input.version) ?? n.nameVersion;
    return { n, source: input.source ?? null, publisher, pubNorm: null, versionNorm };
  }

  private compute(input: RecognitionInput): RecognitionResult {
    const subj = this.subjectOf(input);
    const best = this.bestMatch(subj, subj.n.norm, false);
    if (best) return this.resultOf(best.rule, subj);
    return this.fallback(subj);
  }

  /** The best rule for a normalised name; components skipped when looking for a parent. */
  private bestMatch(subj: Subject, norm: string, parentsOnly: boolean): Match | null {
    // Hot path: plain loops, no closures (one call per distinct name).
    const gen = ++this.generation;
    const best: Match = { rule: null as unknown as CompiledRule, score: -1 };
    const n = norm.length;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = norm.charCodeAt(i);
      const word = (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
      if ((word && !prevWord) || c >= 0x2e80) {
        // Walk the key trie from this start: keys are KEY_MIN..KEY_MAX characters long.
        let node: KeyNode | undefined = c < 128 ? this.asciiRoot[c] : this.keys.next.get(c);
        for (let len = 1; node && len <= KEY_MAX && i + len <= n; len++) {
          if (len > 1) {
            node = node.next.get(norm.charCodeAt(i + len - 1));
            if (!node) break;
          }
          const list = node.patterns;
          if (list && len >= KEY_MIN) for (let k = 0; k < list.length; k++) this.consider(list[k]!, gen, subj, norm, parentsOnly, best);
        }
      }
      prevWord = word;
    }
    for (let k = 0; k < this.scan.length; k++) this.consider(this.scan[k]!, gen, subj, norm, parentsOnly, best);
    return best.score >= 0 ? best : null;
  }

  /** Tests one candidate pattern and keeps it in `best` when it wins. */
  private consider(pi: number, gen: number, subj: Subject, norm: string, parentsOnly: boolean, best: Match): void {
    if (this.patternStamp[pi] === gen) return;
    this.patternStamp[pi] = gen;
    const ri = this.patternRule[pi]!;
    const rule = this.rules[ri]!;
    if (parentsOnly && (rule.parentStrip || rule.rule.productFrom === 'name')) return;
    const m = this.patternRe[pi]!.exec(norm);
    if (!m) return;
    if (this.stamp[ri] !== gen) {
      this.stamp[ri] = gen;
      this.accepted[ri] = this.accepts(rule, subj, norm) ? 1 : 0;
    }
    if (!this.accepted[ri]) return;
    const score = rule.tier * 1e6 + (rule.rule.priority + 100) * 1e3 + Math.min(m[0].length, 999);
    if (score > best.score || (score === best.score && rule.order < best.rule.order)) {
      best.rule = rule;
      best.score = score;
    }
  }

  private accepts(c: CompiledRule, subj: Subject, norm: string): boolean {
    if (c.sources && subj.source && !c.sources.has(subj.source)) return false;
    if (c.exclude?.test(norm)) return false;
    if (c.rule.publisherRequired && c.publisher && !(subj.publisher && c.publisher.test(subj.publisher))) return false;
    return true;
  }

  /**
   * How the row's publisher bears on a match: confirmed, unknown, or
   * different. A different publisher lowers the confidence but does not
   * reject the match: products change hands (Adobe AIR → HARMAN, Skype →
   * Microsoft) and package maintainers are not vendors.
   */
  private publisherFit(c: CompiledRule, subj: Subject): 'confirmed' | 'unknown' | 'different' {
    if (!c.publisher || !subj.publisher) return 'unknown';
    if (subj.source === 'dpkg' || subj.source === 'rpm') return c.publisher.test(subj.publisher) ? 'confirmed' : 'unknown';
    return c.publisher.test(subj.publisher) ? 'confirmed' : 'different';
  }

  private resultOf(c: CompiledRule, subj: Subject): RecognitionResult {
    const r = c.rule;
    const norm = subj.n.norm;
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
    edition ??= r.defaultEdition ?? null;

    let release: string | null = null;
    let majorRelease: string | null = null;
    if (c.releases) {
      const m = c.releases.exec(norm);
      const found = m ? c.releaseByText.get(m[1]!) : undefined;
      if (found) {
        release = found.label;
        majorRelease = found.major;
      }
    }
    if (!majorRelease && subj.versionNorm) {
      majorRelease = majorOf(subj.versionNorm, r.majorParts ?? 1);
      if (!release && majorRelease) release = c.releaseByMajor.get(majorRelease) ?? null;
    }

    let licence: LicenceClass = r.licence;
    let category: SoftwareCategory = r.category;
    let requires: boolean | undefined;
    if (edition && r.licenceByEdition?.[edition]) licence = r.licenceByEdition[edition]!;
    for (const o of c.overrides) {
      if (!holds(o, norm, edition, subj)) continue;
      if (o.setEdition) edition = o.setEdition;
      if (o.licence) licence = o.licence;
      if (o.category) category = o.category;
      if (o.requiresLicence !== undefined) requires = o.requiresLicence;
    }
    if (licence === 'commercial' && (norm.includes('trial') || norm.includes('eval') || norm.includes('试用')) && TRIAL.test(norm)) licence = 'trial';
    if (requires === undefined) requires = licence === r.licence && r.requiresLicence !== undefined ? r.requiresLicence : licenceNeeded(licence);

    let product = r.productFrom === 'name' ? subj.n.base : r.product;
    let publisherNorm = r.publisher;
    let domestic = r.domestic;
    let parentKey: string | null = null;
    if (r.parent) {
      const parent = this.byId.get(r.parent);
      if (parent) parentKey = keyOfRule(parent.rule);
    }
    if (r.publisher === '*') {
      // The row's publisher, else a publisher the name starts with ("Realtek High Definition Audio Driver").
      let p = this.publisherOf(subj.publisher);
      if (!p.name) p = this.publisherInName(subj.n.display);
      publisherNorm = p.name ?? 'unknown';
      domestic = domestic || p.domestic;
    }
    if (c.parentStrip) {
      const rest = norm.replace(c.parentStrip, ' ').replace(/\s+/g, ' ').trim();
      const parent = rest ? this.bestMatch(subj, rest, true) : null;
      if (parent) {
        // A component of a component (Office MUI → Office component → Office) links to the root product.
        const pr = parent.rule.rule.parent ? (this.byId.get(parent.rule.rule.parent)?.rule ?? parent.rule.rule) : parent.rule.rule;
        parentKey = keyOfRule(pr);
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
    const fit = this.publisherFit(c, subj);
    if (fit === 'confirmed') confidence = Math.min(0.99, confidence + 0.05);
    else if (fit === 'different') confidence = Math.min(confidence, 0.65);
    const productKey = c.fixedKey ?? productKeyOf(publisherNorm, product);
    return {
      publisherNorm,
      product,
      edition,
      versionNorm: subj.versionNorm,
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
  private fallback(subj: Subject): RecognitionResult {
    const p = this.publisherOf(subj.publisher);
    if (subj.source === 'dpkg' || subj.source === 'rpm') {
      const publisherNorm = p.name ?? (subj.source === 'dpkg' ? 'Debian' : 'unknown');
      return {
        publisherNorm,
        product: subj.n.display,
        edition: null,
        versionNorm: subj.versionNorm,
        majorRelease: majorOf(subj.versionNorm, 1),
        release: null,
        productKey: `${slugify(subj.source)}/${slugify(subj.n.norm)}`,
        category: distroCategory(subj.n.norm),
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
      versionNorm: subj.versionNorm,
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

function keyOfRule(r: RecognitionRule): string {
  return r.key ?? productKeyOf(r.publisher === '*' ? 'unknown' : r.publisher, r.product);
}

function holds(o: CompiledOverride, norm: string, edition: string | null, subj: Subject): boolean {
  if (o.name && !o.name.test(norm)) return false;
  if (o.edition !== undefined && o.edition !== edition) return false;
  if (o.source && o.source !== subj.source) return false;
  if (o.version || o.versionAtLeast || o.versionBelow) {
    const v = subj.versionNorm;
    if (!v) return false;
    if (o.version && !o.version.test(v)) return false;
    if (o.versionAtLeast && compareVersions(v, o.versionAtLeast) < 0) return false;
    if (o.versionBelow && compareVersions(v, o.versionBelow) >= 0) return false;
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
    sources: r.sources ? new Set(r.sources) : null,
    editions: editionKeys.length ? re(editionKeys.map((k) => `(${k})`).join('|')) : null,
    editionNames: editionKeys.map((k) => r.editions![k]!),
    editionGroups: groupNumbers(editionKeys),
    releases: releaseKeys.length ? re(`(?<![a-z0-9])(${releaseKeys.map((k) => escapeRe(k.toLowerCase())).join('|')})(?![a-z0-9])`) : null,
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
  };
}

/**
 * Compiles a rule library into a recognizer. Compile once and keep it: the
 * memo of distinct names lives in the recognizer.
 */
export function compileLibrary(entries: readonly RecognitionRule[], opts: CompileOptions = {}): Recognizer {
  return new Recognizer(entries, opts);
}
