import type { InstallSource, RecognitionInput, RecognitionResult } from '../../contracts/index.ts';
import type { SoftwareTitleRow } from '../../storage/repositories/inventory.repository.ts';
import type { KeyedSoftware } from './inventory.rules.ts';

/** Recognises raw items; the inventory is given one by the recognition module. */
export type RecognizeFn = (rows: readonly RecognitionInput[]) => Promise<RecognitionResult[]>;

/**
 * The recognition source of an installed item: how it was found, or the
 * device's operating system when the source does not say.
 */
export function sourceHint(source: string | null, osName: string | null): InstallSource | null {
  const s = (source ?? '').toLowerCase();
  if (s === 'dpkg' || s === 'deb' || s === 'apt') return 'dpkg';
  if (s === 'rpm' || s === 'yum' || s === 'dnf') return 'rpm';
  if (s === 'registry' || s === 'msi' || s === 'windows' || s === 'appx') return 'windows';
  if (s === 'macos' || s === 'app' || s === 'bundle') return 'macos';
  const os = (osName ?? '').toLowerCase();
  if (os.includes('windows')) return 'windows';
  if (os.includes('mac')) return 'macos';
  return null;
}

/** The recognition input of a title. */
export function recognitionInputOf(t: { name: string; version: string | null; publisher: string | null; source_hint: string | null }): RecognitionInput {
  return { displayName: t.name, publisher: t.publisher, version: t.version, source: (t.source_hint as InstallSource | null) ?? null };
}

/** The recognition columns of a title row. */
export function recognitionColumns(r: RecognitionResult | null, at: string): Pick<SoftwareTitleRow, 'rec_publisher' | 'rec_product' | 'rec_edition' | 'rec_version' | 'rec_major' | 'rec_release' | 'product_key' | 'parent_key' | 'category' | 'licence_class' | 'requires_licence' | 'domestic' | 'rule_id' | 'confidence' | 'recognized_at'> {
  if (!r) {
    return { rec_publisher: null, rec_product: null, rec_edition: null, rec_version: null, rec_major: null, rec_release: null, product_key: null, parent_key: null, category: null, licence_class: null, requires_licence: null, domestic: null, rule_id: null, confidence: null, recognized_at: null };
  }
  return {
    rec_publisher: r.publisherNorm?.slice(0, 500) ?? null,
    rec_product: r.product?.slice(0, 500) ?? null,
    rec_edition: r.edition?.slice(0, 200) ?? null,
    rec_version: r.versionNorm?.slice(0, 255) ?? null,
    rec_major: r.majorRelease?.slice(0, 64) ?? null,
    rec_release: r.release?.slice(0, 64) ?? null,
    product_key: r.productKey.slice(0, 300),
    parent_key: r.parentKey?.slice(0, 300) ?? null,
    category: r.category,
    licence_class: r.licenceClass,
    requires_licence: r.requiresLicence ? 1 : 0,
    domestic: r.domestic ? 1 : 0,
    rule_id: r.ruleId,
    confidence: r.confidence,
    recognized_at: at,
  };
}

/**
 * Title rows for items that may be new, recognised on the way in. Runs
 * before the ingestion transaction: recognition may read the local rules,
 * and SQLite's one connection is the transaction's while it is open.
 */
export async function newTitleRows(items: KeyedSoftware[], osName: string | null, now: string, recognize: RecognizeFn | undefined): Promise<SoftwareTitleRow[]> {
  if (items.length === 0) return [];
  const base: Pick<SoftwareTitleRow, 'name' | 'version' | 'publisher' | 'source_hint'>[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const s = items[i]!;
    base[i] = { name: s.name, version: s.version?.slice(0, 255) ?? null, publisher: s.publisher?.slice(0, 500) ?? null, source_hint: sourceHint(s.source, osName) };
  }
  const results = recognize ? await recognize(base.map(recognitionInputOf)) : [];
  // One object literal per row (no spreads): an import brings tens of thousands of titles.
  const rows: SoftwareTitleRow[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const s = items[i]!;
    const b = base[i]!;
    const c = recognitionColumns(results[i] ?? null, now);
    rows[i] = {
      title_key: s.key,
      name: s.name,
      version: b.version,
      publisher: b.publisher,
      arch: s.arch?.slice(0, 64) ?? null,
      first_seen_at: now,
      source_hint: b.source_hint,
      rec_publisher: c.rec_publisher,
      rec_product: c.rec_product,
      rec_edition: c.rec_edition,
      rec_version: c.rec_version,
      rec_major: c.rec_major,
      rec_release: c.rec_release,
      product_key: c.product_key,
      parent_key: c.parent_key,
      category: c.category,
      licence_class: c.licence_class,
      requires_licence: c.requires_licence,
      domestic: c.domestic,
      rule_id: c.rule_id,
      confidence: c.confidence,
      recognized_at: c.recognized_at,
    };
  }
  return rows;
}
