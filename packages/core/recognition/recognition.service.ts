import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import {
  recognitionRuleSchema,
  type LocalRuleCreateInput,
  type LocalRuleListQuery,
  type LocalRuleUpdateInput,
  type RecognitionBatchResult,
  type RecognitionInput,
  type RecognitionResult,
  type RecognitionRule,
  type RecognitionRuleDraft,
  type RuleView,
  type RulePreviewResult,
  type RulesImportInput,
  type RulesImportResult,
} from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type RecognitionRuleRow } from '../../storage/repositories/index.ts';
import type { DB } from '../../storage/schema.ts';
import type { AuditService } from '../audit/audit.service.ts';
import { AppError, notFound } from '../errors.ts';
import { nowIso } from '../ids.ts';
import { assertCan, type Actor } from '../policy/policy.ts';
import { DocumentError, parseRulesDocument, renderDocument, toDocument } from './recognition.document.ts';
import { recognizerWith, shippedLibrary } from './recognition.library.ts';
import { compileLibrary, type Recognizer } from './recognition.rules.ts';

/** How long a compiled library is trusted before the rule table is checked again (other processes may have changed it). */
const STAMP_TTL_MS = 2000;
/** Preview answers list at most this many matched names (the count is exact). */
const PREVIEW_ITEMS_MAX = 2000;

const target = (originRegionCode: string | null) => ({ orgPath: null, regionCode: originRegionCode });

function parseStored(row: RecognitionRuleRow): RecognitionRule | null {
  const r = recognitionRuleSchema.safeParse(JSON.parse(row.body_json));
  return r.success ? r.data : null;
}

function toView(row: RecognitionRuleRow, rule: RecognitionRule): RuleView {
  return {
    rule,
    origin: 'local',
    enabled: row.enabled === 1,
    originRegionCode: row.origin_region_code,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    file: null,
    replacesShipped: shippedLibrary().fileOf.has(rule.id),
  };
}

function shippedView(rule: RecognitionRule): RuleView {
  return { rule, origin: 'shipped', enabled: true, originRegionCode: null, createdAt: null, updatedAt: null, updatedBy: null, file: shippedLibrary().fileOf.get(rule.id) ?? null, replacesShipped: false };
}

/** ASCII slug for generated rule ids. */
function idSlug(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\+/g, 'p')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}

/** The audit snapshot of a local rule. */
const auditView = (rule: RecognitionRule, enabled: boolean, originRegionCode: string | null) => ({ rule, enabled, originRegionCode });

/**
 * Recognition (软件识别): the shipped library plus the local rules of this
 * installation (reference data, edited by the national office and region
 * offices), batch recognition, rule preview and the shareable rule file.
 */
export class RecognitionService {
  private cache: { stamp: string; checkedAt: number; recognizer: Recognizer; local: RecognitionRule[] } | null = null;

  constructor(
    private readonly database: Database,
    private readonly audit: AuditService,
  ) {}

  /**
   * Called after the local rules changed (the catalogue re-recognises the
   * stored titles whose result changes).
   */
  onRulesChanged: (() => Promise<unknown>) | null = null;

  /** Drops the compiled library and tells whoever listens that the rules changed. */
  private async rulesChanged(): Promise<void> {
    this.cache = null;
    await this.onRulesChanged?.();
  }

  /** The compiled library with the enabled local rules first; recompiled when the rules change. */
  async recognizer(): Promise<Recognizer> {
    return (await this.compiled()).recognizer;
  }

  private async compiled() {
    const now = Date.now();
    if (this.cache && now - this.cache.checkedAt < STAMP_TTL_MS) return this.cache;
    const repo = repositories(this.database.db).recognition;
    const stamp = await repo.stamp();
    if (this.cache?.stamp === stamp) {
      this.cache.checkedAt = now;
      return this.cache;
    }
    const local = (await repo.all(true)).map(parseStored).filter((r): r is RecognitionRule => r !== null);
    this.cache = { stamp, checkedAt: now, recognizer: recognizerWith(local), local };
    return this.cache;
  }

  /**
   * Recognises raw installed items (for the inventory: no actor, no policy).
   * Repeated names cost one lookup; results are shared, do not modify them.
   */
  async recognizeMany(rows: readonly RecognitionInput[]): Promise<RecognitionResult[]> {
    return (await this.recognizer()).recognizeMany(rows);
  }

  /** `POST /api/recognition/batch`. */
  async batch(actor: Actor, rows: readonly RecognitionInput[]): Promise<RecognitionBatchResult> {
    assertCan(actor, 'catalogue.read');
    const results = await this.recognizeMany(rows);
    const distinct = new Set(rows.map((r) => `${r.source ?? ''}\u001f${r.displayName}\u001f${r.publisher ?? ''}\u001f${r.version ?? ''}`)).size;
    const unknown = results.filter((r) => r.ruleId === null).length;
    return { results, total: rows.length, recognised: rows.length - unknown, unknown, distinct };
  }

  async listRules(actor: Actor, q: LocalRuleListQuery): Promise<{ items: RuleView[]; total: number }> {
    assertCan(actor, 'catalogue.read');
    const offset = (q.page - 1) * q.pageSize;
    const repo = repositories(this.database.db).recognition;
    if (q.origin === 'local') {
      const { rows, total } = await repo.list(q, { offset, limit: q.pageSize });
      return { items: rows.flatMap((r) => (parseStored(r) ? [toView(r, parseStored(r)!)] : [])), total };
    }
    const views: RuleView[] = [];
    if (q.origin === 'all') for (const r of await repo.all()) {
      const rule = parseStored(r);
      if (rule) views.push(toView(r, rule));
    }
    for (const rule of shippedLibrary().rules) views.push(shippedView(rule));
    const needle = q.q?.toLowerCase();
    const filtered = views.filter(
      (v) =>
        (!needle || v.rule.id.includes(needle) || v.rule.publisher.toLowerCase().includes(needle) || v.rule.product.toLowerCase().includes(needle) || v.rule.aliases.some((a) => a.toLowerCase().includes(needle))) &&
        (!q.category || v.rule.category === q.category) &&
        (!q.licence || v.rule.licence === q.licence),
    );
    return { items: filtered.slice(offset, offset + q.pageSize), total: filtered.length };
  }

  /** A local rule, else the shipped rule with that id. */
  async getRule(actor: Actor, id: string): Promise<RuleView> {
    assertCan(actor, 'catalogue.read');
    const row = await repositories(this.database.db).recognition.findById(id);
    const rule = row ? parseStored(row) : null;
    if (row && rule) return toView(row, rule);
    const shipped = shippedLibrary().rules.find((r) => r.id === id);
    if (!shipped) throw notFound('recognition rule');
    return shippedView(shipped);
  }

  async createRule(actor: Actor, input: LocalRuleCreateInput): Promise<RuleView> {
    assertCan(actor, 'catalogue.write', target(actor.regionCode));
    const id = await this.database.transaction(async (trx) => {
      const repos = repositories(trx);
      const ruleId = input.rule.id ?? (await this.freeId(trx, input.rule));
      if (await repos.recognition.findById(ruleId)) throw new AppError('VALIDATION_FAILED', { message: 'rule id taken', details: { reason: 'rule id taken', id: ruleId } });
      const rule = this.validated({ ...input.rule, id: ruleId });
      await this.insertIn(trx, actor, rule, input.enabled ?? true);
      return ruleId;
    });
    await this.rulesChanged();
    return this.getRule(actor, id);
  }

  async updateRule(actor: Actor, id: string, input: LocalRuleUpdateInput): Promise<RuleView> {
    await this.database.transaction(async (trx) => {
      const before = await repositories(trx).recognition.findById(id);
      if (!before) throw notFound('recognition rule');
      assertCan(actor, 'catalogue.write', target(before.origin_region_code));
      if (input.rule.id !== undefined && input.rule.id !== id) throw new AppError('VALIDATION_FAILED', { message: 'the id of a rule cannot change', details: { reason: 'id differs from the URL', id: input.rule.id } });
      await this.updateIn(trx, actor, before, this.validated({ ...input.rule, id }), input.enabled ?? true);
    });
    await this.rulesChanged();
    return this.getRule(actor, id);
  }

  async deleteRule(actor: Actor, id: string): Promise<void> {
    await this.database.transaction(async (trx) => {
      const repos = repositories(trx);
      const before = await repos.recognition.findById(id);
      if (!before) throw notFound('recognition rule');
      assertCan(actor, 'catalogue.write', target(before.origin_region_code));
      await repos.recognition.delete(id);
      await this.audit.append(trx, actor, { action: 'delete', entityType: 'recognition_rule', entityId: id, regionCode: before.origin_region_code, before: auditView(JSON.parse(before.body_json), before.enabled === 1, before.origin_region_code) });
    });
    await this.rulesChanged();
  }

  /**
   * Which of the names the rule would match, with their result now and with
   * the rule saved (local rules win over shipped ones). The inventory feeds
   * it the stored names to show a reviewer what a rule changes.
   */
  async previewRule(actor: Actor, draft: RecognitionRuleDraft, names: readonly RecognitionInput[]): Promise<RulePreviewResult> {
    assertCan(actor, 'catalogue.write');
    const rule = this.validated({ ...draft, id: draft.id ?? 'preview' });
    const { recognizer: now, local } = await this.compiled();
    const lib = shippedLibrary();
    const alone = compileLibrary([], { local: [rule], publishers: lib.publishers });
    const after = compileLibrary(lib.rules, { local: [rule, ...local.filter((r) => r.id !== rule.id)], publishers: lib.publishers });
    const items: RulePreviewResult['items'] = [];
    let matched = 0;
    names.forEach((x, index) => {
      if (alone.recognize(x).ruleId !== rule.id) return;
      matched++;
      if (items.length < PREVIEW_ITEMS_MAX) items.push({ index, displayName: x.displayName, before: now.recognize(x), after: after.recognize(x) });
    });
    return { total: names.length, matched, items };
  }

  /** The local rules as a shareable YAML or JSON file. */
  async exportRules(actor: Actor, format: 'yaml' | 'json'): Promise<{ filename: string; contentType: string; body: string }> {
    assertCan(actor, 'catalogue.read');
    const rows = await repositories(this.database.db).recognition.all();
    const rules = rows.flatMap((r) => {
      const rule = parseStored(r);
      return rule ? [{ rule, enabled: r.enabled === 1 }] : [];
    });
    const body = renderDocument(toDocument(rules, nowIso()), format);
    return { filename: `recognition-rules.${format === 'json' ? 'json' : 'yaml'}`, contentType: format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8', body };
  }

  /**
   * Imports a rule file: adds and updates (and in `replace` mode deletes the
   * local rules in the actor's scope that the file does not have). A file
   * with any invalid rule changes nothing.
   */
  async importRules(actor: Actor, input: RulesImportInput): Promise<RulesImportResult> {
    assertCan(actor, 'catalogue.write', target(actor.regionCode));
    let parsed;
    try {
      parsed = parseRulesDocument(input.content);
    } catch (e) {
      if (e instanceof DocumentError) throw new AppError('UNSUPPORTED_FILE', { message: e.message, details: { reason: e.message } });
      throw e;
    }
    const result: RulesImportResult = { rejected: false, total: parsed.length, created: 0, updated: 0, unchanged: 0, deleted: 0, dryRun: input.dryRun, errors: [] };
    for (const p of parsed) for (const e of p.errors) result.errors.push({ index: p.index, id: p.id, path: e.path, message: e.message });
    if (result.errors.length) return { ...result, rejected: true };

    const apply = async (trx: Transaction<DB>) => {
      const repo = repositories(trx).recognition;
      const existing = new Map((await repo.all()).map((r) => [r.id, r]));
      for (const p of parsed) {
        const rule = p.rule!;
        const before = existing.get(rule.id);
        if (!before) {
          await this.insertIn(trx, actor, rule, p.enabled);
          result.created++;
        } else {
          assertCan(actor, 'catalogue.write', target(before.origin_region_code));
          if (await this.updateIn(trx, actor, before, rule, p.enabled)) result.updated++;
          else result.unchanged++;
        }
      }
      if (input.mode === 'replace') {
        const keep = new Set(parsed.map((p) => p.rule!.id));
        for (const row of existing.values()) {
          if (keep.has(row.id)) continue;
          assertCan(actor, 'catalogue.write', target(row.origin_region_code));
          await repo.delete(row.id);
          await this.audit.append(trx, actor, { action: 'delete', entityType: 'recognition_rule', entityId: row.id, regionCode: row.origin_region_code, before: auditView(JSON.parse(row.body_json), row.enabled === 1, row.origin_region_code) });
          result.deleted++;
        }
      }
    };
    if (input.dryRun) {
      // Runs the whole import and rolls it back, so the figures are exact.
      await this.database
        .transaction(async (trx) => {
          await apply(trx);
          throw new DryRunDone();
        })
        .catch((e) => {
          if (!(e instanceof DryRunDone)) throw e;
        });
    } else {
      await this.database.transaction(apply);
      await this.rulesChanged();
    }
    return result;
  }

  /** Validates a rule as the library would (regular expressions compile, fields in range). */
  private validated(rule: unknown): RecognitionRule {
    const r = recognitionRuleSchema.safeParse(rule);
    if (!r.success) throw new AppError('VALIDATION_FAILED', { details: { issues: r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) } });
    return r.data;
  }

  private async freeId(trx: Transaction<DB>, draft: RecognitionRuleDraft): Promise<string> {
    // Chinese names have no ASCII slug: a short stable hash of publisher and product stands in.
    const slug = [idSlug(draft.publisher), idSlug(draft.product)].filter(Boolean).join('.');
    const base = `local.${slug.length >= 3 ? slug : createHash('sha256').update(`${draft.publisher}\u001f${draft.product}`).digest('hex').slice(0, 10)}`;
    const taken = new Set(await repositories(trx).recognition.idsLike(base));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  private async insertIn(trx: Transaction<DB>, actor: Actor, rule: RecognitionRule, enabled: boolean): Promise<void> {
    const now = nowIso();
    await repositories(trx).recognition.insert({
      id: rule.id,
      publisher: rule.publisher,
      product: rule.product,
      category: rule.category,
      licence_class: rule.licence,
      body_json: JSON.stringify(rule),
      enabled: enabled ? 1 : 0,
      origin_region_code: actor.regionCode,
      created_at: now,
      updated_at: now,
      updated_by: actor.displayName,
    });
    await this.audit.append(trx, actor, { action: 'create', entityType: 'recognition_rule', entityId: rule.id, regionCode: actor.regionCode, after: auditView(rule, enabled, actor.regionCode) });
  }

  /** Updates inside a transaction; returns whether anything changed. */
  private async updateIn(trx: Transaction<DB>, actor: Actor, before: RecognitionRuleRow, rule: RecognitionRule, enabled: boolean): Promise<boolean> {
    const body = JSON.stringify(rule);
    if (body === before.body_json && (before.enabled === 1) === enabled) return false;
    await repositories(trx).recognition.update(before.id, {
      publisher: rule.publisher,
      product: rule.product,
      category: rule.category,
      licence_class: rule.licence,
      body_json: body,
      enabled: enabled ? 1 : 0,
      updated_at: nowIso(),
      updated_by: actor.displayName,
    });
    await this.audit.append(trx, actor, {
      action: 'update',
      entityType: 'recognition_rule',
      entityId: before.id,
      regionCode: before.origin_region_code,
      before: auditView(JSON.parse(before.body_json), before.enabled === 1, before.origin_region_code),
      after: auditView(rule, enabled, before.origin_region_code),
    });
    return true;
  }
}

class DryRunDone extends Error {}
