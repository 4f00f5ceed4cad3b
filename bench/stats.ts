/** Runs of one workload on one dialect. */
export interface Sample {
  /** Wall time of each run, in milliseconds. */
  ms: number[];
  /** Units processed by each run. */
  units: number[];
  /** Extra figures of each run. */
  metrics: Record<string, number>[];
}

/** Summary of a sample: what the report prints. */
export interface Summary {
  runs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** Units per second at the median time. */
  perSecond: number;
  /** Median of each extra figure over the runs. */
  metrics: Record<string, number>;
}

/** The median; the mean of the two middle values for an even count. */
export function median(xs: number[]): number {
  if (xs.length === 0) throw new Error('median of nothing');
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function summarize(sample: Sample): Summary {
  const medianMs = median(sample.ms);
  return {
    runs: sample.ms.length,
    medianMs,
    minMs: Math.min(...sample.ms),
    maxMs: Math.max(...sample.ms),
    perSecond: median(sample.units) / (medianMs / 1000),
    metrics: Object.fromEntries([...new Set(sample.metrics.flatMap((m) => Object.keys(m)))].map((k) => [k, median(sample.metrics.map((m) => m[k]).filter((v): v is number => v !== undefined))])),
  };
}
