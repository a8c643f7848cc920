/**
 * `npm run obtain-servers`: makes sure the Temporal CLI, Temporal's time-skipping test server and the Temporal
 * server of the cluster (with its SQL tool) are available, building / fetching them into $CREDIT_CASES_CACHE when
 * needed, and prints their paths. CI runs it before the tests to warm the cache.
 */
import { obtainTemporalCli, obtainTestServer, sharedCacheDir } from '../lib/servers';
import { obtainTemporalServer } from '../lib/temporal-server';

async function main(): Promise<void> {
  console.log(`cache:                      ${sharedCacheDir()}`);
  const cli = await obtainTemporalCli();
  console.log(`Temporal CLI:               ${cli}`);
  const testServer = await obtainTestServer();
  console.log(`Temporal test server:       ${testServer}`);
  const server = await obtainTemporalServer();
  console.log(`Temporal server ${server.version}:    ${server.server}`);
  console.log(`Temporal SQL tool:          ${server.sqlTool}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
