import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_PATH } from './chromium-path.ts';
import { freePort } from '../test/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the server started for the run, or '' when there is no browser to test with. */
    baseUrl: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, '..');
const DIST_INDEX = path.join(ROOT, 'apps/web/dist/index.html');
const WEB_INPUTS = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'packages/contracts'].map((p) => path.join(ROOT, p));
const HEALTH_TIMEOUT_MS = 90_000;

/** The newest modification time under a file or folder. */
function newestMtime(target: string): number {
  if (!fs.existsSync(target)) return 0;
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Builds the web UI unless dist/index.html is newer than every source file (a cheap staleness check). */
function buildWebIfStale(): void {
  const built = fs.existsSync(DIST_INDEX) ? fs.statSync(DIST_INDEX).mtimeMs : 0;
  const sources = Math.max(...WEB_INPUTS.map(newestMtime));
  if (built > sources) return;
  // vitest sets NODE_ENV=test; the UI under test must be the production build.
  const result = spawnSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (result.status !== 0) throw new Error(`npm run build:web failed with exit code ${result.status}`);
}


/** Polls /api/health until it answers 200; fails early if the server exits. */
async function waitForHealth(baseUrl: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was healthy:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server did not answer /api/health within ${HEALTH_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/**
 * Builds the web UI when stale and starts the real server on a free port
 * with a fresh data folder and the demo seed. Without Debian's Chromium the
 * browser tests skip, so nothing is started.
 */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.warn(`[e2e] ${CHROMIUM_PATH} not found: browser tests will be skipped`);
    project.provide('baseUrl', '');
    return;
  }
  buildWebIfStale();

  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-e2e-'));
  const child = spawn(process.execPath, ['bin/zb.mjs', 'serve', '--port', String(port), '--data', dataDir, '--seed', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const output = () => `--- stderr ---\n${stderr}\n--- stdout ---\n${stdout.slice(-4000)}`;

  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    console.error(output());
    await stop();
    throw error;
  }
  project.provide('baseUrl', baseUrl);
  return stop;
}
