import { CollectionEvent } from '@collections/domain';
import {
  collectorAssigned,
  customerReplied,
  freshLinkRequested,
  replyHandled,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { project, storedEvent } from '../testing/project';
import { listReplies } from './replies.query';
import { replyQueueProjection } from './replies.projection';

let position = 0;
const of = (customerId: string, ...events: CollectionEvent[]): StoredCollectionEvent[] =>
  events.map((event) => storedEvent(event, { customerId, position: ++position }));

async function queueAfter(events: StoredCollectionEvent[]): Promise<ReadStore> {
  return readStoreWith(await project(replyQueueProjection, events));
}

describe('the reply queue', () => {
  const reply = customerReplied({ attachments: [{ name: 'remittance.pdf', size: 20_480, contentType: 'application/pdf' }] });

  it('given a reply, then it waits with what the customer wrote, for the customer’s collector', async () => {
    const readStore = await queueAfter(of('C-1', collectorAssigned(), reply));
    expect(await listReplies(readStore, { status: 'waiting', limit: 10 })).toEqual({
      items: [
        {
          customerId: 'C-1',
          replyId: 'M-1',
          kind: 'reply',
          letterId: 'L-1',
          from: 'ap@customer.example',
          subject: 'Re: Payment reminder',
          receivedAt: '2024-02-15T09:30:00.000Z',
          receivedOn: '2024-02-15',
          attachments: [{ name: 'remittance.pdf', size: 20_480, contentType: 'application/pdf' }],
          text: 'We paid this on Monday.',
          status: 'waiting',
          collectorId: 'alice',
        },
      ],
    });
  });

  it('given it handled, then it leaves the waiting queue and shows as handled with the note', async () => {
    const readStore = await queueAfter(of('C-1', reply, replyHandled({ note: 'Called back: paid on Monday' })));
    expect((await listReplies(readStore, { status: 'waiting', limit: 10 })).items).toEqual([]);
    expect((await listReplies(readStore, { status: 'handled', limit: 10 })).items).toEqual([
      expect.objectContaining({ replyId: 'M-1', status: 'handled', handledOn: '2024-02-16', note: 'Called back: paid on Monday' }),
    ]);
  });

  it('given an out-of-office answer and a bounce, then they are recorded and wait for nobody', async () => {
    const readStore = await queueAfter(
      of('C-1', customerReplied({ replyId: 'M-2', kind: 'auto_reply' }), customerReplied({ replyId: 'M-3', kind: 'bounce' })),
    );
    expect((await listReplies(readStore, { status: 'waiting', limit: 10 })).items).toEqual([]);
    const recorded = await listReplies(readStore, { status: 'recorded', limit: 10 });
    expect(recorded.items.map(({ replyId, kind }) => [replyId, kind])).toEqual([
      ['M-2', 'auto_reply'],
      ['M-3', 'bounce'],
    ]);
  });

  it('given a fresh-link request, then it waits as a link_request naming the letter', async () => {
    const readStore = await queueAfter(of('C-1', freshLinkRequested()));
    expect((await listReplies(readStore, { status: 'waiting', limit: 10 })).items).toEqual([
      { customerId: 'C-1', replyId: 'FL-1', kind: 'link_request', letterId: 'L-1', receivedOn: '2024-04-20', attachments: [], status: 'waiting' },
    ]);
  });

  it('given customers of several collectors, then a collector’s queue holds their customers’ messages only, and follows a reassignment', async () => {
    const events = [
      ...of('C-1', collectorAssigned(), reply),
      ...of('C-2', collectorAssigned({ collectorId: 'bob' }), customerReplied({ replyId: 'M-9' })),
      ...of('C-3', customerReplied({ replyId: 'M-5' })),
    ];
    const readStore = await queueAfter(events);
    const ids = async (collectorId: string | null | undefined) =>
      (await listReplies(readStore, { status: 'all', collectorId, limit: 10 })).items.map(({ customerId }) => customerId);
    expect(await ids('alice')).toEqual(['C-1']);
    expect(await ids('bob')).toEqual(['C-2']);
    expect(await ids(null)).toEqual(['C-3']);
    expect(await ids(undefined)).toEqual(['C-1', 'C-2', 'C-3']);
    expect((await listReplies(readStore, { status: 'all', customerId: 'C-2', limit: 10 })).items).toEqual([
      expect.objectContaining({ customerId: 'C-2', replyId: 'M-9' }),
    ]);
    const moved = await queueAfter([...events, ...of('C-1', collectorAssigned({ collectorId: 'bob', assignedOn: '2024-02-20' }))]);
    expect((await listReplies(moved, { status: 'all', collectorId: 'bob', limit: 10 })).items).toEqual([
      expect.objectContaining({ customerId: 'C-1', collectorId: 'bob' }),
      expect.objectContaining({ customerId: 'C-2', collectorId: 'bob' }),
    ]);
  });

  it('given many waiting, then the oldest comes first and the cursor reads on without skipping or repeating', async () => {
    const days = ['2024-02-17', '2024-02-15', '2024-02-16', '2024-02-15', '2024-02-18'];
    const readStore = await queueAfter(
      of('C-1', ...days.map((receivedOn, index) => customerReplied({ replyId: `M-${index}`, receivedOn, receivedAt: `${receivedOn}T10:00:00Z` }))),
    );
    const first = await listReplies(readStore, { status: 'waiting', limit: 2 });
    expect(first.items.map(({ replyId }) => replyId)).toEqual(['M-1', 'M-3']);
    const second = await listReplies(readStore, { status: 'waiting', limit: 2, cursor: first.nextCursor });
    expect(second.items.map(({ replyId }) => replyId)).toEqual(['M-2', 'M-0']);
    const last = await listReplies(readStore, { status: 'waiting', limit: 2, cursor: second.nextCursor });
    expect(last).toEqual({ items: [expect.objectContaining({ replyId: 'M-4' })] });
    await expect(listReplies(readStore, { status: 'waiting', limit: 2, cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
  });

  it('filters by kind', async () => {
    const readStore = await queueAfter(of('C-1', reply, freshLinkRequested()));
    expect((await listReplies(readStore, { status: 'all', kind: 'link_request', limit: 10 })).items).toEqual([
      expect.objectContaining({ replyId: 'FL-1' }),
    ]);
  });
});
