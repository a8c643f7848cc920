/**
 * /docs: Swagger UI from the `swagger-ui-dist` package, served from here (no CDN), over /openapi.json. "Try it out"
 * sends the token the pages signed in with (kept in the tab's sessionStorage, see web/src/session.ts). No inline
 * script: the page loads /docs/init.js.
 */
import path from 'node:path';
import send from 'koa-send';
import type Router from '@koa/router';

const SWAGGER_UI = path.dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);
/** The key under which the pages keep their session (web/src/session.ts). */
export const SESSION_KEY = 'credit-cases.session';

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · credit-cases</title>
<link rel="stylesheet" href="/docs/swagger-ui.css"><link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head><body><main id="swagger-ui"></main>
<script src="/docs/swagger-ui-bundle.js"></script><script src="/docs/init.js"></script></body></html>`;

const INIT = `(function () {
  var session = null;
  try { session = JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_KEY)}) || 'null'); } catch (e) { session = null; }
  var token = session && session.token;
  window.ui = SwaggerUIBundle({
    url: '/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    tryItOutEnabled: true,
    onComplete: function () { if (token) window.ui.preauthorizeApiKey('bearer', token); },
  });
})();
`;

export function mountDocs(router: Router): void {
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html';
    ctx.body = PAGE;
  });
  router.get('/docs/init.js', (ctx) => {
    ctx.type = 'application/javascript';
    ctx.body = INIT;
  });
  router.get('/docs/:asset', async (ctx, next) => {
    if (!ASSETS.has(ctx.params.asset)) return next();
    ctx.set('Cache-Control', 'public, max-age=86400');
    await send(ctx, ctx.params.asset, { root: SWAGGER_UI });
  });
}
