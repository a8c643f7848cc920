/**
 * Routes are declared once, with their zod schemas and who may call them; the same declaration registers the Koa
 * handler (authenticate → authorise → validate → idempotency → handle) and describes it in the OpenAPI document.
 */
import Router from '@koa/router';
import type { Client } from '@temporalio/client';
import stableStringify from 'fast-json-stable-stringify';
import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import { z } from 'zod';
import type { Db } from '../db/knex';
import type { Actor } from '../shared/cases';
import type { Role } from '../shared/domain';
import type { TokenVerifier } from './auth';
import { ApiError, forbidden, refusal, validationError } from './errors';
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
  /** How the pages sign in (api/routes/sign-in.ts); without it, neither local sign-in nor OIDC is offered. */
  signIn?: SignInConfig;
}

export interface SignInConfig {
  /** The secret of the local sign-in, which signs a token for whoever asks: only with the locally generated secret. */
  localSecret?: string;
  /** The `iss` and `aud` the verifier requires, if any (JWT_ISSUER, JWT_AUDIENCE). */
  tokenClaims?: { issuer?: string; audience?: string };
  oidc?: { issuer: string; clientId: string; scope: string };
}

export type Access = 'public' | 'authenticated' | Role[];

export interface Reply {
  status?: number;
  body: unknown;
  type?: string;
  headers?: Record<string, string>;
}

export interface Request<B, Q, P> {
  actor: Actor;
  body: B;
  query: Q;
  params: P;
  /** The caller's Idempotency-Key, when the route accepts one and it was sent. */
  idempotencyKey?: string;
  ctx: Context;
  deps: Deps;
}

export interface Route<B = any, Q = any, P = any> {
  method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form: `/api/v1/subjects/{id}`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
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
  handle(req: Request<B, Q, P>): Promise<Reply>;
}

export function route<B = undefined, Q = undefined, P = undefined>(r: Route<B, Q, P>): Route {
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

const ABANDONED_AFTER_MS = 60_000;
export const DEFAULT_IDEMPOTENCY_KEY_TTL_MS = 24 * 3600_000;
/** Headers of the first answer that a replay gives back too. */
const REPLAYED_HEADERS = ['Location', 'Content-Location', 'ETag'];

/**
 * The same key and body give back the first answer (status, body, Location); the same key with another body is
 * refused. Bodies are compared canonically (the order of keys does not matter). Keys expire after the TTL.
 */
async function withIdempotency(ctx: Context, deps: Deps, actor: Actor, run: (key?: string) => Promise<Reply>): Promise<Reply> {
  const key = ctx.get('Idempotency-Key');
  if (!key) return run();
  if (key.length > 200 || !/^[\x21-\x7e]+$/.test(key)) throw new ApiError(400, 'validation_failed', 'Idempotency-Key must be at most 200 visible ASCII characters');
  const routeKey = `${ctx.method} ${ctx.path}`;
  const requestHash = createHash('sha256').update(`${routeKey}\n${stableStringify((ctx.request as { body?: unknown }).body ?? null)}`).digest('hex');
  const mine = () => deps.db('idempotency_keys').where({ actor: actor.id, key });
  await mine().where('created_at', '<', new Date(Date.now() - (deps.idempotencyKeyTtlMs ?? DEFAULT_IDEMPOTENCY_KEY_TTL_MS))).delete();
  const claim = () =>
    deps.db('idempotency_keys').insert({ actor: actor.id, key, route: routeKey, request_hash: requestHash }).onConflict(['actor', 'key']).ignore().returning('key');
  let claimed = await claim();
  if (claimed.length === 0) {
    const first = await mine().first();
    if (first.request_hash !== requestHash) throw refusal('idempotency_key_reused', 'this Idempotency-Key was used with another request');
    if (first.status !== null) return { status: first.status, body: first.response, headers: first.response_headers ?? undefined };
    // A first attempt that never answered (its API process died) is taken over: the handlers are written to be
    // run again (a case started under the key has an ID derived from it).
    const abandoned = await mine().whereNull('status').where('created_at', '<', new Date(Date.now() - ABANDONED_AFTER_MS)).delete();
    if (abandoned === 0) throw new ApiError(409, 'request_in_progress', 'a request with this Idempotency-Key is still being processed');
    claimed = await claim();
    if (claimed.length === 0) throw new ApiError(409, 'request_in_progress', 'a request with this Idempotency-Key is still being processed');
  }
  try {
    const reply = await run(key);
    const headers = Object.fromEntries(Object.entries(reply.headers ?? {}).filter(([name]) => REPLAYED_HEADERS.some((h) => h.toLowerCase() === name.toLowerCase())));
    await mine().update({ status: reply.status ?? 200, response: JSON.stringify(reply.body), response_headers: Object.keys(headers).length ? JSON.stringify(headers) : null });
    return reply;
  } catch (err) {
    // A refused request wrote nothing: the key is free for a corrected retry.
    await mine().whereNull('status').delete();
    throw err;
  }
}

export function mount(router: Router, routes: Route[], deps: Deps): void {
  for (const r of routes) {
    const koaPath = r.path.replace(/\{(\w+)\}/g, ':$1');
    router[r.method](koaPath, async (ctx) => {
      const actor = await authenticate(ctx, deps, r.access);
      const limit = r.rateLimit ?? (r.access === 'public' ? 'public' : undefined);
      if (limit && deps.rateLimiters) await deps.rateLimiters[limit](ctx, limit === 'public' ? ctx.ip : actor.id);
      const params = parse(r.params, ctx.params, 'params');
      const query = parse(r.query, ctx.query, 'query');
      const body = parse(r.body, (ctx.request as { body?: unknown }).body ?? {}, 'body');
      const handle = (idempotencyKey?: string) => r.handle({ actor, body, query, params, idempotencyKey, ctx, deps });
      const reply = r.idempotent ? await withIdempotency(ctx, deps, actor, handle) : await handle();
      ctx.status = reply.status ?? 200;
      if (reply.type) ctx.type = reply.type;
      for (const [name, value] of Object.entries(reply.headers ?? {})) ctx.set(name, value);
      ctx.body = reply.body;
    });
  }
}

// ---- OpenAPI ----

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

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
