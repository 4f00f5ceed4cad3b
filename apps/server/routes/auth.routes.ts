import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiTokenCreated, apiTokenList, loginBody, meResponse, okSchema, tokenCreateBody } from '../../../packages/contracts/index.ts';
import { AUTH_LIMITS } from '../../../packages/core/auth/auth.service.ts';
import type { Services } from '../../../packages/core/services.ts';
import { SESSION_COOKIE, actorOf } from '../plugins/access.ts';

export function authRoutes(app: FastifyInstance, s: Services, opts: { secureCookies: boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post('/api/auth/login', {
    config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: { tags: ['auth'], summary: 'Password login; sets the httpOnly session cookie', body: loginBody, response: { 200: meResponse } },
    handler: async (req, reply) => {
      const { token, me } = await s.auth.login(req.body.username, req.body.password, req.ip);
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: opts.secureCookies, maxAge: AUTH_LIMITS.sessionHours * 3600 });
      return me;
    },
  });
  r.post('/api/auth/logout', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'Ends the session', response: { 200: okSchema } },
    handler: async (req, reply) => {
      if (req.auth) await s.auth.logout(req.auth);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  });
  r.get('/api/auth/me', {
    config: { access: 'authenticated' },
    schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: meResponse } },
    handler: async (req) => s.auth.me(req.auth!),
  });
  r.get('/api/auth/tokens', {
    config: { access: { action: 'self' } },
    schema: { tags: ['auth'], summary: 'My personal API tokens', response: { 200: apiTokenList } },
    handler: async (req) => ({ items: await s.auth.listTokens(actorOf(req)) }),
  });
  r.post('/api/auth/tokens', {
    config: { access: { action: 'self' } },
    schema: { tags: ['auth'], summary: 'Creates a personal API token (secret shown once)', body: tokenCreateBody, response: { 201: apiTokenCreated } },
    handler: async (req, reply) => reply.code(201).send(await s.auth.createToken(actorOf(req), req.body.name, req.body.expiresInDays)),
  });
  r.delete('/api/auth/tokens/:tokenId', {
    config: { access: { action: 'self' } },
    schema: { tags: ['auth'], summary: 'Revokes a token', params: z.object({ tokenId: z.string().max(64) }), response: { 200: okSchema } },
    handler: async (req) => {
      await s.auth.revokeToken(actorOf(req), req.params.tokenId);
      return { ok: true as const };
    },
  });
}
