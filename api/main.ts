import { Client, Connection } from '@temporalio/client';
import type { Server, ServerResponse } from 'node:http';
import { createDb } from '../db';
import { loadConfig } from '../lib/config';
import { logger } from '../lib/logger';
import { createApp } from './app';
import { createTokenVerifier } from './auth';
import { createRateLimiters } from './rate-limits';

export interface ApiConfig {
  temporalAddress: string;
  databaseUrl: string;
  port: number;
  namespace?: string;
  taskQueue?: string;
  jwtSecret?: string;
  jwtJwksUrl?: string;
}

/** How long a stopping API waits for the requests under way. */
const DRAIN_MS = 15_000;

export async function startApi(cfg: ApiConfig): Promise<{ url: string; close(): Promise<void> }> {
  const config = loadConfig();
  const db = createDb(cfg.databaseUrl);
  // Every request to a limited endpoint writes its count: they need not wait for the disk (a crash loses a few).
  const counts = createDb(cfg.databaseUrl, { min: 0, max: 4 }, { durable: false });
  const connection = await Connection.connect({ address: cfg.temporalAddress });
  const temporal = new Client({ connection, namespace: cfg.namespace ?? config.namespace });
  const jwksUrl = cfg.jwtJwksUrl ?? config.jwtJwksUrl;
  const verifier = createTokenVerifier({
    ...(jwksUrl ? { jwksUrl } : { secret: cfg.jwtSecret ?? config.jwtSecret }),
    issuer: config.jwtIssuer,
    audience: config.jwtAudience,
    maxLifetimeSeconds: config.jwtMaxLifetimeSeconds,
  });
  // The local sign-in signs tokens for whoever asks: only with the locally generated secret.
  const localSecret = !jwksUrl && !cfg.jwtSecret && config.localSignIn ? config.jwtSecret : undefined;
  const signIn = { localSecret, tokenClaims: { issuer: config.jwtIssuer, audience: config.jwtAudience }, oidc: config.oidc };
  const perMinute = (points: number) => ({ points: points || Number.MAX_SAFE_INTEGER, durationSeconds: 60 });
  const app = createApp({
    db,
    temporal,
    taskQueue: cfg.taskQueue ?? config.taskQueue,
    verifier,
    rateLimiters: createRateLimiters(counts, { public: perMinute(config.rateLimitPublicPerMinute), listChecks: perMinute(config.rateLimitListChecksPerMinute) }),
    trustProxy: config.trustProxy,
    idempotencyKeyTtlMs: config.idempotencyKeyTtlMs,
    signIn,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(cfg.port, () => resolve(s));
  });
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });
  const address = server.address();
  const url = `http://localhost:${typeof address === 'object' && address ? address.port : cfg.port}`;
  logger.info({ url }, 'API listening');
  return {
    url,
    async close() {
      // Requests under way finish first (a case's start waits for its first steps): closing the Temporal
      // connection under them would fail each with "Channel has been shut down". New connections are refused.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      const drainUntil = Date.now() + DRAIN_MS;
      while (inFlight.size > 0 && Date.now() < drainUntil) {
        server.closeIdleConnections();
        await new Promise((r) => setTimeout(r, 50));
      }
      server.closeAllConnections();
      await closed;
      await connection.close();
      await db.destroy();
      await counts.destroy();
    },
  };
}

if (require.main === module) {
  const config = loadConfig();
  if (!config.databaseUrl || !config.temporalAddress) {
    console.error('npm run api needs DATABASE_URL and TEMPORAL_ADDRESS (npm start runs everything locally).');
    process.exit(1);
  }
  startApi({ temporalAddress: config.temporalAddress, databaseUrl: config.databaseUrl, port: config.port })
    .then((api) => {
      const stop = () => void api.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((err) => {
      logger.error(err, 'API failed to start');
      process.exit(1);
    });
}
