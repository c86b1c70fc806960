import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLetterOutbox } from '@collections/letters';
import { describeLetterOutboxContract } from '../../libs/letters/src/outbox/letter-outbox.contract';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'letter-outbox-contract-'));

// The embedded outbox: each outbox is another handle on the one file, as another process opens it.
describeLetterOutboxContract('SqliteLetterOutbox (the DATA_DIR file)', async () => {
  const dir = tempDir();
  return {
    open: async (options) => createLetterOutbox(dir, options),
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
