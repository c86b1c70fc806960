import { CommandBus } from '@nestjs/cqrs';
import { Actor, ExecuteAccountCommand } from '@collections/accounts';
import { CollectionCommand } from '@collections/domain';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * The staff's side of the customer's conversation over HTTP: a reply puts its account first on the
 * collector's worklist as reply_waiting until a collector handles it (GET /replies, POST
 * …/replies/:replyId/handling); disputes have owners and target dates on the managers' board
 * (GET /disputes, POST …/disputes/:disputeId/assignment); the dispute-causes report says how long
 * they take; a payment the customer reported shows beside its unapplied cash.
 */
describe('replies and disputes on the read side', () => {
  let api: TestApi;
  const small = 'RD-SMALL';
  const large = 'RD-LARGE';
  const path = (customerId: string, resource: string) => `/customers/${customerId}/${resource}`;
  /** What the command side records from elsewhere (the inbound mail, the customer's page). */
  const record = (customerId: string, command: CollectionCommand, actor: Actor = { id: 'integration-1', role: 'integration' }) =>
    api.app.get(CommandBus).execute(new ExecuteAccountCommand(customerId, command, { actor }));
  const reply = (replyId: string, kind: 'reply' | 'auto_reply' | 'bounce' = 'reply'): CollectionCommand => ({
    type: 'RecordReply',
    data: {
      replyId,
      kind,
      letterId: 'L-1',
      from: 'ap@small.example',
      subject: 'Re: Payment reminder',
      receivedAt: '2024-03-14T09:30:00.000Z',
      receivedOn: '2024-03-14',
      attachments: [{ name: 'remittance.pdf', size: 20_480, contentType: 'application/pdf' }],
      text: 'We paid this on Monday, see attached.',
    },
  });
  const worklist = async () => (await api.as('collector').get('/worklists/collector-1').expect(200)).body;

  beforeAll(async () => {
    api = await startApi({ today: '2024-03-15' });
    for (const [customerId, amount] of [
      [small, 1_000],
      [large, 9_000_000],
    ] as const) {
      await api
        .as('integration')
        .post(path(customerId, 'invoices'), { invoiceId: 'INV-1', amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
        .expect(201);
      await api.as('manager').post(path(customerId, 'assignment'), { collectorId: 'collector-1', assignedOn: '2024-01-20' }).expect(201);
    }
    await api.projected();
  });
  afterAll(() => api.close());

  describe('a reply', () => {
    it('given a reply recorded, then the account is reply_waiting and first on the worklist, before a larger call', async () => {
      expect((await worklist()).items.map(({ customerId, state }: { customerId: string; state: string }) => [customerId, state])).toEqual([
        [large, 'call_now'],
        [small, 'call_now'],
      ]);
      await record(small, reply('M-1'));
      await api.projected();
      const { items } = await worklist();
      expect(items.map(({ customerId }: { customerId: string }) => customerId)).toEqual([small, large]);
      expect(items[0]).toMatchObject({ state: 'reply_waiting', nextAction: 'answer_reply', nextActionOn: '2024-03-14' });
      const waiting = await api.as('collector').get('/worklists/collector-1?state=reply_waiting').expect(200);
      expect(waiting.body.items).toEqual([expect.objectContaining({ customerId: small })]);
    });

    it('then the reply queue shows it, with what the customer wrote, to its collector and to managers and auditors', async () => {
      const expected = {
        customerId: small,
        replyId: 'M-1',
        kind: 'reply',
        letterId: 'L-1',
        from: 'ap@small.example',
        subject: 'Re: Payment reminder',
        receivedAt: '2024-03-14T09:30:00.000Z',
        receivedOn: '2024-03-14',
        attachments: [{ name: 'remittance.pdf', size: 20_480, contentType: 'application/pdf' }],
        text: 'We paid this on Monday, see attached.',
        status: 'waiting',
        collectorId: 'collector-1',
      };
      expect((await api.as('collector').get('/replies').expect(200)).body).toEqual({ items: [expected] });
      expect((await api.as('manager').get('/replies?collectorId=collector-1').expect(200)).body).toEqual({ items: [expected] });
      expect((await api.as('auditor').get(`/replies?customerId=${small}&status=all`).expect(200)).body.items).toEqual([expected]);
      expect((await api.as('manager').get('/replies?collectorId=unassigned').expect(200)).body).toEqual({ items: [] });
    });

    it("then a collector cannot read another collector's queue, and an analyst none", async () => {
      const refused = await api.as('collector').get('/replies?collectorId=collector-2').expect(403);
      expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(refused.body.detail).toMatch(/only their own/);
      await api.as('analyst').get('/replies').expect(403);
      await api.as('integration').get('/replies').expect(403);
    });

    it('given it handled, then it leaves the queue and the account is a call again; handling it twice is a 409', async () => {
      const handled = await api
        .as('collector')
        .post(path(small, 'replies/M-1/handling'), { note: 'Called back: payment found' })
        .expect(201);
      expect(handled.body).toEqual({ customerId: small, revision: expect.any(Number) });
      await api.projected();
      expect((await worklist()).items.map(({ customerId, state }: { customerId: string; state: string }) => [customerId, state])).toEqual([
        [large, 'call_now'],
        [small, 'call_now'],
      ]);
      expect((await api.as('collector').get('/replies').expect(200)).body).toEqual({ items: [] });
      expect((await api.as('collector').get('/replies?status=handled').expect(200)).body.items).toEqual([
        expect.objectContaining({ replyId: 'M-1', status: 'handled', handledOn: '2024-03-15', note: 'Called back: payment found' }),
      ]);
      const before = await api.streamLength(small);
      const again = await api.as('collector').post(path(small, 'replies/M-1/handling')).expect(409);
      expect(again.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(again.body.detail).toMatch(/already handled on 2024-03-15/);
      expect(await api.streamLength(small)).toBe(before);
    });

    it('given an out-of-office reply, then nothing waits: the account stays a call and handling it is a 409', async () => {
      await record(small, reply('M-2', 'auto_reply'));
      await api.projected();
      expect((await worklist()).items).toEqual([
        expect.objectContaining({ customerId: large }),
        expect.objectContaining({ customerId: small, state: 'call_now' }),
      ]);
      expect((await api.as('manager').get('/replies?status=recorded').expect(200)).body.items).toEqual([
        expect.objectContaining({ replyId: 'M-2', kind: 'auto_reply', status: 'recorded' }),
      ]);
      const refused = await api.as('collector').post(path(small, 'replies/M-2/handling'), {}).expect(409);
      expect(refused.body.detail).toMatch(/automatic/);
    });

    it('given a reply nobody sent, then 404 and nothing appended; a collector of no such customer gets 404 too', async () => {
      const before = await api.streamLength(small);
      const unknown = await api.as('collector').post(path(small, 'replies/M-404/handling')).expect(404);
      expect(unknown.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(unknown.body.detail).toMatch(/M-404/);
      expect(await api.streamLength(small)).toBe(before);
      await api.as('collector').post(path('RD-NOBODY', 'replies/M-1/handling')).expect(404);
    });

    it('refuses a note that is not text, an auditor handling, and a cursor the queue did not give', async () => {
      const bad = await api.as('collector').post(path(small, 'replies/M-1/handling'), { note: 42 }).expect(400);
      expect(bad.body.errors.map(({ pointer }: { pointer: string }) => pointer)).toContain('/note');
      await api.as('auditor').post(path(small, 'replies/M-1/handling'), {}).expect(403);
      const cursor = await api.as('manager').get('/replies?cursor=not-ours').expect(400);
      expect(cursor.body.errors).toEqual([expect.objectContaining({ pointer: '/cursor' })]);
    });
  });

  describe('disputes', () => {
    beforeAll(async () => {
      const dispute = (disputeId: string, category: string) => ({
        disputeId,
        invoiceId: 'INV-1',
        amount: 500,
        currency: 'EUR',
        category,
        raisedOn: '2024-03-01',
      });
      await api.as('collector').post(path(large, 'disputes'), dispute('D-1', 'pricing')).expect(201);
      await api.as('collector').post(path(large, 'disputes'), dispute('D-2', 'damaged_goods')).expect(201);
      await api.projected();
    });

    it('given a dispute nobody owns yet, then the board lists it without an owner', async () => {
      const { body } = await api.as('analyst').get('/disputes').expect(200);
      expect(body.asOf).toBe('2024-03-15');
      expect(body.items).toEqual([
        expect.objectContaining({ customerId: large, disputeId: 'D-1', kind: 'dispute', category: 'pricing', daysPastTarget: 0 }),
        expect.objectContaining({ disputeId: 'D-2' }),
      ]);
      expect(body.items[0].ownerTeam).toBeUndefined();
      expect(body.byOwner).toEqual([{ ownerTeam: null, open: 2, pastTarget: 0 }]);
    });

    it("given a manager's assignment without a date, then the target is today plus the policy's days for the category", async () => {
      // The default policy gives pricing disputes to billing for 7 days.
      await api.as('manager').post(path(large, 'disputes/D-1/assignment'), { ownerTeam: 'billing', ownerId: 'b.ng' }).expect(201);
      await api.projected();
      const { body } = await api.as('manager').get('/disputes?ownerTeam=billing').expect(200);
      expect(body.items).toEqual([
        expect.objectContaining({ disputeId: 'D-1', ownerTeam: 'billing', ownerId: 'b.ng', targetOn: '2024-03-22', daysPastTarget: 0 }),
      ]);
    });

    it('given a dispute past its target, then the board shows it first for a manager, with how many days', async () => {
      await api.as('manager').post(path(large, 'disputes/D-2/assignment'), { ownerTeam: 'logistics', targetOn: '2024-03-15' }).expect(201);
      await api.projected();
      api.clock.set('2024-03-20T09:00:00.000Z');
      try {
        const { body } = await api.as('manager').get('/disputes?pastTarget=true').expect(200);
        expect(body.items).toEqual([
          expect.objectContaining({ disputeId: 'D-2', ownerTeam: 'logistics', targetOn: '2024-03-15', daysPastTarget: 5 }),
        ]);
        expect(body.byOwner).toEqual([
          { ownerTeam: 'logistics', open: 1, pastTarget: 1 },
          { ownerTeam: 'billing', ownerId: 'b.ng', open: 1, pastTarget: 0 },
        ]);
        const all = await api.as('manager').get('/disputes').expect(200);
        expect(all.body.items.map(({ disputeId }: { disputeId: string }) => disputeId)).toEqual(['D-2', 'D-1']);

        // A manager reminds its owner now (the engine would on its daily run): once per target date.
        await api.as('collector').post(path(large, 'disputes/D-2/owner-reminder')).expect(403);
        await api.as('manager').post(path(large, 'disputes/D-2/owner-reminder')).expect(201);
        await api.projected();
        const reminded = await api.as('manager').get('/disputes?pastTarget=true').expect(200);
        expect(reminded.body.items).toEqual([expect.objectContaining({ disputeId: 'D-2', remindedOn: '2024-03-20' })]);
        const again = await api.as('manager').post(path(large, 'disputes/D-2/owner-reminder')).expect(422);
        expect(again.body).toMatchObject({ code: 'already-reminded' });
        const early = await api.as('manager').post(path(large, 'disputes/D-1/owner-reminder')).expect(422);
        expect(early.body).toMatchObject({ code: 'dispute-not-late' });
      } finally {
        api.clock.set('2024-03-15T12:00:00.000Z');
      }
    });

    it('refuses a team the policy does not name with a 422 naming its teams, and appends nothing', async () => {
      const before = await api.streamLength(large);
      const refused = await api.as('manager').post(path(large, 'disputes/D-1/assignment'), { ownerTeam: 'marketing' }).expect(422);
      expect(refused.headers['content-type']).toMatch(PROBLEM_JSON);
      const detail = 'Team marketing is not one the policy gives disputes to: sales, logistics, billing, quality';
      expect(refused.body).toMatchObject({ code: 'unknown-owner-team', detail, errors: [{ pointer: '/ownerTeam', detail }] });
      expect(await api.streamLength(large)).toBe(before);
    });

    it('refuses a collector assigning (403), an unknown dispute (422) and a bad date (400)', async () => {
      await api.as('collector').post(path(large, 'disputes/D-1/assignment'), { ownerTeam: 'sales' }).expect(403);
      const unknown = await api.as('manager').post(path(large, 'disputes/D-9/assignment'), { ownerTeam: 'sales' }).expect(422);
      expect(unknown.body.code).toBe('dispute-not-found');
      const bad = await api
        .as('manager')
        .post(path(large, 'disputes/D-1/assignment'), { ownerTeam: 'sales', targetOn: '2024-02-30' })
        .expect(400);
      expect(bad.body.errors).toEqual([expect.objectContaining({ pointer: '/targetOn' })]);
    });

    it('given a dispute resolved, then the dispute-causes report says how long it took, per category and owner team', async () => {
      await api.as('collector').post(path(large, 'disputes/D-1/resolution'), { resolution: 'customer_liable' }).expect(201);
      await api.projected();
      const { body } = await api.as('analyst').get('/reports/dispute-causes?from=2024-03-01&to=2024-03-31&currency=EUR').expect(200);
      expect(body.asOf).toBe('2024-03-15');
      expect(body.timeToResolve.byCategory.pricing).toEqual({ resolved: 1, medianDays: 14, meanDays: 14, openPastTarget: 0 });
      expect(body.timeToResolve.byOwnerTeam).toEqual([
        { ownerTeam: 'billing', resolved: 1, medianDays: 14, meanDays: 14, openPastTarget: 0 },
        { ownerTeam: 'logistics', resolved: 0, medianDays: null, meanDays: null, openPastTarget: 0 },
      ]);
      expect((await api.as('manager').get('/disputes?status=resolved').expect(200)).body.items).toEqual([
        expect.objectContaining({ disputeId: 'D-1', status: 'resolved', resolvedOn: '2024-03-15', resolution: 'customer_liable' }),
      ]);
    });
  });

  describe('a payment the customer reported', () => {
    it('given unapplied cash on the account, then the cash queue lists the report beside it as a hint', async () => {
      // 20.00 over the 10.00 of the small account's invoice: paid, 10.00 on account.
      await api
        .as('integration')
        .post(path(small, 'payments'), { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 2_000, currency: 'EUR', receivedOn: '2024-03-12' })
        .expect(201);
      const report = {
        reportId: 'PR-1',
        invoiceIds: [],
        amount: 2_000,
        currency: 'EUR',
        paidOn: '2024-03-11',
        reference: 'RF18',
        reportedOn: '2024-03-13',
      };
      await record(small, { type: 'ReportPayment', data: report }, { id: `customer:${small}`, role: 'customer' as const });
      await api.projected();
      const { body } = await api.as('collector').get(`/cash/unapplied?customerId=${small}`).expect(200);
      expect(body.items).toEqual([expect.objectContaining({ paymentId: 'PAY-1', unapplied: 1_000, reportedPayments: [report] })]);
    });
  });
});
