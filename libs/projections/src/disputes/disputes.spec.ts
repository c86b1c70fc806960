import { CollectionEvent } from '@collections/domain';
import {
  deductionClaimed,
  disputeAssigned,
  disputeOwnerReminded,
  disputeRaised,
  disputeResolved,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { DisputeBoardQuery, queryDisputeBoard } from './disputes.query';
import { disputeBoardProjection } from './disputes.projection';

let position = 0;
const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId, position: ++position }));

async function boardAfter(events: StoredCollectionEvent[]): Promise<ReadStore> {
  return readStoreWith(await project(disputeBoardProjection, events));
}

const asked = (query: Partial<DisputeBoardQuery> = {}): DisputeBoardQuery => ({ status: 'open', asOf: '2024-03-01', limit: 50, ...query });

describe('the disputes board', () => {
  // D-1: damaged goods, 2,000 EUR raised 02-12, logistics until 02-26.
  const assigned = [disputeRaised(), disputeAssigned()];

  it('given a dispute routed to its owner, then the board shows the owner, the target and how far past it', async () => {
    const readStore = await boardAfter(of('C-1', ...assigned));
    expect(await queryDisputeBoard(readStore, asked())).toEqual({
      asOf: '2024-03-01',
      items: [
        {
          customerId: 'C-1',
          disputeId: 'D-1',
          kind: 'dispute',
          invoiceId: 'INV-1',
          category: 'damaged_goods',
          amount: 2_000,
          currency: 'EUR',
          raisedOn: '2024-02-12',
          ownerTeam: 'logistics',
          targetOn: '2024-02-26',
          daysPastTarget: 4,
          status: 'open',
        },
      ],
      byOwner: [{ ownerTeam: 'logistics', open: 1, pastTarget: 1 }],
    });
    const onTarget = await queryDisputeBoard(readStore, asked({ asOf: '2024-02-26' }));
    expect(onTarget.items[0].daysPastTarget).toBe(0);
    expect(onTarget.byOwner).toEqual([{ ownerTeam: 'logistics', open: 1, pastTarget: 0 }]);
  });

  it('given its owner reminded, then the reminder shows; reassigned to a new target, it no longer does', async () => {
    const reminded = [...assigned, disputeOwnerReminded()];
    expect((await queryDisputeBoard(await boardAfter(of('C-1', ...reminded)), asked())).items[0]).toMatchObject({
      remindedOn: '2024-02-27',
    });
    const reassigned = [...reminded, disputeAssigned({ ownerTeam: 'quality', ownerId: 'q.lee', targetOn: '2024-03-10', assignedOn: '2024-02-28' })];
    const [item] = (await queryDisputeBoard(await boardAfter(of('C-1', ...reassigned)), asked())).items;
    expect(item).toMatchObject({ ownerTeam: 'quality', ownerId: 'q.lee', targetOn: '2024-03-10', daysPastTarget: 0 });
    expect(item.remindedOn).toBeUndefined();
  });

  it('given it resolved, then it leaves the open board and shows how late it was resolved', async () => {
    const readStore = await boardAfter(of('C-1', ...assigned, disputeResolved({ resolvedOn: '2024-02-28' })));
    expect((await queryDisputeBoard(readStore, asked())).items).toEqual([]);
    expect((await queryDisputeBoard(readStore, asked({ status: 'resolved' }))).items).toEqual([
      expect.objectContaining({ status: 'resolved', resolvedOn: '2024-02-28', resolution: 'customer_liable', daysPastTarget: 2 }),
    ]);
  });

  describe('with several owners', () => {
    const events = [
      ...of('C-1', ...assigned), // logistics, target 02-26
      ...of('C-2', disputeRaised({ disputeId: 'D-7', category: 'pricing' }), disputeAssigned({ disputeId: 'D-7', ownerTeam: 'billing', targetOn: '2024-03-05' })),
      ...of('C-3', deductionClaimed({ deductionId: 'DED-1' })), // nobody owns it yet
      ...of(
        'C-4',
        disputeRaised({ disputeId: 'D-2', raisedOn: '2024-02-01' }),
        disputeAssigned({ disputeId: 'D-2', targetOn: '2024-02-11', assignedOn: '2024-02-01', ownerId: 'l.kim' }),
      ),
      ...of('C-5', disputeRaised({ disputeId: 'D-3' }), disputeAssigned({ disputeId: 'D-3', targetOn: '2024-02-20' }), disputeResolved({ disputeId: 'D-3' })),
    ];
    let readStore: ReadStore;
    beforeAll(async () => {
      readStore = await boardAfter(events);
    });
    const ids = async (query: Partial<DisputeBoardQuery>) =>
      (await queryDisputeBoard(readStore, asked(query))).items.map(({ disputeId }) => disputeId);

    it('orders the open ones most overdue first, those nobody owns last', async () => {
      expect(await ids({})).toEqual(['D-2', 'D-1', 'D-7', 'DED-1']);
      expect(await ids({ status: 'all' })).toEqual(['D-2', 'D-1', 'D-7', 'DED-1', 'D-3']);
    });

    it('filters by owner team, person and past target', async () => {
      expect(await ids({ ownerTeam: 'logistics' })).toEqual(['D-2', 'D-1']);
      expect(await ids({ ownerTeam: 'logistics', ownerId: 'l.kim' })).toEqual(['D-2']);
      expect(await ids({ pastTarget: true })).toEqual(['D-2', 'D-1']);
      expect(await ids({ pastTarget: true, asOf: '2024-02-20' })).toEqual(['D-2']);
      expect(await ids({ pastTarget: true, status: 'all' })).toEqual(['D-2', 'D-1']);
      expect(await ids({ pastTarget: true, status: 'resolved' })).toEqual([]);
    });

    it('counts the open ones by owner, those with most past target first', async () => {
      expect((await queryDisputeBoard(readStore, asked())).byOwner).toEqual([
        { ownerTeam: 'logistics', open: 1, pastTarget: 1 },
        { ownerTeam: 'logistics', ownerId: 'l.kim', open: 1, pastTarget: 1 },
        { ownerTeam: 'billing', open: 1, pastTarget: 0 },
        { ownerTeam: null, open: 1, pastTarget: 0 },
      ]);
      expect((await queryDisputeBoard(readStore, asked({ ownerTeam: 'billing' }))).byOwner).toEqual([
        { ownerTeam: 'billing', open: 1, pastTarget: 0 },
      ]);
    });

    it('reads on with the cursor without skipping or repeating', async () => {
      const first = await queryDisputeBoard(readStore, asked({ status: 'all', limit: 2 }));
      const second = await queryDisputeBoard(readStore, asked({ status: 'all', limit: 2, cursor: first.nextCursor }));
      const third = await queryDisputeBoard(readStore, asked({ status: 'all', limit: 2, cursor: second.nextCursor }));
      expect([first, second, third].flatMap(({ items }) => items.map(({ disputeId }) => disputeId))).toEqual(['D-2', 'D-1', 'D-7', 'DED-1', 'D-3']);
      expect(third.nextCursor).toBeUndefined();
      await expect(queryDisputeBoard(readStore, asked({ cursor: 'bm90IG91cnM' }))).rejects.toThrow(RangeError);
    });
  });
});
