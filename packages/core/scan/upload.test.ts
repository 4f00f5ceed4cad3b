import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyHardware } from '../inventory/inventory.types.ts';
import { buildResultFile } from './result-file.ts';
import { scanEndpoint, uploadResultFile } from './upload.ts';

const file = buildResultFile({
  platform: 'linux',
  collectors: ['dpkg'],
  warnings: [],
  inventory: { format: 'zb-scan', agent: 'zb-scan/0.1.0', tag: null, hardware: emptyHardware(), software: [], partial: false, softwareIncluded: true, collectedAt: '2024-03-06T02:00:00.000Z' },
});

describe('uploadResultFile', () => {
  const seen: { url?: string; method?: string; auth?: string; type?: string; body?: unknown }[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ url: req.url, method: req.method, auth: req.headers.authorization, type: req.headers['content-type'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      if (req.headers.authorization !== `Basic ${Buffer.from('agent-1:s3cret:x').toString('base64')}`) {
        res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: '凭据无效 / invalid agent credentials' } }));
        return;
      }
      if (req.url === '/sub/api/agent/scan') res.writeHead(502).end('<html>bad gateway</html>');
      else if (req.url === '/altered/api/agent/scan') res.writeHead(415, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UNSUPPORTED_FILE', message: 'unsupported file', details: { reason: 'altered', message: 'the result file was changed after it was signed' } } }));
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, deviceId: 'dev_42' }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('POSTs the file as JSON to URL/api/agent/scan with HTTP Basic', async () => {
    const r = await uploadResultFile(`${base}/`, file, { user: 'agent-1', password: 's3cret:x' });
    expect(r).toEqual({ ok: true, status: 200, deviceId: 'dev_42', body: { ok: true, deviceId: 'dev_42' } });
    expect(seen[0]).toEqual({ url: '/api/agent/scan', method: 'POST', auth: `Basic ${Buffer.from('agent-1:s3cret:x').toString('base64')}`, type: 'application/json', body: file });
  });

  it('returns the server error message, or the status for a non-JSON body', async () => {
    expect(await uploadResultFile(base, file, { user: 'agent-1', password: 'wrong' })).toEqual({ ok: false, status: 401, code: 'UNAUTHORIZED', message: '凭据无效 / invalid agent credentials' });
    expect(await uploadResultFile(`${base}/altered`, file, { user: 'agent-1', password: 's3cret:x' })).toEqual({ ok: false, status: 415, code: 'UNSUPPORTED_FILE', message: 'unsupported file — the result file was changed after it was signed' });
    expect(await uploadResultFile(`${base}/sub`, file, { user: 'agent-1', password: 's3cret:x' })).toMatchObject({ ok: false, status: 502, code: 'HTTP_502', message: expect.stringMatching(/^HTTP 502/) });
  });

  it('reports network failures and bad URLs without throwing', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await uploadResultFile(`http://127.0.0.1:${port}`, file)).toMatchObject({ ok: false, status: null, code: 'NETWORK', message: expect.stringMatching(/ECONNREFUSED/) });
    expect(await uploadResultFile('not a url', file)).toMatchObject({ ok: false, code: 'BAD_URL' });
    expect(scanEndpoint('https://zb.example.cn/zhengban/')).toBe('https://zb.example.cn/zhengban/api/agent/scan');
  });
});
