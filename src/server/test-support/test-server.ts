import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { listDemoAccounts } from '../modules/demo/index.js';
import { loadConfig } from '../platform/config.js';
import { type RunningServer, startServer } from '../server.js';
import { createScratchDatabase } from './test-database.js';

export type TestServer = {
  url: string;
  server: RunningServer;
  demoUsers: Array<{ login: string; password: string; role: string; tenant: string }>;
  stop(): Promise<void>;
};

/**
 * The real server (startServer: lock, migrations, demo seed, HTTP) on a free port, on a temporary
 * DATA_DIR or on a scratch database of TEST_DATABASE_URL.
 */
export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otklik-test-'));
  const scratch = process.env.TEST_DATABASE_URL
    ? await createScratchDatabase(process.env.TEST_DATABASE_URL)
    : undefined;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    OTKLIK_JOBS: '0',
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...environment,
  });
  const server = await startServer(config);
  return {
    url: server.url,
    server,
    demoUsers: listDemoAccounts().map(({ login, password, role, tenant }) => ({ login, password, role, tenant })),
    async stop() {
      await server.close();
      await scratch?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
