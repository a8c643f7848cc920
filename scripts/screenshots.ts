/**
 * `npm run screenshots`: runs the browser journey (test/pages.browser.test.ts) against fresh real servers and saves
 * each role's main page into docs/screenshots/, as the README shows them.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const jest = path.join(path.dirname(require.resolve('jest/package.json')), 'bin', 'jest.js');
const result = spawnSync(process.execPath, [jest, '--runInBand', 'test/pages.browser.test.ts'], {
  cwd: path.resolve(__dirname, '..'),
  stdio: 'inherit',
  env: { ...process.env, SCREENSHOTS: '1' },
});
process.exit(result.status ?? 1);
