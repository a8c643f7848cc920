import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import helmet from 'koa-helmet';
import { randomUUID } from 'node:crypto';
import { constants as zlib } from 'node:zlib';
import { databaseAnswers } from '../db';
import { logger } from '../lib/logger';
import { errorMiddleware } from './errors';
import { mount, openApiDocument, type Deps, type Route } from './http';
import { agencyRoutes } from './routes/agencies';
import { auditRoutes } from './routes/audit';
import { calendarRoutes } from './routes/calendar';
import { caseRoutes } from './routes/cases';
import { creditRecordRoutes } from './routes/credit-records';
import { departmentRoutes } from './routes/departments';
import { documentRoutes } from './routes/documents';
import { inclusionCaseRoutes } from './routes/inclusion-cases';
import { listCheckRoutes } from './routes/list-checks';
import { objectionRoutes } from './routes/objections';
import { publicRoutes } from './routes/public';
import { repairRoutes } from './routes/repairs';
import { revocationRoutes } from './routes/revocations';
import { subjectFileRoutes } from './routes/subject-file';
import { subjectRoutes } from './routes/subjects';
import { supervisionRoutes } from './routes/supervision';
import { timeLimitRoutes } from './routes/time-limits';
import { mountDocs } from './docs';
import { signInRoutes } from './routes/sign-in';
import { webPages } from './web';

/** Every route of the API, in the order the OpenAPI document lists them. */
export const ROUTES: Route[] = [
  ...subjectRoutes,
  ...creditRecordRoutes,
  ...inclusionCaseRoutes,
  ...objectionRoutes,
  ...revocationRoutes,
  ...repairRoutes,
  ...agencyRoutes,
  ...caseRoutes,
  ...documentRoutes,
  ...supervisionRoutes,
  ...calendarRoutes,
  ...departmentRoutes,
  ...timeLimitRoutes,
  ...auditRoutes,
  ...publicRoutes,
  ...listCheckRoutes,
  ...subjectFileRoutes,
  ...signInRoutes,
];

/** A body Koa would serialise as JSON: not text, bytes or a stream. */
function isData(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !(body instanceof Uint8Array) && typeof (body as { pipe?: unknown }).pipe !== 'function';
}

export function createApp(deps: Deps & { trustProxy?: boolean }): Koa {
  const app = new Koa();
  const router = new Router();
  const openapi = openApiDocument(ROUTES);

  router.get('/health', async (ctx) => {
    const checks = await Promise.allSettled([
      databaseAnswers(deps.db),
      deps.temporal.workflowService.getSystemInfo({}),
    ]);
    const [postgres, temporal] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unreachable'));
    ctx.status = postgres === 'ok' && temporal === 'ok' ? 200 : 503;
    ctx.body = { status: ctx.status === 200 ? 'ok' : 'degraded', postgres, temporal };
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = openapi;
  });
  mountDocs(router);
  mount(router, ROUTES, deps);

  app.proxy = deps.trustProxy ?? false;
  app.use(async (ctx, next) => {
    const started = Date.now();
    // A client's request ID is kept only in a sane form (it goes into the logs and back into a header).
    const given = ctx.get('X-Request-Id');
    const requestId = /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    ctx.set('X-Request-Id', requestId);
    // Nothing the API answers may be kept by a browser or a proxy: it is personal, or a case's live state.
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
    try {
      await next();
    } finally {
      logger.info({ requestId, method: ctx.method, path: ctx.path, status: ctx.status, ms: Date.now() - started }, 'request');
    }
  });
  app.use(
    helmet({
      // The docs page has its own inline style; nothing may frame any page (clickjacking).
      contentSecurityPolicy: { directives: { 'frame-ancestors': ["'none'"] } },
      frameguard: { action: 'deny' },
    }),
  );
  // Large answers go compressed to clients that accept it (a check of 100,000 identifiers is 11 MB of JSON, a
  // thirtieth of that gzipped), at the fastest levels: JSON this repetitive shrinks nearly as much at those.
  app.use(compress({ threshold: 2048, gzip: { level: zlib.Z_BEST_SPEED }, br: { params: { [zlib.BROTLI_PARAM_QUALITY]: 1 } }, deflate: false }));
  // Beneath it, every answer that is data becomes JSON text once: left an object, Koa serialises it twice, once
  // for the threshold above to measure and once to send. Its type stays the JSON Koa gave it.
  app.use(async (ctx, next) => {
    await next();
    if (isData(ctx.body)) ctx.body = JSON.stringify(ctx.body);
  });
  app.use(errorMiddleware);
  app.use(bodyParser({ enableTypes: ['json'], jsonLimit: '8mb', encoding: 'utf-8' }));
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.use(webPages());
  return app;
}
