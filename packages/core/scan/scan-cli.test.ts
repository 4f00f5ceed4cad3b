import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { signingKeyBody } from '../../contracts/index.ts';

/*
 * `zb scan` and `zb keys` as an inspector runs them: real child processes
 * through bin/zb.mjs, a throwaway config folder (so no real key is used).
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const BIN = path.join(ROOT, 'bin/zb.mjs');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-scan-cli-'));
const ENV: NodeJS.ProcessEnv = { ...process.env, LANG: 'C.UTF-8', XDG_CONFIG_HOME: path.join(TMP, 'config'), HOME: TMP };
delete ENV.ZB_AGENT_PASSWORD;

function zb(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: ENV, timeout: 60_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));

describe('zb keys create, zb scan --out, zb scan verify', () => {
  const keyDir = path.join(TMP, 'keys');
  const out = path.join(TMP, 'result.json');

  it('signs with --key and verifies; an edited file is refused with exit code 1', async () => {
    const created = await zb(['keys', 'create', '--dir', keyDir, '--name', 'inspector-li', '--json']);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { keyId: string; publicKey: string; keyFile: string };
    expect(key.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(fs.statSync(key.keyFile).mode & 0o777).toBe(0o600);

    const scan = await zb(['scan', '--out', out, '--key', key.keyFile, '--tag', '91110000100000000X', '--json']);
    expect(scan.code).toBe(0);
    expect(JSON.parse(scan.stdout)).toMatchObject({ out, signed: true, keyId: key.keyId });
    const file = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(file).toMatchObject({ format: 'zb-scan/1', inventory: { format: 'zb-scan', tag: '91110000100000000X', hardware: { hostname: os.hostname() } }, signature: { alg: 'ed25519', keyId: key.keyId, publicKey: key.publicKey, signer: 'inspector-li' } });

    const ok = await zb(['scan', 'verify', out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: .*intact, signed by inspector-li \(key [0-9a-f]{16}\)/);

    fs.writeFileSync(out, fs.readFileSync(out, 'utf8').replace('"tag": "91110000100000000X"', '"tag": "91110000100000000Y"'));
    const [altered, json] = await Promise.all([zb(['scan', 'verify', out]), zb(['scan', 'verify', out, '--json'])]);
    expect(altered.code).toBe(1);
    expect(altered.stderr).toContain('altered: 结果文件在签名后被修改');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, reason: 'altered' });
  });

  it('keys create prints the .pub text with where to register it; keys list shows the folder', async () => {
    const dir = path.join(TMP, 'listed');
    const created = await zb(['keys', 'create', '--dir', dir, '--name', 'inspector-zhao']);
    expect(created.code).toBe(0);
    const pub = fs.readFileSync(path.join(dir, 'inspector-zhao.pub'), 'utf8');
    expect(created.stdout).toContain(pub.trimEnd());
    expect(created.stdout).toContain('个人设置 → 签名密钥');
    expect(created.stdout).toContain('Settings → Signing keys');
    // What is printed is what the server's contract accepts.
    expect(signingKeyBody.safeParse({ publicKey: pub }).success).toBe(true);
    const keyId = (JSON.parse(pub) as { keyId: string }).keyId;
    const [listed, json] = await Promise.all([zb(['keys', 'list', '--dir', dir]), zb(['keys', 'list', '--dir', dir, '--json'])]);
    expect(listed.stdout).toMatch(new RegExp(`^inspector-zhao\\s+${keyId}`));
    expect(JSON.parse(json.stdout)).toMatchObject({ keys: [{ name: 'inspector-zhao', keyId, pubFile: path.join(dir, 'inspector-zhao.pub') }], errors: [] });
  });

  it('signs with the default key when it exists, unless --no-sign', async () => {
    const created = await zb(['keys', 'create', '--json']);
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout) as { keyId: string; keyFile: string };
    expect(key.keyFile).toBe(path.join(TMP, 'config', 'zhengban', 'keys', 'default.key'));
    const [signed, unsigned] = await Promise.all([zb(['scan', '--out', path.join(TMP, 'd.json')]), zb(['scan', '--out', path.join(TMP, 'u.json'), '--no-sign'])]);
    expect(signed.stdout).toContain(`signed by default (key ${key.keyId})`);
    expect(unsigned.stdout).toContain('unsigned');
    const v = await zb(['scan', 'verify', path.join(TMP, 'u.json')]);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/^unsigned: /);
  });
});

describe('zb scan --upload', () => {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      const good = req.headers.authorization === `Basic ${Buffer.from('agent-7:pw').toString('base64')}`;
      if (good) res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true,"deviceId":"dev_7"}');
      else res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHORIZED","message":"invalid agent credentials"}}');
    });
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the result file and prints the device; prints the server message and exits 1 on errors', async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const [good, bad] = await Promise.all([zb(['scan', '--upload', url, '--user', 'agent-7', '--password', 'pw', '--no-sign']), zb(['scan', '--upload', url, '--user', 'agent-7', '--password', 'nope', '--no-sign'])]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('device dev_7');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('UNAUTHORIZED: invalid agent credentials');
    expect(bodies[0]).toMatchObject({ format: 'zb-scan/1', inventory: { agent: 'zb-scan/0.1.0' } });
  });
});
