import { EmbeddedReadStore, ReadStore } from '@collections/read-store';
import { ProjectedCollections } from '../../testing/project';

/** An in-memory embedded read store holding what `project` produced, for query tests. */
export async function readStoreWith(collections: ProjectedCollections): Promise<ReadStore> {
  const readStore = new EmbeddedReadStore(':memory:');
  for (const [name, documents] of collections) {
    await readStore.collection(name).bulkWrite([...documents.values()].map((document) => ({ insertOne: { document } })));
  }
  return readStore;
}
