/**
 * The Temporal server itself (not the CLI's dev server): built from its Go module, on PostgreSQL, its schema set
 * up by its own SQL tool. `npm run cluster` and the cluster tests run it; docker-compose.yml runs the images of
 * the same version (`temporalio/server`, `temporalio/admin-tools`), configured by the same environment variables
 * (the server's embedded config template reads them) and set up by the same script
 * (`scripts/temporal-server/setup.sh`).
 *
 * The build (about 3 minutes on 2 cores after the Temporal CLI's, which shares most of its packages) is cached in
 * `$CREDIT_CASES_CACHE/temporal-server/<version>/`: `bin/temporal-server`, `bin/temporal-sql-tool`, and the
 * PostgreSQL schema files from the module's source (`schema/postgresql/v12`), laid out like the admin-tools image.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  REPO_ROOT,
  ensureDir,
  findOnPath,
  isExecutable,
  obtainTemporalCli,
  portInUse,
  progress,
  run,
  sharedCacheDir,
  spawnGuarded,
  waitUntil,
} from './servers';

/** The server version here and in docker-compose.yml (its images are tagged with it). */
export const TEMPORAL_SERVER_VERSION = '1.30.8';
const MODULE = 'go.temporal.io/server';
const execFileAsync = promisify(execFile);
const SETUP_SCRIPT = path.join(REPO_ROOT, 'scripts', 'temporal-server', 'setup.sh');
export const DYNAMIC_CONFIG_FILE = path.join(REPO_ROOT, 'scripts', 'temporal-server', 'dynamicconfig.yaml');

export interface TemporalServerBuild {
  version: string;
  /** `temporal-server` (go.temporal.io/server/cmd/server). */
  server: string;
  /** `temporal-sql-tool` (go.temporal.io/server/cmd/tools/sql). */
  sqlTool: string;
  /** Holds `postgresql/v12/{temporal,visibility}/versioned`, like `/etc/temporal/schema` in the admin-tools image. */
  schemaDir: string;
}

function buildIn(dir: string): TemporalServerBuild {
  return {
    version: TEMPORAL_SERVER_VERSION,
    server: path.join(dir, 'bin', 'temporal-server'),
    sqlTool: path.join(dir, 'bin', 'temporal-sql-tool'),
    schemaDir: path.join(dir, 'schema'),
  };
}

async function isComplete(build: TemporalServerBuild): Promise<boolean> {
  return (
    (await isExecutable(build.server)) &&
    (await isExecutable(build.sqlTool)) &&
    existsSync(path.join(build.schemaDir, 'postgresql', 'v12', 'visibility', 'versioned'))
  );
}

/** Copies a directory tree with fresh, writable modes (the Go module cache is read-only). */
async function copyTree(from: string, to: string): Promise<void> {
  await fs.mkdir(to, { recursive: true });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyTree(source, target);
    else if (entry.isFile()) await fs.writeFile(target, await fs.readFile(source));
  }
}

/**
 * The cached build of the Temporal server and its SQL tool; built with `go install` when missing (into a
 * private directory first, so that a concurrent build never sees half of one).
 */
export async function obtainTemporalServer(): Promise<TemporalServerBuild> {
  const versionsDir = path.join(sharedCacheDir(), 'temporal-server');
  const finalDir = path.join(versionsDir, TEMPORAL_SERVER_VERSION);
  const final = buildIn(finalDir);
  if (await isComplete(final)) return final;

  const go = await findOnPath('go');
  if (!go) throw new Error(`The Temporal server ${TEMPORAL_SERVER_VERSION} is not built in ${versionsDir} and Go is not on PATH to build it.`);
  const staging = await fs.mkdtemp(path.join(await ensureDir(versionsDir), '.build-'));
  const version = `v${TEMPORAL_SERVER_VERSION}`;
  const packages = [`${MODULE}/cmd/server@${version}`, `${MODULE}/cmd/tools/sql@${version}`];
  progress(`building the Temporal server: go install ${packages.join(' ')} (minutes the first time)…`);
  const started = Date.now();
  const heartbeat = setInterval(() => progress(`…still building the Temporal server (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    const bin = path.join(staging, 'bin');
    // Run outside any Go module, so that `go` takes the packages at exactly this version.
    const env = { ...process.env, GOBIN: bin };
    await run(go, ['install', ...packages], { cwd: staging, env, onLine: (line) => progress(`go: ${line}`) });
    await fs.rename(path.join(bin, 'server'), path.join(bin, 'temporal-server'));
    await fs.rename(path.join(bin, 'sql'), path.join(bin, 'temporal-sql-tool'));

    // The schema files come from the module's source, which `go install` has just put in the module cache.
    const { stdout } = await execFileAsync(go, ['mod', 'download', '-json', `${MODULE}@${version}`], { cwd: staging, env });
    const { Dir: moduleDir } = JSON.parse(stdout) as { Dir: string };
    await copyTree(path.join(moduleDir, 'schema', 'postgresql', 'v12'), path.join(staging, 'schema', 'postgresql', 'v12'));
    if (!(await isComplete(buildIn(staging)))) throw new Error(`the build in ${staging} is incomplete`);

    await fs.chmod(staging, 0o755);
    if (!(await isComplete(final))) {
      // (Else a concurrent build finished first, and it is used.)
      await fs.rm(finalDir, { recursive: true, force: true });
      await fs.rename(staging, finalDir);
    }
  } catch (err) {
    throw new Error(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} failed.\n${(err as Error).message}`, { cause: err });
  } finally {
    clearInterval(heartbeat);
    await fs.rm(staging, { recursive: true, force: true });
  }
  progress(`Temporal server built in ${Math.round((Date.now() - started) / 1000)} s: ${final.server}`);
  return final;
}

/**
 * The server's persistence, in the variables its embedded config template reads (and docker-compose.yml sets):
 * Temporal's databases `temporal` and `temporal_visibility` on the PostgreSQL server of `databaseUrl`. The
 * setup script reads the same ones.
 */
export function temporalPersistenceEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  return {
    DB: 'postgres12',
    POSTGRES_SEEDS: url.hostname,
    DB_PORT: url.port || '5432',
    POSTGRES_USER: decodeURIComponent(url.username),
    POSTGRES_PWD: decodeURIComponent(url.password),
    DBNAME: 'temporal',
    VISIBILITY_DBNAME: 'temporal_visibility',
  };
}

/** The services whose gRPC and membership ports are configured (all four run in the one server process). */
export const TEMPORAL_SERVICES = ['FRONTEND', 'HISTORY', 'MATCHING', 'WORKER'] as const;

/** Everything the server is configured by, as docker-compose.yml configures the `temporalio/server` image. */
export function temporalServerEnv(databaseUrl: string, ports: Record<string, string>): Record<string, string> {
  return {
    ...temporalPersistenceEnv(databaseUrl),
    ...ports,
    BIND_ON_IP: '127.0.0.1',
    // No authorizer: the frontend is reached only from this machine (docker-compose: its own network).
    TEMPORAL_ALLOW_NO_AUTH: 'true',
    LOG_LEVEL: 'warn',
    DYNAMIC_CONFIG_FILE_PATH: DYNAMIC_CONFIG_FILE,
  };
}

/**
 * A free port below 32768: the server keeps its services' ports in a `smallint` column (cluster_membership), so
 * the kernel's ephemeral ports (from 32768 up) do not fit.
 */
async function freeServicePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_768);
    const free = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port below 32768');
}

/** Runs `scripts/temporal-server/setup.sh <step>` (the same script docker-compose.yml runs). */
async function setup(step: 'schema' | 'namespace', env: Record<string, string>): Promise<void> {
  await run('/bin/sh', [SETUP_SCRIPT, step], { env: { ...process.env, ...env } });
}

export interface TemporalServerOptions {
  /** PostgreSQL server for Temporal's own databases (any database name in the URL; Temporal uses its two). */
  databaseUrl: string;
  /** Frontend gRPC port; a free port when omitted. */
  port?: number;
  /** Registered before returning; default `default`. */
  namespace?: string;
  /** Receives the server's and the setup's output lines. */
  log?: (line: string) => void;
}

export interface TemporalServer {
  /** Frontend gRPC address, `127.0.0.1:<port>`. */
  address: string;
  version: string;
  stop(): Promise<void>;
}

/**
 * Sets up Temporal's schema on PostgreSQL, starts the server (all four services in one process: frontend,
 * history, matching, worker), registers the namespace and returns once it serves it.
 */
export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const build = await obtainTemporalServer();
  const cli = await obtainTemporalCli();
  const namespace = opts.namespace ?? 'default';
  const persistence = temporalPersistenceEnv(opts.databaseUrl);
  // The SQL tool logs every statement: its output is shown only when it fails.
  await setup('schema', { ...persistence, TEMPORAL_SQL_TOOL: build.sqlTool, TEMPORAL_SCHEMA_DIR: build.schemaDir });

  const port = opts.port ?? (await freeServicePort());
  if (opts.port !== undefined && (await portInUse(port))) throw new Error(`Port ${port} (Temporal frontend) is already in use.`);
  // Every service listens on a gRPC and a membership port of its own: free ones, so that clusters side by side
  // (worktrees, test runs) do not meet.
  const ports: Record<string, string> = { FRONTEND_GRPC_PORT: String(port), FRONTEND_HTTP_PORT: String(await freeServicePort()) };
  for (const service of TEMPORAL_SERVICES) {
    ports[`${service}_GRPC_PORT`] ??= String(await freeServicePort());
    ports[`${service}_MEMBERSHIP_PORT`] = String(await freeServicePort());
  }
  const env = { ...process.env, ...temporalServerEnv(opts.databaseUrl, ports) };
  const proc = spawnGuarded(build.server, ['start'], { stopSignal: 'TERM', env, log: opts.log });
  const address = `127.0.0.1:${port}`;
  const { Connection } = await import('@temporalio/client');
  const answers = (ns: string) => async () => {
    if (!(await portInUse(port))) return false;
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await connection.workflowService.describeNamespace({ namespace: ns });
      return true;
    } finally {
      await connection.close();
    }
  };
  try {
    await waitUntil('The Temporal server', proc, 120_000, answers('temporal-system'));
    await setup('namespace', { TEMPORAL_ADDRESS: address, NAMESPACE: namespace, TEMPORAL_CLI: cli });
    await waitUntil(`The Temporal server's namespace ${namespace}`, proc, 60_000, answers(namespace));
  } catch (err) {
    await proc.stop(5000);
    throw err;
  }
  return { address, version: build.version, stop: () => proc.stop(15_000) };
}
