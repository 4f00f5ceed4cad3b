import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, readEvalSet, type EvalFigures } from '../../packages/core/recognition/recognition.eval.ts';
import { shippedLibrary } from '../../packages/core/recognition/recognition.library.ts';
import { compileLibrary } from '../../packages/core/recognition/recognition.rules.ts';
import type { Workload } from '../workload.ts';

const EVAL_SET = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/recognition/eval-set.csv');

const pct = (x: number) => Math.round(x * 10_000) / 100;

/**
 * Recognition quality on the labelled evaluation set (test/fixtures/recognition,
 * written independently of the rule library): the figures of issue 4.
 */
export const recognitionEvalSet: Workload = {
  name: 'recognition-eval-set',
  description:
    'The labelled evaluation set (test/fixtures/recognition/eval-set.csv, written independently of the rules) through the shipped library: licence-class accuracy, requiresLicence precision and recall (targets ≥ 99% and ≥ 97%), product and category accuracy, coverage (share not unknown), in percent.',
  unit: 'names',
  usesDatabase: false,
  metricLabels: { licenceAccuracy: 'licence class %', requiresPrecision: 'requiresLicence precision %', requiresRecall: 'requiresLicence recall %', productAccuracy: 'product %', categoryAccuracy: 'category %', coverage: 'coverage %' },
  async setup() {
    const rows = fs.existsSync(EVAL_SET) ? readEvalSet(EVAL_SET) : [];
    const lib = shippedLibrary();
    let figures = null as EvalFigures | null;
    return {
      async run() {
        figures = evaluate(rows, compileLibrary(lib.rules, { publishers: lib.publishers }));
        return rows.length;
      },
      metrics: (): Record<string, number> =>
        figures
          ? {
              licenceAccuracy: pct(figures.licenceAccuracy),
              requiresPrecision: pct(figures.requiresPrecision),
              requiresRecall: pct(figures.requiresRecall),
              productAccuracy: pct(figures.productAccuracy),
              categoryAccuracy: pct(figures.categoryAccuracy),
              coverage: pct(figures.coverage),
            }
          : {},
    };
  },
};
