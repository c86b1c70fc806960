import { BusinessDate } from '@collections/domain';
import { ReadDocument, ReadStore } from '@collections/read-store';
import { RunRecord, RunRecords } from './run-records.port';

interface RunDocument extends ReadDocument, Omit<RunRecord, 'businessDate'> {}

/**
 * The run records as documents of a read-store collection, one per business date: the MongoDB
 * adapter in production (MongoReadStore), so the engine keeps nothing on local disk.
 */
export class ReadStoreRunRecords implements RunRecords {
  constructor(
    private readonly readStore: ReadStore,
    private readonly collection = 'policy_engine_runs',
  ) {}

  async record({ businessDate, appended, startedAt, ...latest }: RunRecord): Promise<void> {
    // One atomic update: a date run again adds its appended commands and keeps its first start.
    await this.runs().updateOne({ _id: businessDate }, { $set: latest, $inc: { appended }, $setOnInsert: { startedAt } }, { upsert: true });
  }

  async lastRunDate(): Promise<BusinessDate | undefined> {
    const [last] = await this.runs().find({}, { sort: { _id: -1 }, limit: 1, projection: { _id: 1 } });
    return last?._id;
  }

  async runOn(date: BusinessDate): Promise<RunRecord | undefined> {
    const document = await this.runs().findOne({ _id: date });
    if (!document) return undefined;
    const { _id, ...run } = document;
    return { businessDate: _id, ...run };
  }

  private runs() {
    return this.readStore.collection<RunDocument>(this.collection);
  }
}
