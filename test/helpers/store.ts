// A real SQLite store in a folder of its own, closed and removed after the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.js';

export function tempSqliteStore(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'parley-store-'));
  const store = new SqliteStore(dir);
  onTestFinished(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return store;
}
