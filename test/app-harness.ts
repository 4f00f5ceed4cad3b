import type { DialectName } from '../packages/storage/database.ts';
import { createServices, type Services } from '../packages/core/services.ts';
import type { Actor } from '../packages/core/policy/policy.ts';
import { buildApp, type ZbApp } from '../apps/server/app.ts';
import { freshDatabase } from './dialects.ts';

/** The Fastify app on a fresh database, for app.inject tests (no listening socket). */
export async function buildTestApp(dialect: DialectName): Promise<ZbApp & { s: Services; close: () => Promise<void> }> {
  const s = createServices(await freshDatabase(dialect));
  const zb = await buildApp({ services: s });
  return { ...zb, s, close: async () => { await zb.app.close(); await s.database.close(); } };
}

/** A bearer header for the actor (personal API token). */
export async function bearer(s: Services, actor: Actor): Promise<Record<string, string>> {
  const t = await s.auth.createToken(actor, 'test', 1);
  return { authorization: `Bearer ${t.token}` };
}

/** Multipart body with one file field, as a browser sends it. */
export function multipartFile(field: string, filename: string, content: Buffer, contentType = 'text/csv'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----zb${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
