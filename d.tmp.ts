import { readEvalSet } from './packages/core/recognition/recognition.eval.ts';
import { shippedOnlyRecognizer } from './packages/core/recognition/recognition.library.ts';
const rows = readEvalSet('test/fixtures/recognition/eval-set.csv');
const r = shippedOnlyRecognizer();
const m = new Map<string, Set<string>>();
for (const row of rows) {
  const g = r.recognize({ displayName: row.displayName, publisher: row.publisher || null, version: row.version || null, source: row.source });
  if (g.ruleId === 'default:distro-package') { const k = row.expectedCategory; (m.get(k) ?? m.set(k, new Set()).get(k)!).add(row.displayName); }
}
for (const [k, v] of m) console.log(k, v.size, [...v].join(' '));
