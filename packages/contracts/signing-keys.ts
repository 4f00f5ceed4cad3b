import { z } from 'zod';
import { LIMITS } from './common.ts';
import type { FieldMessageKey } from './field-messages.ts';

/**
 * Signing keys (签名密钥): the ed25519 public keys inspectors sign their
 * `zb scan` result files with. A user registers their own key by pasting
 * the `.pub` file `zb keys create` writes; inspection uploads are accepted
 * only when signed by a registered, unrevoked key of someone allowed to
 * inspect that plan.
 */

/** Longest accepted `.pub` text (the file is about 200 bytes). */
export const PUBLIC_KEY_TEXT_MAX = 4096;

/** What a `.pub` text says, once its form is checked (the key id against the key is checked on the server). */
export interface PublicKeyText {
  alg: 'ed25519';
  /** base64 of the raw 32-byte public key */
  publicKey: string;
  /** the key id the file claims; null for a bare base64 key */
  keyId: string | null;
  /** the key's name in the file; null when it has none */
  name: string | null;
}

/** base64 of exactly 32 bytes, canonical (44 characters, one `=`). */
function isRawEd25519Base64(s: string): boolean {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(s)) return false;
  try {
    const bin = atob(s);
    return bin.length === 32 && btoa(bin) === s;
  } catch {
    return false;
  }
}

/**
 * Reads the content of a `.pub` file (`{ "alg": "ed25519", "keyId", "publicKey", "name" }`),
 * or a bare base64 public key. Pure: runs in the browser and on the server.
 */
export function parsePublicKeyText(text: string): { ok: true; value: PublicKeyText } | { ok: false; key: FieldMessageKey } {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) return { ok: false, key: 'required' };
  if (isRawEd25519Base64(t)) return { ok: true, value: { alg: 'ed25519', publicKey: t, keyId: null, name: null } };
  let raw: unknown;
  try {
    raw = JSON.parse(t);
  } catch {
    return { ok: false, key: 'signingKey.format' };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, key: 'signingKey.format' };
  const o = raw as Record<string, unknown>;
  if (!('publicKey' in o) || !('alg' in o)) return { ok: false, key: 'signingKey.format' };
  if (o.alg !== 'ed25519') return { ok: false, key: 'signingKey.alg' };
  if (typeof o.publicKey !== 'string' || !isRawEd25519Base64(o.publicKey)) return { ok: false, key: 'signingKey.publicKey' };
  if (o.keyId !== undefined && (typeof o.keyId !== 'string' || !/^[0-9a-f]{16}$/.test(o.keyId))) return { ok: false, key: 'signingKey.keyIdFormat' };
  if (o.name !== undefined && o.name !== null && typeof o.name !== 'string') return { ok: false, key: 'signingKey.format' };
  const name = typeof o.name === 'string' && o.name.trim() ? o.name.trim().slice(0, LIMITS.name) : null;
  return { ok: true, value: { alg: 'ed25519', publicKey: o.publicKey, keyId: typeof o.keyId === 'string' ? o.keyId : null, name } };
}

/** Registers one of my signing keys. */
export const signingKeyBody = z
  .object({
    /** the content of the `.pub` file `zb keys create` wrote (or the bare base64 public key) */
    publicKey: z
      .string()
      .max(PUBLIC_KEY_TEXT_MAX)
      .superRefine((v, ctx) => {
        const r = parsePublicKeyText(v);
        if (!r.ok) ctx.addIssue({ code: 'custom', message: r.key });
      }),
    /** what the key is called in lists (default: the name in the `.pub` file) */
    name: z.string().trim().min(1).max(LIMITS.name).optional(),
  })
  .strict();
export type SigningKeyBody = z.infer<typeof signingKeyBody>;

export const signingKeySchema = z.object({
  /** first 16 hex digits of the SHA-256 of the raw public key (what a signed file names) */
  keyId: z.string(),
  userId: z.string(),
  name: z.string(),
  /** base64 of the raw 32-byte ed25519 public key */
  publicKey: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type SigningKeyView = z.infer<typeof signingKeySchema>;
export const signingKeyList = z.object({ items: z.array(signingKeySchema) });
