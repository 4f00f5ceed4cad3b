import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { RULES_DOCUMENT_FORMAT, recognitionRuleSchema, type RecognitionRule, type RulesDocument } from '../../contracts/index.ts';

/**
 * The shareable file of local rules (so a province can share its rules):
 * YAML or JSON, `{ format, version, exportedAt, rules, disabled }`. Import
 * also takes a bare list of rules and a library file (`{ defaults, entries }`).
 */

/** Builds the export document. */
export function toDocument(rules: readonly { rule: RecognitionRule; enabled: boolean }[], exportedAt: string): RulesDocument {
  return {
    format: RULES_DOCUMENT_FORMAT,
    version: 1,
    exportedAt,
    rules: rules.map((r) => r.rule),
    disabled: rules.filter((r) => !r.enabled).map((r) => r.rule.id),
  };
}

/** The document as text. */
export function renderDocument(doc: RulesDocument, format: 'yaml' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(doc, null, 2)}\n`;
  return stringifyYaml(doc, { lineWidth: 0 });
}

/** A rule of an imported document, valid or with its problems. */
export interface ImportedRule {
  index: number;
  rule: RecognitionRule | null;
  id: string | null;
  enabled: boolean;
  errors: { path: string; message: string }[];
}

/** Why a document could not be read at all. */
export class DocumentError extends Error {}

/** Reads a document (YAML or JSON) and validates every rule in it. */
export function parseRulesDocument(text: string): ImportedRule[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new DocumentError((e as Error).message);
  }
  let raws: unknown[];
  let defaults: Record<string, unknown> = {};
  let disabled = new Set<string>();
  if (Array.isArray(doc)) raws = doc;
  else if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if (Array.isArray(o.rules)) raws = o.rules;
    else if (Array.isArray(o.entries)) {
      raws = o.entries;
      if (o.defaults && typeof o.defaults === 'object') defaults = o.defaults as Record<string, unknown>;
    } else throw new DocumentError('no "rules" list in the document');
    if (Array.isArray(o.disabled)) disabled = new Set(o.disabled.filter((x): x is string => typeof x === 'string'));
  } else throw new DocumentError('the document is neither a list nor an object');

  const seen = new Set<string>();
  return raws.map((raw, index) => {
    const merged = raw && typeof raw === 'object' && !Array.isArray(raw) ? { ...defaults, ...(raw as object) } : raw;
    const id = merged && typeof merged === 'object' && typeof (merged as { id?: unknown }).id === 'string' ? (merged as { id: string }).id : null;
    const r = recognitionRuleSchema.safeParse(merged);
    if (!r.success) {
      return { index, rule: null, id, enabled: true, errors: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) };
    }
    if (seen.has(r.data.id)) return { index, rule: null, id, enabled: true, errors: [{ path: 'id', message: 'duplicate id in the document' }] };
    seen.add(r.data.id);
    return { index, rule: r.data, id: r.data.id, enabled: !disabled.has(r.data.id), errors: [] };
  });
}
