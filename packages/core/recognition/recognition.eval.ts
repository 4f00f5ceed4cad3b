import fs from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { INSTALL_SOURCES, type InstallSource, type RecognitionResult } from '../../contracts/index.ts';
import type { Recognizer } from './recognition.rules.ts';

/**
 * Measures the recognizer against a labelled evaluation set (CSV with the
 * columns of test/fixtures/recognition/eval-set.csv). Used by the eval test
 * and the bench; nothing here knows any particular row.
 */

/** One labelled row. */
export interface EvalRow {
  displayName: string;
  publisher: string;
  version: string;
  source: InstallSource | null;
  expectedPublisher: string;
  expectedProduct: string;
  expectedEdition: string;
  expectedCategory: string;
  expectedLicenceClass: string;
  expectedRequiresLicence: boolean;
  expectedDomestic: boolean;
}

/** The figures reported in docs/BENCHMARKS.md. */
export interface EvalFigures {
  rows: number;
  /** share of rows whose licence class matches */
  licenceAccuracy: number;
  /** of the rows flagged as needing a licence, the share that do */
  requiresPrecision: number;
  /** of the rows that need a licence, the share flagged */
  requiresRecall: number;
  /** share whose product matches (normalised, product or alias) */
  productAccuracy: number;
  categoryAccuracy: number;
  domesticAccuracy: number;
  /** share not unknown */
  coverage: number;
  /** false positives / negatives of requiresLicence, for review */
  falsePositives: EvalMiss[];
  falseNegatives: EvalMiss[];
  /** rows whose licence class is wrong */
  licenceMisses: EvalMiss[];
  productMisses: EvalMiss[];
}

export interface EvalMiss {
  row: EvalRow;
  got: RecognitionResult;
}

const HEADER = ['display_name', 'publisher', 'version', 'source', 'expected_publisher', 'expected_product', 'expected_edition', 'expected_category', 'expected_licence_class', 'expected_requires_licence', 'expected_domestic'];

/** The columns of a set labelled with requiresLicence only (its other expectations read as empty). */
export const REQUIRES_ONLY_HEADER = ['display_name', 'publisher', 'version', 'source', 'expected_requires_licence'] as const;

/** Reads the evaluation CSV (`columns`: those it must have). */
export function readEvalSet(file: string, columns: readonly string[] = HEADER): EvalRow[] {
  const records = parseCsv(fs.readFileSync(file), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
  if (records[0]) for (const h of columns) if (!(h in records[0])) throw new Error(`${file}: missing column ${h}`);
  return records.map((r) => ({
    displayName: r.display_name ?? '',
    publisher: r.publisher ?? '',
    version: r.version ?? '',
    source: (INSTALL_SOURCES as readonly string[]).includes(r.source ?? '') ? (r.source as InstallSource) : null,
    expectedPublisher: r.expected_publisher ?? '',
    expectedProduct: r.expected_product ?? '',
    expectedEdition: r.expected_edition ?? '',
    expectedCategory: r.expected_category ?? '',
    expectedLicenceClass: r.expected_licence_class ?? '',
    expectedRequiresLicence: r.expected_requires_licence === 'true',
    expectedDomestic: r.expected_domestic === 'true',
  }));
}

/** Lower case, letters, digits and CJK only. */
function squash(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^a-z0-9\u3400-\u9fff]+/g, '');
}

/**
 * Whether a product name matches the expected one: equal after squashing,
 * with the publisher's name allowed in front ("Microsoft Office" = "Office").
 */
export function sameProduct(expected: string, candidates: readonly string[], publishers: readonly (string | null)[]): boolean {
  const e = squash(expected);
  if (!e) return false;
  const pubs = publishers.filter((p): p is string => !!p).map(squash).filter(Boolean);
  const strip = (s: string) => {
    for (const p of pubs) if (s.startsWith(p) && s.length > p.length) return s.slice(p.length);
    return s;
  };
  const ee = strip(e);
  return candidates.some((c) => {
    const s = squash(c);
    return s === e || strip(s) === ee;
  });
}

const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);

/** Recognises every row and computes the figures. */
export function evaluate(rows: readonly EvalRow[], recognizer: Recognizer): EvalFigures {
  let licenceOk = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let productOk = 0;
  let categoryOk = 0;
  let domesticOk = 0;
  let covered = 0;
  const falsePositives: EvalMiss[] = [];
  const falseNegatives: EvalMiss[] = [];
  const licenceMisses: EvalMiss[] = [];
  const productMisses: EvalMiss[] = [];
  for (const row of rows) {
    const got = recognizer.recognize({ displayName: row.displayName, publisher: row.publisher || null, version: row.version || null, source: row.source });
    if (got.ruleId !== null) covered++;
    if (got.licenceClass === row.expectedLicenceClass) licenceOk++;
    else licenceMisses.push({ row, got });
    if (got.requiresLicence && row.expectedRequiresLicence) tp++;
    else if (got.requiresLicence) {
      fp++;
      falsePositives.push({ row, got });
    } else if (row.expectedRequiresLicence) {
      fn++;
      falseNegatives.push({ row, got });
    }
    const rule = got.ruleId ? recognizer.rule(got.ruleId) : undefined;
    const candidates = [got.product ?? '', ...(rule?.productFrom === 'name' ? [] : (rule?.aliases ?? []))];
    if (got.parentKey) {
      const parent = recognizer.ruleByKey(got.parentKey);
      if (parent) candidates.push(parent.product, ...parent.aliases);
    }
    if (sameProduct(row.expectedProduct, candidates, [got.publisherNorm, row.expectedPublisher])) productOk++;
    else productMisses.push({ row, got });
    if (got.category === row.expectedCategory) categoryOk++;
    if (got.domestic === row.expectedDomestic) domesticOk++;
  }
  const n = rows.length;
  return {
    rows: n,
    licenceAccuracy: ratio(licenceOk, n),
    requiresPrecision: ratio(tp, tp + fp),
    requiresRecall: ratio(tp, tp + fn),
    productAccuracy: ratio(productOk, n),
    categoryAccuracy: ratio(categoryOk, n),
    domesticAccuracy: ratio(domesticOk, n),
    coverage: ratio(covered, n),
    falsePositives,
    falseNegatives,
    licenceMisses,
    productMisses,
  };
}
