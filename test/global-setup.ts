import type { TestProject } from 'vitest/node';
import { ensureServerBundle } from '../bin/server-bundle.mjs';
import { pgBinDir, startPgCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the throwaway PostgreSQL cluster, or '' when PostgreSQL is not tested. */
    pgUrl: string;
  }
}

export function dialectsWanted(): string[] {
  return (process.env.DIALECTS ?? 'sqlite,postgres').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * Builds the bundle `zb` runs (bin/server-bundle.mjs), then starts a
 * throwaway PostgreSQL cluster on 127.0.0.1 for the whole run and stops it
 * afterwards (test/pg-cluster.ts). In CI a missing PostgreSQL is an
 * error; locally the PostgreSQL half of the tests is skipped with a warning.
 */
export default async function setup(project: TestProject) {
  // Built once here: the CLI tests' child processes (bin/zb.mjs) would otherwise all build it at once on a fresh checkout.
  await ensureServerBundle();
  if (!dialectsWanted().includes('postgres')) {
    project.provide('pgUrl', '');
    return;
  }
  if (!pgBinDir()) {
    if (process.env.CI) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
    console.warn('[test] PostgreSQL binaries not found: PostgreSQL tests are skipped');
    project.provide('pgUrl', '');
    return;
  }
  const cluster = (await startPgCluster())!;
  project.provide('pgUrl', cluster.adminUrl);
  return () => cluster.stop();
}
