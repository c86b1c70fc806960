import { ReadDocument, ReadSession, ReadStore } from '@collections/read-store';
import { Checkpoint, CheckpointCommit, CheckpointStore } from './checkpoint-store.port';

export interface CheckpointDocument extends ReadDocument {
  position: number;
  version?: number;
}

export interface ReadStoreCheckpointStoreOptions {
  /**
   * Whether a commit waits until it is on disk (MongoDB's `j: true`). Read models leave it off: a
   * crash may lose the last commits, but always with their checkpoints, so the events are
   * handed over again; meanwhile disk writes overlap the next batch.
   */
  journal?: boolean;
}

/**
 * Checkpoints as documents of a read-store collection, one per handler: the MongoDB adapter in
 * production (MongoReadStore) and the embedded one beside the read models. A commit is one
 * read-store transaction, so a handler writing through the session it is given (the read models)
 * commits with its checkpoint.
 */
export class ReadStoreCheckpointStore implements CheckpointStore<ReadSession> {
  constructor(
    private readonly readStore: ReadStore,
    readonly collection: string,
    private readonly options: ReadStoreCheckpointStoreOptions = {},
  ) {}

  async load(names: readonly string[]): Promise<Map<string, Checkpoint>> {
    const documents = await this.readStore.collection<CheckpointDocument>(this.collection).find({ _id: { $in: [...names] } });
    return new Map(documents.map(({ _id, position, version }) => [_id, { position, ...(version === undefined ? {} : { version }) }]));
  }

  async commit(commits: readonly CheckpointCommit<ReadSession>[]): Promise<void> {
    const checkpoints = this.readStore.collection<CheckpointDocument>(this.collection);
    await this.readStore.withTransaction(
      async (session) => {
        for (const { work } of commits) await work?.(session);
        for (const { name, checkpoint } of commits) {
          const version = checkpoint.version === undefined ? {} : { $set: { version: checkpoint.version } };
          await checkpoints.updateOne({ _id: name }, { $max: { position: checkpoint.position }, ...version }, { upsert: true, session });
        }
      },
      { journal: this.options.journal ?? true },
    );
  }

  async remove(name: string): Promise<void> {
    await this.readStore.collection(this.collection).deleteMany({ _id: name });
  }
}
