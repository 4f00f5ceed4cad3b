import type { CatalogueProduct, LicenceClass, RecognitionResult, ReviewItem, SoftwareCategory, StoredPreviewResult } from '../../contracts/index.ts';
import type { Database } from '../../storage/database.ts';
import { repositories, type CatalogueFilter } from '../../storage/repositories/index.ts';
import { nowIso } from '../ids.ts';
import { assertCan, scopeOf, type Actor } from '../policy/policy.ts';
import type { RecognitionService } from '../recognition/recognition.service.ts';
import { REVIEW_CONFIDENCE } from '../recognition/recognition.rules.ts';
import { recognitionColumns, recognitionInputOf } from './title-recognition.ts';
import type { RecognitionRuleDraft } from '../../contracts/recognition.ts';

/** Stored titles read per batch when walking all of them. */
const BATCH = 5000;
/** Items listed in a stored-title preview. */
const PREVIEW_ITEMS = 200;

/** Same recognition, column for column (so unchanged titles are not rewritten). */
function sameColumns(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  for (const k of Object.keys(b)) if (k !== 'recognized_at' && (a[k] ?? null) !== (b[k] ?? null)) return false;
  return true;
}

/**
 * What is installed, as recognised: the review queue of unrecognised names,
 * the catalogue of products with device counts, previews of a rule over
 * every stored title, and re-recognition after the rules change.
 */
export class CatalogueService {
  constructor(
    private readonly database: Database,
    private readonly recognition: RecognitionService,
  ) {}

  private get repo() {
    return repositories(this.database.db).catalogue;
  }

  async reviewQueue(actor: Actor, q: { page: number; pageSize: number; q?: string | undefined }): Promise<{ items: ReviewItem[]; total: number }> {
    assertCan(actor, 'catalogue.read');
    assertCan(actor, 'device.read');
    const { rows, total } = await this.repo.reviewQueue(scopeOf(actor), { q: q.q, minConfidence: REVIEW_CONFIDENCE }, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const versions = await this.repo.versionsOf(rows.map((r) => ({ name: r.name, publisher: r.publisher })));
    const key = (n: string, p: string | null) => `${n}\u0000${p ?? ''}`;
    const byName = new Map<string, string[]>();
    for (const v of versions) if (v.version) byName.set(key(v.name, v.publisher), [...(byName.get(key(v.name, v.publisher)) ?? []), v.version]);
    return {
      total,
      items: rows.map((r) => ({
        name: r.name,
        publisher: r.publisher,
        versions: (byName.get(key(r.name, r.publisher)) ?? []).slice(0, 20),
        devices: Number(r.devices),
        orgs: Number(r.orgs),
        titles: Number(r.titles),
        licenceClass: (r.licence_class as LicenceClass | null) ?? null,
        confidence: r.confidence === null ? null : Number(r.confidence),
        source: (r.source_hint as ReviewItem['source']) ?? null,
      })),
    };
  }

  async catalogue(actor: Actor, q: CatalogueFilter & { page: number; pageSize: number }): Promise<{ items: CatalogueProduct[]; total: number }> {
    assertCan(actor, 'catalogue.read');
    assertCan(actor, 'device.read');
    const scope = scopeOf(actor);
    const { rows, total } = await this.repo.catalogue(scope, q, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    const variants = await this.repo.variantsOf(scope, rows.map((r) => r.product_key!));
    return {
      total,
      items: rows.map((r) => ({
        productKey: r.product_key!,
        publisher: r.publisher,
        product: r.product,
        category: (r.category as SoftwareCategory | null) ?? null,
        licenceClass: (r.licence_class as LicenceClass | null) ?? null,
        requiresLicence: Number(r.requires_licence) === 1,
        domestic: Number(r.domestic) === 1,
        devices: Number(r.devices),
        orgs: Number(r.orgs),
        titles: Number(r.titles),
        variants: variants
          .filter((v) => v.product_key === r.product_key)
          .slice(0, 30)
          .map((v) => ({ edition: v.rec_edition, majorRelease: v.rec_major, licenceClass: (v.licence_class as LicenceClass | null) ?? null, devices: Number(v.devices) })),
      })),
    };
  }

  async productOrgs(actor: Actor, q: { productKey: string; page: number; pageSize: number }) {
    assertCan(actor, 'catalogue.read');
    assertCan(actor, 'device.read');
    const { rows, total } = await this.repo.orgsWith(scopeOf(actor), q.productKey, { offset: (q.page - 1) * q.pageSize, limit: q.pageSize });
    return { total, items: rows.map((r) => ({ orgId: r.id, orgName: r.name, regionCode: r.region_code, devices: Number(r.devices) })) };
  }

  /** What a draft rule would match among every stored title, with devices in the actor's scope. */
  async previewStored(actor: Actor, draft: RecognitionRuleDraft): Promise<StoredPreviewResult> {
    assertCan(actor, 'catalogue.write');
    const matchedKeys: string[] = [];
    const items: { key: string; name: string; publisher: string | null; version: string | null; before: RecognitionResult; after: RecognitionResult }[] = [];
    let titles = 0;
    for (let after = ''; ; ) {
      // previewRule lists at most 2,000 matches per call: batches no larger, so every match is seen.
      const batch = await this.repo.titlesAfter(after, 2000);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.title_key;
      titles += batch.length;
      const r = await this.recognition.previewRule(actor, draft, batch.map(recognitionInputOf));
      for (const it of r.items) {
        const t = batch[it.index]!;
        matchedKeys.push(t.title_key);
        if (items.length < PREVIEW_ITEMS) items.push({ key: t.title_key, name: t.name, publisher: t.publisher, version: t.version, before: it.before, after: it.after });
      }
    }
    const counts = await this.repo.deviceCounts(scopeOf(actor), matchedKeys);
    let devices = 0;
    for (const n of counts.values()) devices += n;
    return {
      titles,
      matched: matchedKeys.length,
      devices,
      items: items.map((i) => ({ name: i.name, publisher: i.publisher, version: i.version, devices: counts.get(i.key) ?? 0, before: i.before, after: i.after })).sort((a, b) => b.devices - a.devices),
    };
  }

  /**
   * Recognises every stored title again with the current rules and rewrites
   * only the titles whose result changed (after a rule was saved, or a new
   * library shipped). Returns how many changed.
   */
  async rerecognize(): Promise<{ titles: number; changed: number }> {
    const recognizer = await this.recognition.recognizer();
    const now = nowIso();
    let titles = 0;
    let changed = 0;
    for (let after = ''; ; ) {
      const batch = await this.repo.titlesAfter(after, BATCH);
      if (batch.length === 0) break;
      after = batch[batch.length - 1]!.title_key;
      titles += batch.length;
      const results = recognizer.recognizeMany(batch.map(recognitionInputOf));
      const updates = batch.map((t, i) => ({ t, cols: recognitionColumns(results[i]!, now) })).filter(({ t, cols }) => !sameColumns(t as unknown as Record<string, unknown>, cols));
      if (updates.length === 0) continue;
      await this.database.transaction(async (trx) => {
        const repo = repositories(trx).catalogue;
        for (const u of updates) await repo.updateTitle(u.t.title_key, u.cols);
      });
      changed += updates.length;
    }
    if (changed > 0) await this.onTitlesChanged?.();
    return { titles, changed };
  }

  /** Told after re-recognition changed stored titles (compliance rebuilds what depends on them). */
  onTitlesChanged: (() => Promise<unknown>) | null = null;

  /** rerecognize() for a user allowed to change the rules. */
  async rerecognizeAs(actor: Actor) {
    assertCan(actor, 'catalogue.write');
    return this.rerecognize();
  }
}
