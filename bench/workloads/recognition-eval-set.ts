import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, readEvalSet, REQUIRES_ONLY_HEADER, type EvalFigures } from '../../packages/core/recognition/recognition.eval.ts';
import { shippedLibrary } from '../../packages/core/recognition/recognition.library.ts';
import { compileLibrary } from '../../packages/core/recognition/recognition.rules.ts';
import type { Workload } from '../workload.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/recognition');
const EVAL_SET = path.join(FIXTURES, 'eval-set.csv');
const HOLDOUT_SET = path.join(FIXTURES, 'holdout-set.csv');
const PROBE_SET = path.join(FIXTURES, 'probe-set.csv');
const read = (file: string, columns?: readonly string[]) => (fs.existsSync(file) ? readEvalSet(file, columns) : []);

const pct = (x: number) => Math.round(x * 10_000) / 100;

/**
 * Recognition quality on the labelled evaluation set (test/fixtures/recognition,
 * written independently of the rule library): the figures of issue 4.
 */
export const recognitionEvalSet: Workload = {
  name: 'recognition-eval-set',
  description:
    'The labelled evaluation set (test/fixtures/recognition/eval-set.csv, written independently of the rules) through the shipped library: licence-class accuracy, requiresLicence precision and recall (targets ≥ 99% and ≥ 97%), product and category accuracy, coverage (share not unknown), in percent; then requiresLicence precision and recall on the holdout set and on the probe set (names written before the rules they test were read, many by writers who never saw the library: see test/fixtures/recognition/README.md for what the library scored on each round before the rules it led to). The time is the evaluation set\'s alone.',
  unit: 'names',
  usesDatabase: false,
  metricLabels: { licenceAccuracy: 'licence class %', requiresPrecision: 'requiresLicence precision %', requiresRecall: 'requiresLicence recall %', productAccuracy: 'product %', categoryAccuracy: 'category %', coverage: 'coverage %', holdoutPrecision: 'holdout precision %', holdoutRecall: 'holdout recall %', probeRows: 'probe rows', probePrecision: 'probe precision %', probeRecall: 'probe recall %' },
  async setup() {
    const rows = read(EVAL_SET);
    const holdout = read(HOLDOUT_SET);
    const probe = read(PROBE_SET, REQUIRES_ONLY_HEADER);
    const lib = shippedLibrary();
    let figures = null as EvalFigures | null;
    // The other sets once, untimed, through one recognizer (the run times the evaluation set with a fresh one).
    const recognizer = compileLibrary(lib.rules, { publishers: lib.publishers });
    const others = { holdout: evaluate(holdout, recognizer), probe: evaluate(probe, recognizer) };
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
              holdoutPrecision: pct(others.holdout.requiresPrecision),
              holdoutRecall: pct(others.holdout.requiresRecall),
              probeRows: probe.length,
              probePrecision: pct(others.probe.requiresPrecision),
              probeRecall: pct(others.probe.requiresRecall),
            }
          : {},
    };
  },
};
