import { readEvalSet } from './packages/core/recognition/recognition.eval.ts';
import { shippedOnlyRecognizer } from './packages/core/recognition/recognition.library.ts';
const rows = readEvalSet('test/fixtures/recognition/eval-set.csv');
const r = shippedOnlyRecognizer();
const groups = new Map<string, string[]>();
for (const row of rows) {
  const g = r.recognize({ displayName: row.displayName, publisher: row.publisher || null, version: row.version || null, source: row.source });
  if (g.category !== row.expectedCategory) {
    const k = `${row.expectedCategory} <- ${g.category}`;
    (groups.get(k) ?? groups.set(k, []).get(k)!).push(`${row.displayName} [${g.ruleId}]`);
  }
}
for (const [k, v] of [...groups].sort((a, b) => b[1].length - a[1].length)) console.log(v.length, k, '\n   ', v.slice(0, Number(process.argv[2] ?? 8)).join('\n    '));
