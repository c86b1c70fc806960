import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cashApplied,
  customerReplied,
  freshLinkRequested,
  invoiceRegistered,
  paymentReported,
  replyHandled,
  unappliedCashReceived,
} from '@collections/domain/testing/decider-specification';
import { ALL_PROJECTIONS, QUERYABLE_COLLECTIONS } from '@collections/projections';
import { SimulatedBook } from '@collections/simulation';
import { StoredCollectionEvent } from '@collections/event-processor';
import { runInMemory } from '../../libs/simulation/src/testing/in-memory-run';
import { ProjectedCollections, project, storedEvent } from '../../libs/projections/src/testing/project';
import { onItsOwnStream, unidentifiedCashAssigned, unidentifiedCashReceived } from '../../libs/projections/src/testing/unidentified-cash';

/**
 * The published JSON Schemas of the read models' documents (docs/read-model-schemas), what
 * analysts write questions against (POST /read-models/:collection/query), checked against
 * documents the projections really make: a simulated book of 150 customers over 240 days, and a
 * customer whose cash, reported payment and replies the simulation does not produce. A field a
 * projection adds, drops or retypes fails here until its schema says so.
 */
const SCHEMAS = join(__dirname, '../../docs/read-model-schemas');
const schemaFile = (collection: string) => join(SCHEMAS, `${collection}.schema.json`);

async function projectedBook(): Promise<ProjectedCollections> {
  const run = runInMemory(new SimulatedBook({ customers: 150, days: 240, seed: 7 }));
  let position = 0;
  const stored: StoredCollectionEvent[] = [...run.events].flatMap(([customerId, events]) =>
    events.map(({ event }, revision) => storedEvent(event, { customerId, position: (position += 1), revision })),
  );
  const conversation = [
    invoiceRegistered(),
    unappliedCashReceived(),
    cashApplied(),
    paymentReported(),
    customerReplied(),
    replyHandled(),
    freshLinkRequested(),
  ].map((event, revision) => storedEvent(event, { customerId: 'S-1', position: (position += 1), revision }));
  const unidentified = [unidentifiedCashReceived(), unidentifiedCashAssigned({ customerId: 'S-1' })].map((event) =>
    onItsOwnStream(event, (position += 1)),
  );
  const collections: ProjectedCollections = new Map();
  for (const projection of ALL_PROJECTIONS) await project(projection, [...stored, ...conversation, ...unidentified], collections);
  return collections;
}

describe('the published JSON Schemas of the read models', () => {
  let collections: ProjectedCollections;
  const ajv = addFormats(new Ajv2020({ strict: true, allErrors: true }), ['date', 'date-time']);

  beforeAll(async () => {
    collections = await projectedBook();
  }, 60_000);

  it('every queryable read model has one, and there is none for anything else', () => {
    const missing = QUERYABLE_COLLECTIONS.filter((collection) => !existsSync(schemaFile(collection)));
    expect(missing).toEqual([]);
    const published = readdirSync(SCHEMAS).map((file) => file.replace(/\.schema\.json$/, ''));
    expect(published.sort()).toEqual([...QUERYABLE_COLLECTIONS].sort());
  });

  it.each(QUERYABLE_COLLECTIONS)('given a projected book, then every document of %s is what its schema says', (collection) => {
    const schema = JSON.parse(readFileSync(schemaFile(collection), 'utf8')) as { $id: string; title: string };
    expect(schema.$id).toBe(`urn:collections:read-model:${collection}`);
    const validate = ajv.compile(schema);
    const documents = [...(collections.get(collection)?.values() ?? [])];
    expect(documents.length).toBeGreaterThan(0);
    // Each document's verdict and ajv's words for it, read right after its own check.
    const verdicts = documents.map((document) => ({
      _id: document._id,
      valid: validate(document) as boolean,
      errors: ajv.errorsText(validate.errors),
    }));
    const invalid = verdicts.filter((verdict) => !verdict.valid);
    expect(invalid.slice(0, 3)).toEqual([]);
  });
});
