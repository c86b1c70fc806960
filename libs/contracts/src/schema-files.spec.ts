import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_EVENTS, PUBLISHED_EVENT_TYPES, PublishedEventType } from './published-events';
import { schemaFileContent, schemaFiles } from './schema-files';

const directory = join(__dirname, '../schemas');

describe('the published schema files', () => {
  it('hold every current schema exactly as the code defines it (run `npm run contracts:schemas` after a new version)', () => {
    for (const { fileName, schema } of schemaFiles()) {
      expect({ fileName, content: readFileSync(join(directory, fileName), 'utf8') }).toEqual({
        fileName,
        content: schemaFileContent(schema),
      });
    }
  });

  it('hold nothing but versions of published event types up to the current one', () => {
    const known = new Set<string>(PUBLISHED_EVENT_TYPES);
    for (const fileName of readdirSync(directory)) {
      const match = /^io\.collections\.(\w+)\.v(\d+)\.json$/.exec(fileName);
      expect({ fileName, known: match !== null && known.has(match[1]) }).toEqual({ fileName, known: true });
      const [, type, version] = match ?? [];
      expect(Number(version)).toBeLessThanOrEqual(PUBLISHED_EVENTS[type as PublishedEventType].version);
    }
  });
});
