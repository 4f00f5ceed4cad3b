/**
 * Inspectors' signing keys (ed25519). The private key stays on the
 * inspector's laptop (PKCS8 PEM, mode 0600); the public key is registered on
 * the server, which then knows a result file came from that inspector and was
 * not changed since.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Name of the key used when none is named. */
export const DEFAULT_KEY_NAME = 'default';

/** What is needed to sign a result file. */
export interface SigningKey {
  privateKey: KeyObject;
  /** base64 of the raw 32-byte public key */
  publicKey: string;
  keyId: string;
  /** Who signs (the key's name) */
  signer: string;
}

/** The `.pub` file next to a key: what an administrator registers on the server. */
export interface PublicKeyFile {
  alg: 'ed25519';
  keyId: string;
  publicKey: string;
  name: string;
}

/** The text of the `.pub` file of a key: what its owner pastes into 个人设置 → 签名密钥 on the server. */
export function publicKeyFileText(key: Pick<SigningKey, 'keyId' | 'publicKey' | 'signer'>): string {
  const pub: PublicKeyFile = { alg: 'ed25519', keyId: key.keyId, publicKey: key.publicKey, name: key.signer };
  return `${JSON.stringify(pub, null, 2)}\n`;
}

/** First 16 hex digits of the SHA-256 of the raw 32-byte public key. */
export function keyIdOf(rawPublicKey: Uint8Array): string {
  return createHash('sha256').update(rawPublicKey).digest('hex').slice(0, 16);
}

/** The raw 32 bytes of an ed25519 public (or private) key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const x = pub.export({ format: 'jwk' }).x;
  if (!x) throw new Error('not an ed25519 key');
  return Buffer.from(x, 'base64url');
}

/** A public key object from its raw 32 bytes. */
export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** `$XDG_CONFIG_HOME/zhengban/keys`, else `~/.config/zhengban/keys`. */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'zhengban', 'keys');
}

/** Key names become file names: letters, digits, `.`, `_`, `-`; no leading dot. */
export function isValidKeyName(name: string): boolean {
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/.test(name);
}

/** A new signing key from a fresh ed25519 key pair. */
export function generateSigningKey(name: string): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(privateKey);
  return { privateKey, publicKey: raw.toString('base64'), keyId: keyIdOf(raw), signer: name };
}

/**
 * Creates `<dir>/<name>.key` (PKCS8 PEM, 0600) and `<dir>/<name>.pub` (JSON
 * PublicKeyFile). Refuses to replace an existing key unless `force`.
 */
export function createKeyFiles(opts: { dir: string; name: string; force?: boolean }): { keyFile: string; pubFile: string; key: SigningKey } {
  if (!isValidKeyName(opts.name)) throw new Error(`invalid key name "${opts.name}" (letters, digits, . _ -) / 密钥名称无效`);
  fs.mkdirSync(opts.dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(opts.dir, `${opts.name}.key`);
  const pubFile = path.join(opts.dir, `${opts.name}.pub`);
  if (!opts.force && (fs.existsSync(keyFile) || fs.existsSync(pubFile))) throw new Error(`${keyFile} already exists (use --force to replace it) / 密钥已存在`);
  const key = generateSigningKey(opts.name);
  const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  fs.writeFileSync(keyFile, pem, { mode: 0o600 });
  // writeFileSync keeps the mode of a file it replaces.
  fs.chmodSync(keyFile, 0o600);
  fs.writeFileSync(pubFile, publicKeyFileText(key), { mode: 0o644 });
  return { keyFile, pubFile, key };
}

/**
 * Reads a private key file (PKCS8 PEM). The signer name comes from the
 * `.pub` file beside it, else from the file name.
 */
export function loadSigningKey(keyFile: string): SigningKey {
  const privateKey = createPrivateKey(fs.readFileSync(keyFile));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${keyFile}: not an ed25519 key / 不是 ed25519 密钥`);
  const raw = rawPublicKey(privateKey);
  let signer = path.basename(keyFile).replace(/\.key$/, '');
  try {
    const pub = JSON.parse(fs.readFileSync(keyFile.replace(/\.key$/, '.pub'), 'utf8')) as Partial<PublicKeyFile>;
    if (typeof pub.name === 'string' && pub.name) signer = pub.name;
  } catch {
    // no .pub beside the key: the file name will do
  }
  return { privateKey, publicKey: raw.toString('base64'), keyId: keyIdOf(raw), signer };
}

/** `<dir>/<name>.key` when it exists. */
export function findKeyFile(dir: string, name = DEFAULT_KEY_NAME): string | null {
  const f = path.join(dir, `${name}.key`);
  return fs.existsSync(f) ? f : null;
}

/** A key found in a key folder. */
export interface KeyFileEntry {
  name: string;
  keyId: string;
  signer: string;
  keyFile: string;
  /** the `.pub` beside it, when there is one */
  pubFile: string | null;
}

/** The keys of a folder (`<name>.key` files), by name; unreadable files are reported as errors, not skipped. */
export function listKeyFiles(dir: string): { keys: KeyFileEntry[]; errors: { keyFile: string; message: string }[] } {
  const keys: KeyFileEntry[] = [];
  const errors: { keyFile: string; message: string }[] = [];
  if (!fs.existsSync(dir)) return { keys, errors };
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.key')).sort()) {
    const keyFile = path.join(dir, f);
    try {
      const k = loadSigningKey(keyFile);
      const pubFile = keyFile.replace(/\.key$/, '.pub');
      keys.push({ name: f.replace(/\.key$/, ''), keyId: k.keyId, signer: k.signer, keyFile, pubFile: fs.existsSync(pubFile) ? pubFile : null });
    } catch (e) {
      errors.push({ keyFile, message: (e as Error).message });
    }
  }
  return { keys, errors };
}
