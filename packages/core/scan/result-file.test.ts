import { describe, expect, it } from 'vitest';
import { emptyHardware } from '../inventory/inventory.types.ts';
import { canonicalJson } from './canonical-json.ts';
import { generateSigningKey } from './keys.ts';
import { buildResultFile, parseResultFile, serializeResultFile, signResultFile, verifyResultFile, type ResultFile } from './result-file.ts';
import type { ScanCollection } from './scan.types.ts';

function buildCollection(): ScanCollection {
  return {
    platform: 'linux',
    collectors: ['dpkg', 'linux-hardware'],
    warnings: ['snap: timed out'],
    inventory: {
      format: 'zb-scan',
      agent: 'zb-scan/0.1.0',
      tag: '91110000100000000X',
      hardware: { ...emptyHardware(), hostname: 'pc-001', uuid: '4C4C4544-0042-3510-8052-B4C04F4E4E32', macs: ['8c:16:45:aa:bb:cc'], osName: 'Kylin V10', memoryMb: 16000 },
      software: [
        { name: 'wps-office', version: '11.1.0.11720', publisher: 'Kingsoft', arch: 'amd64', installDate: '2024-03-05', source: 'dpkg', guid: null, sizeBytes: 1126400000, systemCategory: 'editors' },
        { name: '搜狗输入法', version: '4.2.1', publisher: 'Sogou', arch: 'amd64', installDate: null, source: 'dpkg', guid: null, sizeBytes: null, systemCategory: null },
      ],
      partial: false,
      softwareIncluded: true,
      collectedAt: '2024-03-06T02:00:00.000Z',
    },
  };
}

const inspector = generateSigningKey('inspector-li');
const signedText = () => serializeResultFile(signResultFile(buildResultFile(buildCollection()), inspector));

describe('canonicalJson', () => {
  it('sorts keys recursively, keeps array order, drops undefined, no whitespace', () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: '中' }, 2], c: undefined, 'A': true })).toBe('{"A":true,"a":[{"y":"中","z":null},2],"b":1}');
    expect(canonicalJson(JSON.parse('{ "x" : 1.50 , "w": -0 }'))).toBe('{"w":0,"x":1.5}');
  });
});

describe('result file signatures', () => {
  it('sign → verify ok, with key id and signer; whitespace and key order do not matter', () => {
    const text = signedText();
    const r = verifyResultFile(text);
    expect(r).toMatchObject({ ok: true, keyId: inspector.keyId, signer: 'inspector-li' });
    if (!r.ok) throw new Error('unreachable');
    expect(r.file.inventory.software).toHaveLength(2);
    expect(r.file.format).toBe('zb-scan/1');
    expect(inspector.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(Buffer.from(inspector.publicKey, 'base64')).toHaveLength(32);
    // re-indented and re-ordered by some editor: still the same content
    const reordered = JSON.stringify(Object.fromEntries(Object.entries(JSON.parse(text)).reverse()));
    expect(verifyResultFile(Buffer.from(reordered)).ok).toBe(true);
    expect(verifyResultFile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).ok).toBe(true);
  });

  it('one flipped byte in a software name → altered', () => {
    const buf = Buffer.from(signedText());
    const at = buf.indexOf('wps-office');
    buf[at] = buf[at]! ^ 0x01; // "vps-office"
    const r = verifyResultFile(buf);
    expect(r).toEqual({
      ok: false,
      reason: 'altered',
      message: { 'zh-CN': '结果文件在签名后被修改（内容与签名不符）', 'en-US': 'the result file was changed after it was signed (its content does not match the signature)' },
    });
  });

  it('a changed Chinese name, a dropped software row, a changed tag → altered', () => {
    const f = JSON.parse(signedText()) as ResultFile;
    for (const change of [(x: ResultFile) => (x.inventory.software[1]!.name = '搜狗拼音'), (x: ResultFile) => x.inventory.software.pop(), (x: ResultFile) => (x.inventory.tag = 'other')]) {
      const copy = structuredClone(f);
      change(copy);
      expect(verifyResultFile(JSON.stringify(copy))).toMatchObject({ ok: false, reason: 'altered' });
    }
  });

  it('signature stripped → unsigned', () => {
    const f = JSON.parse(signedText());
    delete f.signature;
    const r = verifyResultFile(JSON.stringify(f));
    expect(r).toMatchObject({ ok: false, reason: 'unsigned' });
    if (!r.ok) expect(r.message['en-US']).toMatch(/not signed/);
    // still a valid file for an authenticated upload
    expect(parseResultFile(JSON.stringify(f))).toMatchObject({ ok: true, signed: false });
  });

  it('signed by a key that is not trusted → bad-signature; by a trusted one → ok', () => {
    const other = generateSigningKey('someone-else');
    const text = serializeResultFile(signResultFile(buildResultFile(buildCollection()), other));
    const r = verifyResultFile(text, { trustedKeyIds: [inspector.keyId] });
    expect(r).toMatchObject({ ok: false, reason: 'bad-signature' });
    if (!r.ok) expect(r.message['en-US']).toBe(`the signature is invalid: signed by key ${other.keyId} (someone-else), which is not a registered key`);
    expect(verifyResultFile(signedText(), { trustedKeyIds: [inspector.keyId] }).ok).toBe(true);
  });

  it('a public key swapped for another (key id kept) → bad-signature; both swapped → altered', () => {
    const other = generateSigningKey('mallory');
    const f = JSON.parse(signedText());
    f.signature.publicKey = other.publicKey;
    expect(verifyResultFile(JSON.stringify(f))).toMatchObject({ ok: false, reason: 'bad-signature', message: { 'en-US': expect.stringMatching(/does not belong to the public key/) } });
    // key id made to match the swapped key: the signature then no longer fits the content
    f.signature.keyId = other.keyId;
    expect(verifyResultFile(JSON.stringify(f))).toMatchObject({ ok: false, reason: 'altered' });
  });

  it('malformed signature blocks → bad-signature', () => {
    const f = JSON.parse(signedText());
    for (const [k, v] of [['alg', 'rsa'], ['value', 'AAAA'], ['value', 'not base64!'], ['publicKey', 'AAAA']] as const) {
      const copy = structuredClone(f);
      copy.signature[k] = v;
      expect(verifyResultFile(JSON.stringify(copy))).toMatchObject({ ok: false, reason: 'bad-signature' });
    }
  });

  it('not JSON, another JSON, extra members, too large → refused with the reason', () => {
    expect(verifyResultFile('<xml/>')).toMatchObject({ ok: false, reason: 'not-json' });
    expect(verifyResultFile('{"hello":1}')).toMatchObject({ ok: false, reason: 'not-a-result-file', message: { 'en-US': 'not a Zhengban scan result file (expected format zb-scan/1)' } });
    const f = JSON.parse(signedText());
    f.extra = 'smuggled';
    expect(verifyResultFile(JSON.stringify(f))).toMatchObject({ ok: false, reason: 'not-a-result-file', message: { 'en-US': expect.stringMatching(/invalid structure/) } });
    const g = JSON.parse(signedText());
    g.inventory.software[0].sizeBytes = -1;
    expect(verifyResultFile(JSON.stringify(g))).toMatchObject({ ok: false, reason: 'not-a-result-file', message: { 'en-US': expect.stringMatching(/inventory\.software\.0\.sizeBytes/) } });
    expect(verifyResultFile(signedText(), { maxBytes: 100 })).toMatchObject({ ok: false, reason: 'not-a-result-file', message: { 'en-US': expect.stringMatching(/too large/) } });
  });

  it('builds the file from a collection', () => {
    const f = buildResultFile(buildCollection());
    expect(f).toMatchObject({ format: 'zb-scan/1', collectedAt: '2024-03-06T02:00:00.000Z', collector: { version: '0.1.0', platform: 'linux', collectors: ['dpkg', 'linux-hardware'], warnings: ['snap: timed out'] } });
    expect(f.signature).toBeUndefined();
  });
});
