/** Jest global teardown: stops the servers test/global-setup.ts started and removes their files. */
import fs from 'node:fs/promises';
import { dropDatabase } from '../lib/servers';
import type { TestServers } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const servers: TestServers | undefined = globalThis.__creditTestServers;
  if (!servers) return;
  globalThis.__creditTestServers = undefined;
  const failures: string[] = [];
  if (servers.createdDatabase) {
    await dropDatabase(servers.createdDatabase.serverUrl, servers.createdDatabase.name).catch((err: unknown) =>
      failures.push(`dropping ${servers.createdDatabase?.name}: ${String(err)}`),
    );
  }
  await Promise.all(
    servers.stops.map((s) => s.stop().catch((err: unknown) => failures.push(`stopping ${s.name}: ${String(err)}`))),
  );
  if (servers.tmpDir) await fs.rm(servers.tmpDir, { recursive: true, force: true });
  if (failures.length > 0) throw new Error(`global teardown: ${failures.join('; ')}`);
}
