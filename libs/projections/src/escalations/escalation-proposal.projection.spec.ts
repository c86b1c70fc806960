import { CollectionEvent } from '@collections/domain';
import {
  escalationDeclined,
  escalationProposed,
  invoiceRegistered,
  referredToAgency,
  writtenOff,
} from '@collections/domain/testing/decider-specification';
import { StoredCollectionEvent } from '@collections/event-processor';
import { ReadStore } from '@collections/read-store';
import { readStoreWith } from '../kpis/testing/read-store-with';
import { documentsOf, project, storedEvent } from '../testing/project';
import { ESCALATION_PROPOSALS, escalationProposalProjection } from './escalation-proposal.projection';
import { listEscalationProposals } from './escalation-proposal.query';

const manager = { id: 'manager-1', role: 'manager' } as const;
const engine = { id: 'policy-engine', role: 'admin' } as const;
let position = 0;
const by = (actor: typeof manager | typeof engine, customerId: string, event: CollectionEvent): StoredCollectionEvent =>
  storedEvent(event, { customerId, actor, position: ++position });

describe('the escalation proposals read model', () => {
  it('given the engine proposed a referral, then the proposal is pending with what it was based on', async () => {
    const collections = await project(escalationProposalProjection, [by(engine, 'C-1', escalationProposed())]);
    expect(documentsOf(collections, ESCALATION_PROPOSALS)).toEqual([
      {
        _id: 'C-1/ESC-1',
        proposalId: 'ESC-1',
        customerId: 'C-1',
        kind: 'agency_referral',
        invoiceIds: ['INV-1'],
        balances: [{ amount: 10_000, currency: 'EUR' }],
        daysPastDue: 98,
        reason: 'In-house steps exhausted',
        proposedOn: '2024-05-17',
        status: 'pending',
        decision: null,
      },
    ]);
  });

  it('given a manager referred the invoices naming the proposal, then it is accepted by them with the referral', async () => {
    const collections = await project(escalationProposalProjection, [
      by(engine, 'C-1', escalationProposed()),
      by(manager, 'C-1', referredToAgency({ proposalId: 'ESC-1', referredOn: '2024-05-18' })),
    ]);
    expect(documentsOf(collections, ESCALATION_PROPOSALS)).toMatchObject([
      {
        status: 'accepted',
        decision: { decidedOn: '2024-05-18', decidedBy: manager, referralId: 'AG-1', agency: 'Acme Collections' },
      },
    ]);
  });

  it('given a manager wrote off naming a write-off proposal, then it is accepted with the write-off', async () => {
    const collections = await project(escalationProposalProjection, [
      by(engine, 'C-1', escalationProposed({ kind: 'write_off' })),
      by(manager, 'C-1', writtenOff({ proposalId: 'ESC-1' })),
    ]);
    expect(documentsOf(collections, ESCALATION_PROPOSALS)).toMatchObject([
      { status: 'accepted', decision: { decidedOn: '2024-06-01', decidedBy: manager, writeOffId: 'WO-1' } },
    ]);
  });

  it('given a manager declined it, then it is declined with their reason', async () => {
    const collections = await project(escalationProposalProjection, [
      by(engine, 'C-1', escalationProposed()),
      by(manager, 'C-1', escalationDeclined()),
    ]);
    expect(documentsOf(collections, ESCALATION_PROPOSALS)).toMatchObject([
      {
        status: 'declined',
        decision: { decidedOn: '2024-05-20', decidedBy: manager, declineReason: 'Customer is negotiating a plan' },
      },
    ]);
  });

  it("given a referral that names no proposal, or another customer's proposal id, then the queue is unchanged", async () => {
    const collections = await project(escalationProposalProjection, [
      by(engine, 'C-1', escalationProposed()),
      by(manager, 'C-1', referredToAgency({ referredOn: '2024-05-18' })),
      by(manager, 'C-2', referredToAgency({ proposalId: 'ESC-1', referredOn: '2024-05-18' })),
    ]);
    expect(documentsOf(collections, ESCALATION_PROPOSALS)).toMatchObject([{ _id: 'C-1/ESC-1', status: 'pending', decision: null }]);
  });
});

describe('listEscalationProposals', () => {
  let readStore: ReadStore;

  beforeAll(async () => {
    const collections = await project(escalationProposalProjection, [
      by(engine, 'C-2', invoiceRegistered()),
      by(engine, 'C-2', escalationProposed({ proposedOn: '2024-05-20' })),
      by(engine, 'C-1', escalationProposed({ proposedOn: '2024-05-17' })),
      by(engine, 'C-1', escalationProposed({ proposalId: 'ESC-2', kind: 'write_off', proposedOn: '2024-08-01' })),
      by(engine, 'C-3', escalationProposed({ proposedOn: '2024-05-01' })),
      by(manager, 'C-3', escalationDeclined({ declinedOn: '2024-05-02' })),
    ]);
    readStore = await readStoreWith(collections);
  });

  afterAll(() => readStore.close());

  const keysOf = async (query: Parameters<typeof listEscalationProposals>[1]) =>
    (await listEscalationProposals(readStore, query)).proposals.map((proposal) => `${proposal.customerId}/${proposal.proposalId}`);

  it('lists the pending proposals oldest first, page by page, with the total', async () => {
    expect(await keysOf({ status: 'pending', page: 1, pageSize: 10 })).toEqual(['C-1/ESC-1', 'C-2/ESC-1', 'C-1/ESC-2']);
    const second = await listEscalationProposals(readStore, { status: 'pending', page: 2, pageSize: 2 });
    expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
    expect(second.proposals.map((proposal) => proposal.proposalId)).toEqual(['ESC-2']);
  });

  it('lists the declined ones apart, and answers documents without their store id', async () => {
    const declined = await listEscalationProposals(readStore, { status: 'declined', page: 1, pageSize: 10 });
    expect(declined.total).toBe(1);
    expect(declined.proposals[0]).not.toHaveProperty('_id');
    expect(declined.proposals[0]).toMatchObject({ customerId: 'C-3', status: 'declined' });
    expect(await keysOf({ status: 'accepted', page: 1, pageSize: 10 })).toEqual([]);
  });

  it('refuses a page below 1', async () => {
    await expect(listEscalationProposals(readStore, { status: 'pending', page: 0, pageSize: 10 })).rejects.toThrow(RangeError);
  });
});
