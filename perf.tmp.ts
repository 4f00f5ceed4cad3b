import { readLibrary } from './packages/core/recognition/recognition.library.ts';
import { compileLibrary } from './packages/core/recognition/recognition.rules.ts';
import { readEvalSet } from './packages/core/recognition/recognition.eval.ts';
let t = performance.now();
const lib = readLibrary();
console.log('read yaml ms', (performance.now() - t).toFixed(0), lib.rules.length);
t = performance.now();
const r = compileLibrary(lib.rules, { publishers: lib.publishers, memoSize: 10 });
console.log('compile ms', (performance.now() - t).toFixed(0));
const rows = readEvalSet('test/fixtures/recognition/eval-set.csv');
const inputs = rows.map((x) => ({ displayName: x.displayName, publisher: x.publisher || null, version: x.version || null, source: x.source }));
// distinct names: vary the version to defeat memo
for (let round = 0; round < 3; round++) {
  const N = 100000;
  t = performance.now();
  for (let i = 0; i < N; i++) { const x = inputs[i % inputs.length]!; r.recognize({ ...x, version: `${x.version}.${i}` }); }
  const ms = performance.now() - t;
  console.log('distinct/s', Math.round(N / ms * 1000));
}
