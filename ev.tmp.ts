import { readEvalSet, evaluate } from './packages/core/recognition/recognition.eval.ts';
import { shippedOnlyRecognizer } from './packages/core/recognition/recognition.library.ts';
const rows = readEvalSet('test/fixtures/recognition/eval-set.csv');
const f = evaluate(rows, shippedOnlyRecognizer());
const fmt = (x: number) => (x * 100).toFixed(2) + '%';
console.log({ rows: f.rows, licence: fmt(f.licenceAccuracy), precision: fmt(f.requiresPrecision), recall: fmt(f.requiresRecall), product: fmt(f.productAccuracy), category: fmt(f.categoryAccuracy), domestic: fmt(f.domesticAccuracy), coverage: fmt(f.coverage), fp: f.falsePositives.length, fn: f.falseNegatives.length });
const which = process.argv[2] ?? 'fp';
const list = which === 'fp' ? f.falsePositives : which === 'fn' ? f.falseNegatives : which === 'lic' ? f.licenceMisses : f.productMisses;
for (const m of list.slice(0, Number(process.argv[3] ?? 400))) console.log([m.row.source, m.row.displayName, m.row.publisher, m.row.version].join(' | '), '=> exp', m.row.expectedProduct, m.row.expectedLicenceClass, '| got', m.got.product, m.got.licenceClass, m.got.ruleId);
