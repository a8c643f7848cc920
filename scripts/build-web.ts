/**
 * Builds the pages (web/ → web/dist) with Vite when they are missing or stale: the build records the SHA-256 of
 * its inputs (the pages' sources, the shared modules they import, the lock file) and is redone when they change.
 * `npm start` and the test setup call it; `npm run build:web` forces a build.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, '.inputs-sha256');
const INPUTS = ['web/index.html', 'web/vite.config.mts', 'web/tsconfig.json', 'web/src', 'web/public', 'shared', 'package-lock.json'];

function files(relative: string): string[] {
  const full = path.join(ROOT, relative);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [relative];
  return readdirSync(full).sort().flatMap((name) => files(path.join(relative, name)));
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(files)) hash.update(`${file}\n`).update(readFileSync(path.join(ROOT, file)));
  return hash.digest('hex');
}

export function webBuildIsCurrent(): boolean {
  return existsSync(path.join(DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === inputsHash();
}

/** Builds unless the last build had the same inputs; returns whether it built. */
export function ensureWebBuilt(opts: { force?: boolean; log?: (line: string) => void } = {}): boolean {
  if (!opts.force && webBuildIsCurrent()) return false;
  const hash = inputsHash();
  const started = Date.now();
  opts.log?.('building the pages (vite build)…');
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.mts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    // Jest sets NODE_ENV=test, which would make Vite build the libraries' development versions.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
  writeFileSync(STAMP, `${hash}\n`);
  opts.log?.(`pages built in ${Date.now() - started} ms`);
  return true;
}

if (require.main === module) {
  try {
    ensureWebBuilt({ force: !process.argv.includes('--if-stale'), log: (line) => console.log(line) });
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
