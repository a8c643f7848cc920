/**
 * The pages (web/, built by Vite into web/dist): hashed assets cached for good, the build's other files as they are, every other GET outside the API
 * answered with index.html so the single-page app handles its own paths.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Middleware } from 'koa';
import send from 'koa-send';

export const WEB_DIST = path.resolve(__dirname, '..', 'web', 'dist');
const NOT_PAGES = /^\/(api|docs|openapi\.json|health)(\/|$)/;

export function webPages(root = WEB_DIST): Middleware {
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || NOT_PAGES.test(ctx.path)) return next();
    if (!existsSync(path.join(root, 'index.html'))) {
      ctx.status = 503;
      ctx.type = 'text/plain';
      ctx.body = 'The pages are not built: run `npm run build:web` (npm start builds them).';
      return;
    }
    if (ctx.path.startsWith('/assets/')) {
      ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
      await send(ctx, ctx.path, { root });
      return;
    }
    // A file of the build (favicon.svg); anything else is a path of the app.
    if (/^\/[\w.-]+\.\w+$/.test(ctx.path) && existsSync(path.join(root, ctx.path))) {
      await send(ctx, ctx.path, { root });
      return;
    }
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root });
  };
}
