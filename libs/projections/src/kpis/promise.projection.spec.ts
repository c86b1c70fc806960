import { collectorAssigned, promiseBroken, promiseKept, promiseMade } from '@collections/domain/testing/decider-specification';
import { documentsOf, project, storedEvent } from '../testing/project';
import { CUSTOMER_COLLECTORS, PROMISES, promiseProjection } from './promise.projection';

describe('the promise projection', () => {
  const promise = {
    customerId: 'C-1',
    invoiceIds: ['INV-1'],
    amount: 10_000,
    currency: 'EUR',
    madeOn: '2024-02-16',
    promisedFor: '2024-02-28',
  };

  it('given promises made, kept and broken, then each holds its outcome, the collector it was made with and when each was recorded', async () => {
    const recorded = (at: string, position: number) => ({ recordedAt: at, position });
    const collections = await project(promiseProjection, [
      storedEvent(promiseMade({ promiseId: 'PR-0', madeOn: '2024-02-01', promisedFor: '2024-02-10' }), recorded('2024-02-01T09:00:00Z', 1)),
      collectorAssigned({ collectorId: 'alice' }),
      storedEvent(promiseMade(), recorded('2024-02-16T10:00:00.000Z', 3)), // PR-1, while alice has the account
      collectorAssigned({ collectorId: 'bob', assignedOn: '2024-02-20' }),
      // Recorded with an offset: kept as the same instant in UTC.
      storedEvent(promiseBroken({ brokenOn: '2024-02-29', amountPaid: 2_500, shortfall: 7_500 }), recorded('2024-03-01T08:30:00+01:00', 5)),
      // Its outcome recorded only in March, though it was kept on 9 February.
      storedEvent(promiseKept({ promiseId: 'PR-0', keptOn: '2024-02-09' }), recorded('2024-03-04T16:00:00.000Z', 6)),
    ]);
    expect(documentsOf(collections, PROMISES)).toEqual([
      {
        ...promise,
        _id: 'C-1/PR-0',
        promiseId: 'PR-0',
        madeOn: '2024-02-01',
        promisedFor: '2024-02-10',
        status: 'kept',
        keptOn: '2024-02-09',
        brokenOn: null,
        amountPaid: 10_000,
        collectorId: null,
        recordedAt: '2024-02-01T09:00:00.000Z',
        resolutionRecordedAt: '2024-03-04T16:00:00.000Z',
      },
      {
        ...promise,
        _id: 'C-1/PR-1',
        promiseId: 'PR-1',
        status: 'broken',
        keptOn: null,
        brokenOn: '2024-02-29',
        amountPaid: 2_500,
        // Reassigned to bob afterwards: the promise stays alice's.
        collectorId: 'alice',
        recordedAt: '2024-02-16T10:00:00.000Z',
        resolutionRecordedAt: '2024-03-01T07:30:00.000Z',
      },
    ]);
    expect(documentsOf(collections, CUSTOMER_COLLECTORS)).toEqual([{ _id: 'C-1', collectorId: 'bob' }]);
  });

  it('keeps an open promise open', async () => {
    const collections = await project(promiseProjection, [promiseMade()]);
    expect(documentsOf(collections, PROMISES)).toEqual([
      {
        ...promise,
        _id: 'C-1/PR-1',
        promiseId: 'PR-1',
        status: 'open',
        keptOn: null,
        brokenOn: null,
        amountPaid: null,
        collectorId: null,
        recordedAt: '2024-06-30T12:00:00.000Z',
        resolutionRecordedAt: null,
      },
    ]);
  });

  it('keys promises and collectors by customer', async () => {
    const collections = await project(promiseProjection, [
      collectorAssigned({ collectorId: 'alice' }),
      storedEvent(collectorAssigned({ collectorId: 'bob' }), { customerId: 'C-2', position: 2 }),
      storedEvent(promiseMade(), { customerId: 'C-2', position: 3 }),
      promiseMade(),
      // An outcome for a promise this customer never made changes nothing.
      storedEvent(promiseKept({ promiseId: 'PR-9' }), { customerId: 'C-2', position: 5 }),
    ]);
    expect(documentsOf(collections, PROMISES).map(({ _id, collectorId, status }) => ({ _id, collectorId, status }))).toEqual([
      { _id: 'C-1/PR-1', collectorId: 'alice', status: 'open' },
      { _id: 'C-2/PR-1', collectorId: 'bob', status: 'open' },
    ]);
    expect(documentsOf(collections, CUSTOMER_COLLECTORS)).toEqual([
      { _id: 'C-1', collectorId: 'alice' },
      { _id: 'C-2', collectorId: 'bob' },
    ]);
  });
});
