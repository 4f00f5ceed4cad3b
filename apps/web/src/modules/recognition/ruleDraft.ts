import { escapeRegExp, licenceNeeded } from '../../contracts.ts';
import type { InstallSource, LicenceClass, RecognitionRule, RecognitionRuleDraft, SoftwareCategory } from '../../contracts.ts';

/**
 * The rule editor's form and its conversions: a rule (shipped or local) to
 * form values and back, a first draft from an example of the review queue,
 * and the server's field paths to form fields. Pure functions.
 */

/** What the rule editor edits: the fields of a rule that matter to a reviewer, maps as lists of pairs. */
export interface RuleFormValues {
  /** optional on create (the server derives one from publisher and product) */
  id?: string;
  publisher: string;
  product: string;
  category?: SoftwareCategory;
  licence?: LicenceClass;
  requiresLicence: boolean;
  domestic: boolean;
  /** patterns on the normalised display name; any one matches */
  match: string[];
  exclude: string[];
  publisherMatch?: string;
  sources: InstallSource[];
  /** edition pattern → edition name, in order (the leftmost match wins) */
  editions: { pattern?: string; edition?: string }[];
  licenceByEdition: { edition?: string; licence?: LicenceClass }[];
  priority: number;
  note?: string;
  enabled: boolean;
}

/** A rule id as the contract takes it: lower-case slug. */
export const RULE_ID = /^[a-z0-9][a-z0-9._+-]*$/;

/** Whether a pattern compiles as the server compiles it (case-insensitive JavaScript). */
export function patternProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, 'i');
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const TRADEMARKS = /\((?:r|tm|c)\)|[®™©]/gi;
/** Architecture, bitness and language tokens installers put in parentheses or at the end. */
const DECORATION = String.raw`(?:x64|x86|x86[_-]64|amd64|arm64|aarch64|win64|win32|64[- ]?bits?|32[- ]?bits?|64 ?位|32 ?位|[a-z]{2}[-_][a-z]{2}|chinese|english|simplified|traditional|简体中文|繁体中文|中文|英文|edition)`;
const PAREN_DECORATION = new RegExp(String.raw`\s*\((?:\s*(?:${DECORATION}|v?\d+(?:\.\d+)*[a-z]?|[,;/]))+\s*\)`, 'gi');
const TRAILING_DECORATION = new RegExp(String.raw`(?:[\s,/-]+${DECORATION})+\s*$`, 'i');
const TRAILING_VERSION = /(?:[\s_-]+(?:v|ver\.?|version|版本)?\s*\d+(?:[._-]\d+)*[a-z]?)+\s*$/i;
const EDGES = /^[\s,;:/\-–—_.]+|[\s,;:/\-–—_]+$/g;

/**
 * A product name from a raw installed name: without trademark signs,
 * architecture and language decorations and trailing version numbers
 * (`Zhejiang Internal Tool 2.1 (x64)` → `Zhejiang Internal Tool`).
 */
export function cleanName(raw: string): string {
  // Trademark signs go before NFKC (which spells ™ as TM) and after (full-width brackets).
  let s = raw.replace(TRADEMARKS, '').normalize('NFKC').replace(TRADEMARKS, '').replace(PAREN_DECORATION, ' ').replace(/\s+/g, ' ').trim();
  for (let pass = 0; pass < 3; pass++) {
    const next = s.replace(TRAILING_DECORATION, '').replace(TRAILING_VERSION, '').replace(EDGES, '');
    if (next === s || next === '') break;
    s = next;
  }
  return s || raw.trim();
}

/**
 * An anchored pattern for the name without its version numbers: the clean
 * name, lower case and escaped, optionally followed by a version
 * (`^zhejiang internal tool(?:[ _-]*v?\d[\d.]*)?$`). Patterns are tested on the
 * normalised display name, which is lower case and without decorations.
 */
export function namePattern(raw: string): string {
  return `^${escapeRegExp(cleanName(raw).toLowerCase())}(?:[ _-]*v?\\d[\\d.]*)?$`;
}

const COMPANY_SUFFIX = /[\s,.]*(?:\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|gmbh|ag|plc)\b\.?|有限责任公司|股份有限公司|有限公司|公司)+[\s,.]*$/i;

/** A publisher without its legal form (`Foo Software Co., Ltd.` → `Foo Software`). */
export function cleanPublisher(raw: string | null | undefined): string {
  if (!raw) return '';
  let s = raw.replace(TRADEMARKS, '').normalize('NFKC').replace(TRADEMARKS, '').replace(/\s+/g, ' ').trim();
  for (let i = 0; i < 3; i++) {
    const next = s.replace(COMPANY_SUFFIX, '').trim();
    if (next === s || next === '') break;
    s = next;
  }
  return s;
}

/** The form of a new rule for an example of the review queue; category and licence are the reviewer's choice. */
export function valuesFromExample(name: string, publisher: string | null): Partial<RuleFormValues> {
  return { ...emptyValues(), publisher: cleanPublisher(publisher), product: cleanName(name), match: [namePattern(name)] };
}

/** The form of a new rule from nothing. */
export function emptyValues(): RuleFormValues {
  return { publisher: '', product: '', requiresLicence: false, domestic: false, match: [''], exclude: [], sources: [], editions: [], licenceByEdition: [], priority: 0, enabled: true };
}

/** The form of an existing rule (to edit it, or to copy a shipped rule into a local one). */
export function valuesFromRule(rule: RecognitionRule, enabled: boolean): RuleFormValues {
  return {
    id: rule.id,
    publisher: rule.publisher,
    product: rule.product,
    category: rule.category,
    licence: rule.licence,
    requiresLicence: rule.requiresLicence ?? licenceNeeded(rule.licence),
    domestic: rule.domestic,
    match: [...rule.match],
    exclude: [...rule.exclude],
    publisherMatch: rule.publisherMatch,
    sources: [...(rule.sources ?? [])],
    editions: Object.entries(rule.editions ?? {}).map(([pattern, edition]) => ({ pattern, edition })),
    licenceByEdition: Object.entries(rule.licenceByEdition ?? {}).map(([edition, licence]) => ({ edition, licence })),
    priority: rule.priority,
    note: rule.note,
    enabled,
  };
}

const trimmed = (s: string | undefined) => s?.trim() || undefined;

/**
 * The rule to send: the form's fields over the rule being edited, so fields
 * the editor does not show (aliases, overrides, releases, parent, …) are
 * kept. `requiresLicence` is sent only when it is not what the licence class
 * implies anyway, or the rule had it already.
 */
export function ruleFromValues(values: RuleFormValues, base?: RecognitionRule): RecognitionRuleDraft {
  const licence = values.licence ?? 'unknown';
  const editions = Object.fromEntries(values.editions.filter((e) => trimmed(e.pattern) && trimmed(e.edition)).map((e) => [e.pattern!.trim(), e.edition!.trim()]));
  const byEdition = Object.fromEntries(values.licenceByEdition.filter((e) => trimmed(e.edition) && e.licence).map((e) => [e.edition!.trim(), e.licence!]));
  const draft: RecognitionRuleDraft = {
    ...(base ?? {}),
    id: trimmed(values.id),
    publisher: values.publisher.trim(),
    product: values.product.trim(),
    category: values.category ?? 'utility',
    licence,
    domestic: values.domestic,
    match: values.match.map((p) => p.trim()).filter(Boolean),
    exclude: values.exclude.map((p) => p.trim()).filter(Boolean),
    publisherMatch: trimmed(values.publisherMatch),
    sources: values.sources.length > 0 ? values.sources : undefined,
    editions: Object.keys(editions).length > 0 ? editions : undefined,
    licenceByEdition: Object.keys(byEdition).length > 0 ? byEdition : undefined,
    priority: values.priority,
    note: trimmed(values.note),
  };
  draft.requiresLicence = base?.requiresLicence !== undefined || values.requiresLicence !== licenceNeeded(licence) ? values.requiresLicence : undefined;
  // Undefined keys would be sent as absent anyway; dropping them keeps the body readable in the audit trail.
  for (const key of Object.keys(draft) as (keyof RecognitionRuleDraft)[]) if (draft[key] === undefined) delete draft[key];
  return draft;
}

/**
 * The form field of a server field path (`rule.match.0` → `['match', 0]`,
 * `rule.editions.<pattern>` → that pair's pattern). Null when the path
 * names nothing the form shows.
 */
export function formFieldOf(path: string, values: Pick<RuleFormValues, 'editions' | 'licenceByEdition'>): (string | number)[] | null {
  const p = path.replace(/^rule\./, '');
  if (p.startsWith('editions.')) {
    const key = p.slice('editions.'.length);
    const i = values.editions.findIndex((e) => e.pattern?.trim() === key);
    return i >= 0 ? ['editions', i, 'pattern'] : ['editions'];
  }
  if (p.startsWith('licenceByEdition.')) {
    const key = p.slice('licenceByEdition.'.length);
    const i = values.licenceByEdition.findIndex((e) => e.edition?.trim() === key);
    return i >= 0 ? ['licenceByEdition', i, 'licence'] : ['licenceByEdition'];
  }
  const parts = p.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const [head] = parts;
  if (typeof head !== 'string' || !FORM_FIELDS.has(head)) return null;
  if ((head === 'match' || head === 'exclude') && parts.length > 1) return [head, parts[1]!];
  return [head];
}

const FORM_FIELDS = new Set<string>(['id', 'publisher', 'product', 'category', 'licence', 'requiresLicence', 'domestic', 'match', 'exclude', 'publisherMatch', 'sources', 'editions', 'licenceByEdition', 'priority', 'note', 'enabled']);
