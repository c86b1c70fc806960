import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * The managers' escalation queue over HTTP: the policy engine proposes (ProposeEscalation), a
 * manager accepts by referring or writing off with the proposal's id, or declines with a reason;
 * GET /escalation-proposals lists each status, oldest proposal first.
 */
describe('escalation proposals', () => {
  let api: TestApi;
  const customer = 'EP-C1';
  const other = 'EP-C2';
  const path = (resource: string, customerId = customer) => `/customers/${customerId}/${resource}`;
  const referral = { kind: 'agency_referral', reason: 'Policy default v1, agency referral: 75 days past due' };

  beforeEach(async () => {
    api = await startApi({ today: '2024-06-30' });
    for (const [customerId, invoiceId, dueOn] of [
      [customer, 'INV-1', '2024-02-09'],
      [customer, 'INV-2', '2024-03-09'],
      [other, 'INV-9', '2024-01-31'],
    ]) {
      await api
        .as('integration')
        .post(path('invoices', customerId), { invoiceId, amount: 10_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn })
        .expect(201);
    }
    await api
      .as('manager')
      .post(path('escalation-proposals'), { ...referral, proposalId: 'ESC-1', invoiceIds: ['INV-1'], proposedOn: '2024-05-17' })
      .expect(201);
    await api
      .as('manager')
      .post(path('escalation-proposals'), {
        proposalId: 'ESC-2',
        kind: 'write_off',
        invoiceIds: ['INV-2'],
        reason: 'Policy default v1, write-off: 180 days past due',
        proposedOn: '2024-06-20',
      })
      .expect(201);
    await api
      .as('manager')
      .post(path('escalation-proposals', other), { ...referral, proposalId: 'ESC-1', invoiceIds: ['INV-9'], proposedOn: '2024-05-01' })
      .expect(201);
  });
  afterEach(() => api.close());

  const queue = async (query = '') => {
    await api.projected();
    const { body } = await api.as('manager').get(`/escalation-proposals${query}`).expect(200);
    return body;
  };
  const keysOf = (body: { proposals: { customerId: string; proposalId: string }[] }) =>
    body.proposals.map((proposal) => `${proposal.customerId}/${proposal.proposalId}`);

  describe('GET /escalation-proposals', () => {
    it('given three pending proposals, then the queue lists them oldest first, with what each was based on', async () => {
      const body = await queue();
      expect(keysOf(body)).toEqual([`${other}/ESC-1`, `${customer}/ESC-1`, `${customer}/ESC-2`]);
      expect(body).toMatchObject({ page: 1, pageSize: 50, total: 3 });
      expect(body.proposals[1]).toEqual({
        proposalId: 'ESC-1',
        customerId: customer,
        kind: 'agency_referral',
        invoiceIds: ['INV-1'],
        balances: [{ amount: 10_000, currency: 'EUR' }],
        daysPastDue: 98,
        reason: referral.reason,
        proposedOn: '2024-05-17',
        status: 'pending',
        decision: null,
      });
    });

    it('pages the queue', async () => {
      expect(keysOf(await queue('?page=2&pageSize=2'))).toEqual([`${customer}/ESC-2`]);
    });

    it.each([
      ['collector', 403],
      ['integration', 403],
      ['auditor', 200],
      ['analyst', 200],
    ] as const)('answers a %s %s: those who read reports review the decisions', async (role, status) => {
      await api.as(role).get('/escalation-proposals').expect(status);
    });
  });

  describe('accepting a proposal', () => {
    it('given a pending referral proposal, when a manager refers the invoices naming it, then it leaves the queue as accepted by them', async () => {
      await api
        .as('manager')
        .post(path('agency-referrals'), {
          referralId: 'AG-1',
          agency: 'Baltic Recovery UAB',
          invoiceIds: ['INV-1'],
          reason: 'Accepted the proposal',
          referredOn: '2024-06-30',
          proposalId: 'ESC-1',
        })
        .expect(201);

      expect(keysOf(await queue())).toEqual([`${other}/ESC-1`, `${customer}/ESC-2`]);
      const accepted = await queue('?status=accepted');
      expect(accepted.proposals).toEqual([
        expect.objectContaining({
          customerId: customer,
          proposalId: 'ESC-1',
          status: 'accepted',
          decision: {
            decidedOn: '2024-06-30',
            decidedBy: { id: 'manager-1', role: 'manager' },
            referralId: 'AG-1',
            agency: 'Baltic Recovery UAB',
          },
        }),
      ]);
    });

    it('given a pending write-off proposal, when a manager writes off naming it, then it is accepted with the write-off', async () => {
      await api
        .as('manager')
        .post(path('write-offs'), {
          writeOffId: 'WO-1',
          invoiceIds: ['INV-2'],
          reason: 'As proposed',
          writtenOffOn: '2024-06-30',
          proposalId: 'ESC-2',
        })
        .expect(201);
      expect((await queue('?status=accepted')).proposals).toEqual([
        expect.objectContaining({ proposalId: 'ESC-2', decision: expect.objectContaining({ writeOffId: 'WO-1' }) }),
      ]);
    });

    it('given a referral proposal, when a manager writes off naming it, then the kind does not match: 422 and nothing is appended', async () => {
      const before = await api.streamLength(customer);
      const response = await api
        .as('manager')
        .post(path('write-offs'), {
          writeOffId: 'WO-1',
          invoiceIds: ['INV-1'],
          reason: 'x',
          writtenOffOn: '2024-06-30',
          proposalId: 'ESC-1',
        })
        .expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ code: 'escalation-conflict', detail: expect.stringMatching(/proposes an agency referral/) });
      expect(await api.streamLength(customer)).toBe(before);
    });
  });

  describe('POST /customers/:customerId/escalation-proposals/:proposalId/decline', () => {
    const decline = (proposalId: string, body: object = { reason: 'Customer is negotiating a plan' }, role = 'manager' as const) =>
      api.as(role).post(path(`escalation-proposals/${proposalId}/decline`), body);

    it('given a pending proposal, when a manager declines it with a reason, then EscalationDeclined is recorded today and it leaves the queue', async () => {
      await decline('ESC-1').expect(201);

      const { body } = await api.as('auditor').get(path('history')).expect(200);
      expect(body.events.at(-1)).toMatchObject({
        type: 'EscalationDeclined',
        data: { proposalId: 'ESC-1', reason: 'Customer is negotiating a plan', declinedOn: '2024-06-30' },
        metadata: { actor: { id: 'manager-1', role: 'manager' } },
      });
      expect(keysOf(await queue())).toEqual([`${other}/ESC-1`, `${customer}/ESC-2`]);
      expect((await queue('?status=declined')).proposals).toEqual([
        expect.objectContaining({
          customerId: customer,
          proposalId: 'ESC-1',
          decision: {
            decidedOn: '2024-06-30',
            decidedBy: { id: 'manager-1', role: 'manager' },
            declineReason: 'Customer is negotiating a plan',
          },
        }),
      ]);
    });

    it('given a declined proposal, when it is declined or accepted again, then the business rule refuses it', async () => {
      await decline('ESC-1').expect(201);
      expect((await decline('ESC-1').expect(422)).body).toMatchObject({
        code: 'escalation-conflict',
        detail: expect.stringMatching(/already declined/),
      });
      const referral = { referralId: 'AG-1', agency: 'A', invoiceIds: ['INV-1'], reason: 'r', proposalId: 'ESC-1' };
      expect((await api.as('manager').post(path('agency-referrals'), referral).expect(422)).body.code).toBe('escalation-conflict');
    });

    it('given no such proposal, then it is refused as not found by the business rule', async () => {
      expect((await decline('ESC-404').expect(422)).body).toMatchObject({ code: 'proposal-not-found' });
    });

    it('given no reason, then the field is named in the problem', async () => {
      const response = await decline('ESC-1', { declinedOn: '2024-06-30' }).expect(400);
      expect(response.body.errors).toContainEqual({ pointer: '/reason', detail: 'reason should not be empty' });
    });

    it('given a collector, then declining is forbidden', async () => {
      await api.as('collector').post(path('escalation-proposals/ESC-1/decline'), { reason: 'no' }).expect(403);
    });
  });
});
