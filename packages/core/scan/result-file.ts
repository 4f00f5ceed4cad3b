/**
 * The offline result file of `zb scan --out` (离线结果文件): the inventory
 * plus how it was collected, optionally signed by the inspector's ed25519
 * key. The signature covers the canonical JSON of the whole file without
 * its `signature` member.
 */
import { sign, verify } from 'node:crypto';
import type { Bilingual } from '../../contracts/index.ts';
import { canonicalJson } from './canonical-json.ts';
import { keyIdOf, publicKeyFromRaw, type SigningKey } from './keys.ts';
import { RESULT_FILE_FORMAT, RESULT_FILE_MAX_BYTES, resultFileSchema, type ResultFile } from './result-file.schema.ts';
import { SCAN_VERSION, type ScanCollection } from './scan.types.ts';

export { RESULT_FILE_FORMAT, RESULT_FILE_MAX_BYTES, type ResultFile, type ResultSignature } from './result-file.schema.ts';

/** Why a result file is not accepted as intact and signed. */
export const VERIFY_FAILURES = ['not-json', 'not-a-result-file', 'unsigned', 'bad-signature', 'altered'] as const;
export type VerifyFailure = (typeof VERIFY_FAILURES)[number];

export type VerifyResult = { ok: true; file: ResultFile; keyId: string; signer: string } | { ok: false; reason: VerifyFailure; message: Bilingual };

export type ParseResult = { ok: true; file: ResultFile; signed: boolean } | { ok: false; reason: 'not-json' | 'not-a-result-file'; message: Bilingual };

export interface VerifyOptions {
  /** Refuse larger input unread; default RESULT_FILE_MAX_BYTES. */
  maxBytes?: number;
  /**
   * Key ids the verifier trusts (the inspectors registered on the server).
   * When given, a file signed by any other key is `bad-signature`: without
   * it, `ok` only proves the file is unchanged since whoever holds the
   * embedded key signed it.
   */
  trustedKeyIds?: Iterable<string>;
}

/** The unsigned result file of a collection. */
export function buildResultFile(c: ScanCollection): ResultFile {
  return {
    format: RESULT_FILE_FORMAT,
    collectedAt: c.inventory.collectedAt ?? new Date().toISOString(),
    collector: { version: SCAN_VERSION, platform: c.platform, collectors: [...c.collectors], warnings: [...c.warnings] },
    inventory: c.inventory,
  };
}

/** The bytes a signature covers: canonical JSON of the file without `signature`. */
export function signedBytes(file: ResultFile | Record<string, unknown>): Buffer {
  const { signature: _omit, ...rest } = file as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** The file with a signature by `key` (any previous signature replaced). */
export function signResultFile(file: ResultFile, key: SigningKey): ResultFile {
  const value = sign(null, signedBytes(file), key.privateKey).toString('base64');
  return { ...file, signature: { alg: 'ed25519', keyId: key.keyId, publicKey: key.publicKey, signer: key.signer, value } };
}

/** The file as written to disk: indented JSON, UTF-8, final newline. */
export function serializeResultFile(file: ResultFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

const bi = (zh: string, en: string): Bilingual => ({ 'zh-CN': zh, 'en-US': en });

/** Reads and validates a result file's structure, signature or not (the server takes unsigned uploads from authenticated agents). */
export function parseResultFile(input: string | Uint8Array, opts: Pick<VerifyOptions, 'maxBytes'> = {}): ParseResult {
  const r = readResultFile(input, opts);
  return r.ok ? { ok: true, file: r.file, signed: r.signed } : r;
}

/** parseResultFile, plus the parsed JSON as it was (what the signature is checked against). */
function readResultFile(input: string | Uint8Array, opts: Pick<VerifyOptions, 'maxBytes'>): (ParseResult & { ok: false }) | (ParseResult & { ok: true; raw: Record<string, unknown> }) {
  const max = opts.maxBytes ?? RESULT_FILE_MAX_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > max) return { ok: false, reason: 'not-a-result-file', message: bi(`文件过大（${size} 字节，上限 ${max} 字节），不是扫描结果文件`, `the file is too large for a scan result file (${size} bytes, limit ${max})`) };
  const text = (typeof input === 'string' ? input : Buffer.from(input).toString('utf8')).replace(/^\uFEFF/, '');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, reason: 'not-json', message: bi(`文件不是有效的 JSON：${(e as Error).message}`, `the file is not valid JSON: ${(e as Error).message}`) };
  }
  const r = resultFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : '';
    const isOurs = !!raw && typeof raw === 'object' && (raw as { format?: unknown }).format === RESULT_FILE_FORMAT;
    return {
      ok: false,
      reason: 'not-a-result-file',
      message: isOurs ? bi(`扫描结果文件结构无效（${where}）`, `the scan result file has an invalid structure (${where})`) : bi(`不是正版化扫描结果文件（应为 ${RESULT_FILE_FORMAT} 格式）`, `not a Zhengban scan result file (expected format ${RESULT_FILE_FORMAT})`),
    };
  }
  return { ok: true, file: r.data, signed: r.data.signature !== undefined, raw: raw as Record<string, unknown> };
}

/** Strict base64 → bytes, or null. */
function base64Bytes(s: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  const b = Buffer.from(s, 'base64');
  return b.toString('base64') === s ? b : null;
}

/**
 * Checks that a result file is well-formed, signed, and unchanged since it
 * was signed. `bad-signature`: the signature block is unusable, names a key
 * its public key does not match, or a key outside `trustedKeyIds`.
 * `altered`: a well-formed signature that the content does not match.
 */
export function verifyResultFile(input: string | Uint8Array, opts: VerifyOptions = {}): VerifyResult {
  const parsed = readResultFile(input, opts);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, message: parsed.message };
  const { file } = parsed;
  const sig = file.signature;
  if (!sig) return { ok: false, reason: 'unsigned', message: bi('结果文件没有签名，无法确认来源，也无法确认是否被修改', 'the result file is not signed: neither its origin nor its integrity can be checked') };
  const bad = (zh: string, en: string): VerifyResult => ({ ok: false, reason: 'bad-signature', message: bi(`签名无效：${zh}`, `the signature is invalid: ${en}`) });
  if (sig.alg !== 'ed25519') return bad(`不支持的算法 ${sig.alg}`, `unsupported algorithm ${sig.alg}`);
  const pub = base64Bytes(sig.publicKey);
  if (!pub || pub.length !== 32) return bad('公钥不是 32 字节的 base64', 'the public key is not 32 bytes of base64');
  if (keyIdOf(pub) !== sig.keyId) return bad(`密钥标识 ${sig.keyId} 与公钥不符（应为 ${keyIdOf(pub)}）`, `key id ${sig.keyId} does not belong to the public key (which is ${keyIdOf(pub)})`);
  const value = base64Bytes(sig.value);
  if (!value || value.length !== 64) return bad('签名值不是 64 字节的 base64', 'the signature value is not 64 bytes of base64');
  if (opts.trustedKeyIds) {
    const trusted = new Set(opts.trustedKeyIds);
    if (!trusted.has(sig.keyId)) return bad(`由未登记的密钥 ${sig.keyId}（${sig.signer}）签名`, `signed by key ${sig.keyId} (${sig.signer}), which is not a registered key`);
  }
  let good: boolean;
  try {
    // The raw parsed object, not the schema's output: verify exactly what was read.
    good = verify(null, signedBytes(parsed.raw), publicKeyFromRaw(pub), value);
  } catch {
    return bad('公钥无法使用', 'the public key cannot be used');
  }
  if (!good) return { ok: false, reason: 'altered', message: bi('结果文件在签名后被修改（内容与签名不符）', 'the result file was changed after it was signed (its content does not match the signature)') };
  return { ok: true, file, keyId: sig.keyId, signer: sig.signer };
}
