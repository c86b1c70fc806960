import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedReadStore, ReadStore } from '@collections/read-store';

/**
 * For a describe block: a fresh temporary read-store file per test, and `open()` for stores on it
 * (or on another path, or ':memory:'), every one of them closed and the directory removed after
 * the test.
 */
export function embeddedStoresPerTest(): { readonly file: string; open(at?: string): ReadStore } {
  let dir = '';
  let file = '';
  const opened: ReadStore[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-read-store-'));
    file = path.join(dir, 'read-models.sqlite');
  });

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  return {
    get file() {
      return file;
    },
    open(at = file) {
      const store = new EmbeddedReadStore(at);
      opened.push(store);
      return store;
    },
  };
}
