import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { timingSafeEqual } from 'node:crypto';
import { pickLang, type Lang } from '../../../packages/contracts/index.ts';
import type { Authenticated } from '../../../packages/core/auth/auth.service.ts';
import { AppError } from '../../../packages/core/errors.ts';
import { roleCan, type Action, type Actor } from '../../../packages/core/policy/policy.ts';
import type { Services } from '../../../packages/core/services.ts';

/**
 * Who may call a route: anyone, any signed-in user, or holders of an action
 * of the policy module. Every /api route must declare one; the server
 * refuses to start otherwise, so no route can forget its check.
 */
export type Access = 'public' | 'authenticated' | { action: Action };

export const SESSION_COOKIE = 'zb_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
    lang: Lang;
  }
}

/** The signed-in actor of a request whose route requires one. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.auth) throw new AppError('UNAUTHENTICATED');
  return req.auth.actor;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Registered routes with their access rule (walked by the leak test). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
}

async function accessPlugin(app: FastifyInstance, opts: { services: Services; routes: RegisteredRoute[] }) {
  const { auth } = opts.services;
  app.decorateRequest('auth', null);
  app.decorateRequest('lang', 'zh-CN');

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') || route.url.startsWith('/api/docs')) return;
    const access = route.config?.access;
    if (!access) throw new Error(`route ${String(route.method)} ${route.url} declares no access rule`);
    for (const m of [route.method].flat()) if (m !== 'HEAD') opts.routes.push({ method: m, url: route.url, access });
  });

  app.addHook('onRequest', async (req) => {
    req.lang = pickLang(req.headers['accept-language']);
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      req.auth = await auth.fromToken(header.slice(7).trim());
      if (!req.auth) throw new AppError('UNAUTHENTICATED');
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (cookie) req.auth = await auth.fromSession(cookie);
  });

  // Runs before body validation, so an unauthorized caller learns nothing about the contract.
  app.addHook('preValidation', async (req) => {
    const access = req.routeOptions.config?.access;
    if (!access || access === 'public') return;
    if (!req.auth) throw new AppError('UNAUTHENTICATED');
    if (req.auth.via === 'session' && !SAFE_METHODS.has(req.method)) {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !req.auth.csrfToken || !sameToken(sent, req.auth.csrfToken)) throw new AppError('CSRF_FAILED');
    }
    if (access !== 'authenticated' && !roleCan(req.auth.actor.role, access.action)) throw new AppError('FORBIDDEN');
  });
}

export default fp(accessPlugin, { name: 'zb-access' });
