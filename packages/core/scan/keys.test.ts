import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyFiles, defaultKeyDir, findKeyFile, keyIdOf, loadSigningKey, publicKeyFromRaw, rawPublicKey } from './keys.ts';

describe('signing key files', () => {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zb-keys-')), 'keys');
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  it('creates a 0600 PKCS8 private key and a .pub with the key id, and loads it back', () => {
    const { keyFile, pubFile, key } = createKeyFiles({ dir, name: 'inspector-li' });
    expect(keyFile).toBe(path.join(dir, 'inspector-li.key'));
    if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(keyFile, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(JSON.parse(fs.readFileSync(pubFile, 'utf8'))).toEqual({ alg: 'ed25519', keyId: key.keyId, publicKey: key.publicKey, name: 'inspector-li' });
    const loaded = loadSigningKey(keyFile);
    expect({ keyId: loaded.keyId, publicKey: loaded.publicKey, signer: loaded.signer }).toEqual({ keyId: key.keyId, publicKey: key.publicKey, signer: 'inspector-li' });
    expect(findKeyFile(dir, 'inspector-li')).toBe(keyFile);
    expect(findKeyFile(dir)).toBeNull();
  });

  it('refuses to replace a key unless forced, and refuses unsafe names', () => {
    expect(() => createKeyFiles({ dir, name: 'inspector-li' })).toThrow(/already exists/);
    const before = fs.readFileSync(path.join(dir, 'inspector-li.key'), 'utf8');
    createKeyFiles({ dir, name: 'inspector-li', force: true });
    expect(fs.readFileSync(path.join(dir, 'inspector-li.key'), 'utf8')).not.toBe(before);
    for (const name of ['../evil', '.hidden', 'a/b', '']) expect(() => createKeyFiles({ dir, name })).toThrow(/invalid key name/);
  });

  it('key id = first 16 hex of SHA-256 of the raw public key; raw ↔ key object', () => {
    const { key } = createKeyFiles({ dir, name: 'k2' });
    const raw = rawPublicKey(key.privateKey);
    expect(raw).toHaveLength(32);
    expect(keyIdOf(raw)).toBe(key.keyId);
    expect(rawPublicKey(publicKeyFromRaw(raw)).equals(raw)).toBe(true);
    // the signer falls back to the file name when no .pub is beside the key
    fs.rmSync(path.join(dir, 'k2.pub'));
    expect(loadSigningKey(path.join(dir, 'k2.key')).signer).toBe('k2');
  });

  it('puts keys under the config folder', () => {
    expect(defaultKeyDir({ XDG_CONFIG_HOME: '/cfg' })).toBe(path.join('/cfg', 'zhengban', 'keys'));
    expect(defaultKeyDir({})).toBe(path.join(os.homedir(), '.config', 'zhengban', 'keys'));
  });
});
