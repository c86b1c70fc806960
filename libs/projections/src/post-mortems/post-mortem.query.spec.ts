import { CollectionEvent } from '@collections/domain';
import {
  invoiceRegistered,
  postMortemRecorded,
  recoveryReceived,
  reminderSent,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { ReadStore } from '@collections/read-store';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { StoredCollectionEvent } from '@collections/event-processor';
import { project, storedEvent } from '../testing/project';
import { collectionPathProjection } from './collection-path.projection';
import { listWrittenOffAccounts, queryPostMortem } from './post-mortem.query';

const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId }));

describe('the post-mortem queries', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections = await project(collectionPathProjection, [
      ...of(
        'C-1',
        invoiceRegistered(), // due 2024-02-09
        reminderSent({ sentOn: '2024-02-15' }),
        writtenOff({ writtenOffOn: '2024-06-01' }), // 10,000 EUR
        recoveryReceived({ amount: 2_000 }),
        postMortemRecorded(),
      ),
      ...of(
        'C-2',
        invoiceRegistered({ currency: 'USD' }),
        writtenOff({ writeOffId: 'WO-1', invoices: [{ invoiceId: 'INV-1', amount: 1_000, currency: 'USD' }], writtenOffOn: '2024-03-01' }),
        writtenOff({ writeOffId: 'WO-2', invoices: [{ invoiceId: 'INV-1', amount: 3_000, currency: 'USD' }], writtenOffOn: '2024-08-01' }),
      ),
      ...of('C-3', invoiceRegistered(), reminderSent()),
      ...of('C-4', invoiceRegistered(), writtenOff({ writtenOffOn: '2024-05-01' })),
    ]);
    readStore = await readStoreWith(collections);
  });

  afterAll(() => readStore.close());

  describe('queryPostMortem', () => {
    it('gives the post-mortem of a written-off account', async () => {
      expect(await queryPostMortem(readStore, 'C-1')).toMatchObject({
        customerId: 'C-1',
        earliestDueOn: '2024-02-09',
        daysToFirstReminder: 6, // 02-09 → 02-15
        daysToFirstContact: null,
        daysToWriteOff: 113, // 20 (to 02-29) + 31 + 30 + 31 + 1 (to 06-01)
        writtenOff: { EUR: 10_000 },
        recovered: { EUR: 2_000 },
        rootCauses: ['credit_risk_misjudged'],
      });
    });

    it('is null for an account with nothing written off and for an unknown customer', async () => {
      expect(await queryPostMortem(readStore, 'C-3')).toBeNull();
      expect(await queryPostMortem(readStore, 'C-9')).toBeNull();
    });
  });

  describe('listWrittenOffAccounts', () => {
    const customersOf = async (query: Parameters<typeof listWrittenOffAccounts>[1]) =>
      (await listWrittenOffAccounts(readStore, query)).accounts.map((account) => account.customerId);

    it('lists the written-off accounts, most recently written off first, page by page', async () => {
      expect(await listWrittenOffAccounts(readStore, { page: 1, pageSize: 2 })).toEqual({
        page: 1,
        pageSize: 2,
        total: 3,
        accounts: [
          {
            customerId: 'C-2',
            firstWrittenOffOn: '2024-03-01',
            lastWrittenOffOn: '2024-08-01',
            writeOffs: [
              { writeOffId: 'WO-1', writtenOffOn: '2024-03-01', invoiceIds: ['INV-1'], amounts: { USD: 1_000 } },
              { writeOffId: 'WO-2', writtenOffOn: '2024-08-01', invoiceIds: ['INV-1'], amounts: { USD: 3_000 } },
            ],
            writtenOff: { USD: 4_000 }, // 1,000 + 3,000
            recovered: {},
            rootCauses: [],
          },
          {
            customerId: 'C-1',
            firstWrittenOffOn: '2024-06-01',
            lastWrittenOffOn: '2024-06-01',
            writeOffs: [{ writeOffId: 'WO-1', writtenOffOn: '2024-06-01', invoiceIds: ['INV-1'], amounts: { EUR: 10_000 } }],
            writtenOff: { EUR: 10_000 },
            recovered: { EUR: 2_000 },
            rootCauses: ['credit_risk_misjudged'],
          },
        ],
      });
      expect(await customersOf({ page: 2, pageSize: 2 })).toEqual(['C-4']);
      expect(await customersOf({ page: 3, pageSize: 2 })).toEqual([]);
    });

    it('keeps the accounts with a write-off in the date range', async () => {
      expect(await customersOf({ from: '2024-02-01', to: '2024-03-31', page: 1, pageSize: 10 })).toEqual(['C-2']);
      expect(await customersOf({ from: '2024-05-15', page: 1, pageSize: 10 })).toEqual(['C-2', 'C-1']);
      // C-2 counts for its March write-off although its latest is in August.
      expect(await customersOf({ to: '2024-05-31', page: 1, pageSize: 10 })).toEqual(['C-2', 'C-4']);
    });

    it('refuses pages that do not exist', async () => {
      await expect(listWrittenOffAccounts(readStore, { page: 0, pageSize: 10 })).rejects.toThrow(RangeError);
      await expect(listWrittenOffAccounts(readStore, { page: 1, pageSize: 0.5 })).rejects.toThrow(RangeError);
    });
  });
});
