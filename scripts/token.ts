/**
 * Prints a local bearer token signed with the project's secret (JWT_SECRET, or the one kept in the data folder).
 *   npm run token -- --role officer --dept market-regulation [--sub officer-li]
 *   npm run token -- --role subject --subject <subjectId>
 *   npm run token -- --role agency --agency <agencyId>
 */
import { parseArgs } from 'node:util';
import { localClaims, signToken } from '../api/auth';
import { loadConfig } from '../lib/config';
import { DEPARTMENT_CODES, ROLES, type Role } from '../shared/domain';

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      dept: { type: 'string' },
      subject: { type: 'string' },
      agency: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role;
  const fail = (message: string) => {
    console.error(`${message}\nusage: npm run token -- --role officer|supervisor --dept <department> | --role subject --subject <id> | --role agency --agency <id>`);
    process.exit(2);
  };
  if (!ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if ((role === 'officer' || role === 'supervisor') && !(DEPARTMENT_CODES as string[]).includes(values.dept ?? '')) fail(`--dept must be one of ${DEPARTMENT_CODES.join(', ')}`);
  if (role === 'subject' && !values.subject) fail('--subject <subjectId> is required');
  if (role === 'agency' && !values.agency) fail('--agency <agencyId> is required');
  const claims = localClaims({ sub: values.sub, role, dept: values.dept, subjectId: values.subject, agencyId: values.agency });
  const config = loadConfig();
  const token = await signToken(config.jwtSecret, claims, values.expires, { issuer: config.jwtIssuer, audience: config.jwtAudience });
  console.log(token);
}

void main();
