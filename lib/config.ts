/** Process configuration from environment variables, with the defaults used for local runs. */
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Config {
  /** `DATABASE_URL`; unset means "start an embedded PostgreSQL" for `npm start`. */
  databaseUrl: string | undefined;
  /** `MIGRATION_DATABASE_URL`: the schema owner's connection for migrations; default DATABASE_URL. */
  migrationDatabaseUrl: string | undefined;
  /**
   * `DATABASE_APP_ROLE`: the role the migration grants the application's privileges to; default the user of
   * DATABASE_URL when it differs from the owner's.
   */
  databaseAppRole: string | undefined;
  /** `DATABASE_APP_PASSWORD`: with it, `npm run migrate` creates the application role (or resets its password). */
  databaseAppPassword: string | undefined;
  /** `TEMPORAL_ADDRESS` (host:port); unset means "start the Temporal dev server" for `npm start`. */
  temporalAddress: string | undefined;
  /** `TEMPORAL_NAMESPACE`, default `default`. */
  namespace: string;
  /** `TASK_QUEUE`, default `credit-cases`. */
  taskQueue: string;
  /** `PORT` of the API, default 3000. */
  port: number;
  /** `DATA_DIR`, default `<repo>/.data`: local PostgreSQL and Temporal state, the generated JWT secret. */
  dataDir: string;
  /**
   * `JWT_SECRET` (HS256). Without it, a secret generated once and kept in `<DATA_DIR>/jwt-secret` (mode 0600)
   * is used: fine for one machine; deployments with several API copies must set JWT_SECRET or JWT_JWKS_URL.
   * Read on first access, so commands that never touch tokens do not create the file.
   */
  readonly jwtSecret: string;
  /** `JWT_JWKS_URL`: verify tokens against a JWKS endpoint instead of the shared secret (deployments). */
  jwtJwksUrl: string | undefined;
  /**
   * Whether the pages offer the local sign-in (choose a role and get a token): only with the secret generated
   * into the data folder, never when JWT_SECRET or JWT_JWKS_URL is set.
   */
  localSignIn: boolean;
  /** `OIDC_ISSUER` and `OIDC_CLIENT_ID` (optional `OIDC_SCOPE`): the pages sign in there (authorisation code + PKCE). */
  oidc: { issuer: string; clientId: string; scope: string } | undefined;
  /** `JWT_ISSUER`, `JWT_AUDIENCE`: the `iss` and `aud` every token must carry (required with JWT_JWKS_URL). */
  jwtIssuer: string | undefined;
  jwtAudience: string | undefined;
  /** `JWT_MAX_LIFETIME_SECONDS`: tokens valid for longer are refused, default 43200 (12 h). */
  jwtMaxLifetimeSeconds: number;
  /** `RATE_LIMIT_PUBLIC_PER_MINUTE` (per client address), `RATE_LIMIT_LIST_CHECKS_PER_MINUTE` (per caller); 0: none. */
  rateLimitPublicPerMinute: number;
  rateLimitListChecksPerMinute: number;
  /** `TRUST_PROXY`: `true` when the API is behind a proxy that sets X-Forwarded-For (client addresses for rate limits). */
  trustProxy: boolean;
  /** `IDEMPOTENCY_KEY_TTL_SECONDS`: how long an Idempotency-Key is kept, default 86400 (24 h). */
  idempotencyKeyTtlMs: number;
  /** `LOG_LEVEL` for pino, default `info`. */
  logLevel: string;
  /** `INCIDENT_AFTER_SECONDS`: an activity failing (and retried) this long becomes an incident, default 180. */
  incidentAfterMs: number;
  /**
   * `WORKER_MAX_CACHED_WORKFLOWS`: how many running cases a worker keeps in memory (Temporal's sticky cache); a case
   * beyond them is replayed from its history when it next has work. Unset: the SDK's default, from the heap limit
   * (about 210 with `WORKER_NODE_FLAGS`); see bench/README.md ("Worker memory") for what a cached case costs.
   */
  workerMaxCachedWorkflows: number | undefined;
}

const REPO_ROOT = path.resolve(__dirname, '..');

/**
 * Node flags of every process that runs a worker (`npm start`, `npm run worker`: package.json says the same, and
 * test/config.test.ts checks it). V8 sizes a heap by the machine's memory (4 GiB here) and lets garbage pile up
 * towards that; a worker's heap is bounded instead, and the SDK sizes its cache of running cases from the bound
 * (about 210 at 512 MiB) unless WORKER_MAX_CACHED_WORKFLOWS says otherwise. bench/README.md, "Worker memory".
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=512'];

function env(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}

/** The user of the application's connection, when migrations connect as someone else. */
function appRoleOf(appUrl: string | undefined, ownerUrl: string | undefined): string | undefined {
  if (!appUrl || !ownerUrl) return undefined;
  const app = decodeURIComponent(new URL(appUrl).username);
  return app && app !== decodeURIComponent(new URL(ownerUrl).username) ? app : undefined;
}

function countFrom(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}=${raw} is not a whole number`);
  return n;
}

function secondsFrom(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback * 1000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) throw new Error(`${name}=${raw} is not a number of seconds`);
  return seconds * 1000;
}

function portFrom(name: string, fallback: number): number {
  const raw = env(name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name}=${raw} is not a TCP port`);
  return port;
}

/** The secret in `<dataDir>/jwt-secret`, created (mode 0600) on first use; safe when two processes race. */
export function localJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dataDir, { recursive: true });
  // Written whole to a private file, then linked into place: a concurrent reader never sees half a secret,
  // and if another process won the race, its secret is the one everybody uses.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${randomBytes(48).toString('base64url')}\n`, { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    rmSync(tmp, { force: true });
  }
  return readFileSync(file, 'utf8').trim();
}

export function loadConfig(): Config {
  const dataDir = path.resolve(env('DATA_DIR') ?? path.join(REPO_ROOT, '.data'));
  const explicitSecret = env('JWT_SECRET');
  let secret: string | undefined;
  return {
    databaseUrl: env('DATABASE_URL'),
    migrationDatabaseUrl: env('MIGRATION_DATABASE_URL') ?? env('DATABASE_URL'),
    databaseAppRole: env('DATABASE_APP_ROLE') ?? appRoleOf(env('DATABASE_URL'), env('MIGRATION_DATABASE_URL')),
    databaseAppPassword: env('DATABASE_APP_PASSWORD'),
    temporalAddress: env('TEMPORAL_ADDRESS'),
    namespace: env('TEMPORAL_NAMESPACE') ?? 'default',
    taskQueue: env('TASK_QUEUE') ?? 'credit-cases',
    port: portFrom('PORT', 3000),
    dataDir,
    get jwtSecret(): string {
      secret ??= explicitSecret ?? localJwtSecret(dataDir);
      return secret;
    },
    jwtJwksUrl: env('JWT_JWKS_URL'),
    localSignIn: !explicitSecret && !env('JWT_JWKS_URL'),
    oidc: env('OIDC_ISSUER') && env('OIDC_CLIENT_ID') ? { issuer: env('OIDC_ISSUER')!, clientId: env('OIDC_CLIENT_ID')!, scope: env('OIDC_SCOPE') ?? 'openid profile' } : undefined,
    jwtIssuer: env('JWT_ISSUER'),
    jwtAudience: env('JWT_AUDIENCE'),
    jwtMaxLifetimeSeconds: secondsFrom('JWT_MAX_LIFETIME_SECONDS', 12 * 3600) / 1000,
    rateLimitPublicPerMinute: countFrom('RATE_LIMIT_PUBLIC_PER_MINUTE', 120),
    rateLimitListChecksPerMinute: countFrom('RATE_LIMIT_LIST_CHECKS_PER_MINUTE', 30),
    trustProxy: env('TRUST_PROXY') === 'true',
    idempotencyKeyTtlMs: secondsFrom('IDEMPOTENCY_KEY_TTL_SECONDS', 86_400),
    logLevel: env('LOG_LEVEL') ?? 'info',
    incidentAfterMs: secondsFrom('INCIDENT_AFTER_SECONDS', 180),
    workerMaxCachedWorkflows: env('WORKER_MAX_CACHED_WORKFLOWS') === undefined ? undefined : countFrom('WORKER_MAX_CACHED_WORKFLOWS', 0),
  };
}
