/**
 * Routes are declared once, with their zod schemas and who may call them; the same declaration registers the Koa
 * handler (authenticate → authorise → validate → idempotency → handle, as middlewares) and describes it in the OpenAPI document.
 */
import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import type { Context, Middleware } from 'koa';
import { z } from 'zod';
import type { Db } from '../db';
import type { Actor, ActorOf } from '../shared/cases';
import type { Role } from '../shared/domain';
import type { TokenVerifier } from './auth';
import { ApiError, forbidden, validationError } from './errors';
import { idempotency } from './idempotency';
import { jsonSchema } from './schemas';
import { createServices, type Services } from './services';
import type { RateLimitName, RateLimiters } from './rate-limits';

export interface Deps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  verifier: TokenVerifier;
  /** Without them nothing is limited (tests that do not test limits). */
  rateLimiters?: RateLimiters;
  /** How long an Idempotency-Key is kept (default 24 h). */
  idempotencyKeyTtlMs?: number;
  /** How the pages sign in (api/routes/sign-in/); without it, neither local sign-in nor OIDC is offered. */
  signIn?: SignInConfig;
}

export interface SignInConfig {
  /** The secret of the local sign-in, which signs a token for whoever asks: only with the locally generated secret. */
  localSecret?: string;
  /** The `iss` and `aud` the verifier requires, if any (JWT_ISSUER, JWT_AUDIENCE). */
  tokenClaims?: { issuer?: string; audience?: string };
  oidc?: { issuer: string; clientId: string; scope: string };
}

export type Access = 'public' | 'authenticated' | readonly Role[];

/** Whom a route's handler may meet: the roles it admits, each with what its token claims (any actor otherwise). */
export type ActorFor<A extends Access> = A extends readonly Role[] ? ActorOf<A[number]> : Actor;

export interface Reply {
  status?: number;
  body: unknown;
  type?: string;
  headers?: Record<string, string>;
}

export interface Request<B, Q, P, A extends Access = Access> {
  actor: ActorFor<A>;
  body: B;
  query: Q;
  params: P;
  /** The caller's Idempotency-Key, when the route accepts one and it was sent. */
  idempotencyKey?: string;
  ctx: Context;
  deps: Deps;
  /** The writes outside any case (api/services/). */
  services: Services;
}

export interface Route<B = any, Q = any, P = any, A extends Access = any> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/api/v1/subjects/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: A;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  params?: z.ZodType<P>;
  /** Creating requests accept Idempotency-Key (API.md conventions). */
  idempotent?: boolean;
  /** The rate limit counted for each call; public routes are limited per client address without saying so. */
  rateLimit?: RateLimitName;
  responses: Record<number, string>;
  /** Content types of a successful answer (the first is the default; the caller chooses with Accept). */
  produces?: string | string[];
  /** The shape of a successful answer, for the OpenAPI document. */
  returns?: z.ZodType;
  handle(req: Request<B, Q, P, A>): Promise<Reply>;
}

export function route<B = undefined, Q = undefined, P = undefined, const A extends Access = Access>(r: Route<B, Q, P, A>): Route {
  return r as Route;
}

const ANONYMOUS: Actor = { id: 'anonymous', role: 'system' };

async function authenticate(ctx: Context, deps: Deps, access: Access): Promise<Actor> {
  const header = ctx.get('Authorization');
  if (access === 'public') return header ? deps.verifier.verify(header.replace(/^Bearer\s+/i, '')).catch(() => ANONYMOUS) : ANONYMOUS;
  if (!/^Bearer\s+\S+/i.test(header)) throw new ApiError(401, 'unauthenticated', 'a bearer token is required');
  const actor = await deps.verifier.verify(header.replace(/^Bearer\s+/i, ''));
  if (access !== 'authenticated' && !access.includes(actor.role as Role)) {
    throw forbidden(`this needs the role ${access.join(' or ')}`);
  }
  return actor;
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query' | 'params'): T {
  if (!schema) return undefined as T;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

/** Each route is a chain of middlewares: who calls, how often, with what, once per Idempotency-Key, then its handler. */
export function mount(router: Router, routes: Route[], deps: Deps): void {
  const services = createServices(deps);
  for (const r of routes) {
    const koaPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    const limit = r.rateLimit ?? (r.access === 'public' ? 'public' : undefined);
    const chain: Middleware[] = [
      async (ctx, next) => {
        ctx.state.actor = await authenticate(ctx, deps, r.access);
        if (limit && deps.rateLimiters) await deps.rateLimiters[limit](ctx, limit === 'public' ? ctx.ip : ctx.state.actor.id);
        ctx.state.params = parse(r.params, ctx.params, 'params');
        ctx.state.query = parse(r.query, ctx.query, 'query');
        ctx.state.body = parse(r.body, (ctx.request as { body?: unknown }).body ?? {}, 'body');
        await next();
      },
      ...(r.idempotent ? [idempotency(deps)] : []),
      async (ctx) => {
        const { actor, body, query, params, idempotencyKey } = ctx.state;
        const reply = await r.handle({ actor, body, query, params, idempotencyKey, ctx, deps, services });
        ctx.status = reply.status ?? 200;
        if (reply.type) ctx.type = reply.type;
        for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
        ctx.body = reply.body;
      },
    ];
    router[r.method](koaPath, ...chain);
  }
}

// ---- OpenAPI ----


function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const s = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(s.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (s.required ?? []).includes(name),
    schema: property,
  }));
}

export function openApiDocument(routes: Route[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const errorRef = { $ref: '#/components/schemas/Error' };
    paths[r.path] ??= {};
    paths[r.path][r.method] = {
      summary: r.summary,
      tags: [r.tag],
      ...(r.access === 'public' ? { security: [] } : { description: `Access: ${r.access === 'authenticated' ? 'any authenticated caller' : r.access.join(', ')}` }),
      parameters: [
        ...parameters(r.params, 'path'),
        ...parameters(r.query, 'query'),
        ...(r.idempotent ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', maxLength: 200 } }] : []),
      ],
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      responses: Object.fromEntries(
        Object.entries(r.responses).map(([status, description]) => [
          status,
          {
            description,
            content:
              Number(status) >= 400
                ? { 'application/json': { schema: errorRef } }
                : Object.fromEntries(
                    [r.produces ?? 'application/json'].flat().map((type) => [type, type === 'application/json' && r.returns ? { schema: jsonSchema(r.returns) } : {}]),
                  ),
          },
        ]),
      ),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Social-credit case management API', version: '1.0.0', description: 'Cases, records and deadlines of social-credit administration (see API.md).' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
            },
          },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}
