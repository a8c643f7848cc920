/**
 * Every refusal code of the contract is raised somewhere: a code nobody raises is a promise the API does not keep.
 * (That every code raised is in the contract, the types say: `refuse` and `refusal` take a RefusalCode.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REFUSALS } from '../shared/errors';

const root = path.resolve(__dirname, '..');
const sources = ['api', 'activities', 'workflows', 'shared', 'db', 'documents']
  .flatMap((dir) => readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)))
  .filter((f) => f.endsWith('.ts') && f !== path.join('shared', 'errors.ts'))
  .map((f) => readFileSync(path.join(root, f), 'utf8'))
  .join('\n');

test('every refusal code is raised somewhere', () => {
  const unused = Object.keys(REFUSALS).filter((code) => !sources.includes(`'${code}'`));
  expect(unused).toEqual([]);
});

