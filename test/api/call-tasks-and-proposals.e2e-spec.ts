import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * The two commands the policy engine issues most, served over HTTP too: a call task asks a
 * collector to call, an escalation proposal asks a manager to refer or write off. Both are
 * ordinary account commands: validated, decided by the domain, idempotent by key.
 */
describe('call tasks and escalation proposals', () => {
  let api: TestApi;
  const customer = 'CT-1';
  const path = (resource: string) => `/customers/${customer}/${resource}`;

  beforeEach(async () => {
    api = await startApi({ today: '2024-06-30' });
    for (const invoiceId of ['INV-1', 'INV-2']) {
      await api
        .as('integration')
        .post(path('invoices'), { invoiceId, amount: 10_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
        .expect(201);
    }
    await api.as('manager').post(path('assignment'), { collectorId: 'collector-1', assignedOn: '2024-01-15' }).expect(201);
  });
  afterEach(() => api.close());

  const lastEvent = async () => {
    const { body } = await api.as('auditor').get(path('history')).expect(200);
    return body.events.at(-1);
  };
  const dunningCall = {
    taskId: 'CT-A',
    reason: 'dunning',
    invoiceIds: ['INV-1'],
    collectorId: 'collector-1',
    dueOn: '2024-07-01',
    level: 4,
  };

  describe('POST /customers/:customerId/call-tasks', () => {
    it('given an overdue invoice, when a collector schedules a dunning call, then it is recorded with today as the day it was scheduled', async () => {
      const response = await api.as('collector').post(path('call-tasks'), dunningCall).expect(201);

      expect(response.body).toEqual({ customerId: customer, revision: 3 });
      const event = await lastEvent();
      expect(event).toMatchObject({
        type: 'CallTaskScheduled',
        data: { ...dunningCall, scheduledOn: '2024-06-30' },
        metadata: { actor: { id: 'collector-1', role: 'collector' } },
      });
    });

    it('given a payment plan, when a manager schedules a call before an installment, then the task names the plan and installment', async () => {
      await api
        .as('collector')
        .post(path('payment-plans'), {
          planId: 'PL-1',
          invoiceIds: ['INV-2'],
          currency: 'EUR',
          installments: [{ number: 1, dueOn: '2024-07-15', amount: 10_000 }],
          agreedOn: '2024-06-01',
        })
        .expect(201);
      const task = {
        taskId: 'CT-PLAN',
        reason: 'installment_due',
        invoiceIds: ['INV-2'],
        dueOn: '2024-07-12',
        scheduledOn: '2024-06-30',
        planId: 'PL-1',
        installmentNumber: 1,
      };

      await api.as('manager').post(path('call-tasks'), task).expect(201);

      expect((await lastEvent()).data).toEqual(task);
    });

    it('given the same Idempotency-Key twice, then the task is recorded once and the first answer comes back', async () => {
      const key = { 'Idempotency-Key': 'call-ct-a' };
      const first = await api.as('collector').post(path('call-tasks'), dunningCall, key).expect(201);
      const again = await api.as('collector').post(path('call-tasks'), dunningCall, key).expect(200);
      expect(again.body).toEqual(first.body);
      expect(await api.streamLength(customer)).toBe(4);
    });

    it.each([
      ['a dunning call without its level', { ...dunningCall, level: undefined }, 'invalid-level'],
      [
        'a call about a promise the account does not have',
        { ...dunningCall, reason: 'promise_broken', promiseId: 'PR-404' },
        'promise-not-found',
      ],
      [
        'a call about a plan the account does not have',
        { ...dunningCall, reason: 'installment_due', planId: 'PL-404', installmentNumber: 1 },
        'plan-not-found',
      ],
      ['a call due before it is scheduled', { ...dunningCall, scheduledOn: '2024-07-02' }, 'invalid-date'],
      ['a call about an unknown invoice', { ...dunningCall, invoiceIds: ['INV-404'] }, 'invoice-not-found'],
    ])('given %s, then the business rule refuses it with 422 and nothing is appended', async (_name, body, code) => {
      const before = await api.streamLength(customer);
      const response = await api.as('collector').post(path('call-tasks'), body).expect(422);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: `urn:collections:problem:${code}`, code, status: 422 });
      expect(await api.streamLength(customer)).toBe(before);
    });

    it('given a task id already used, then the second task is refused', async () => {
      await api.as('collector').post(path('call-tasks'), dunningCall).expect(201);
      const response = await api
        .as('collector')
        .post(path('call-tasks'), { ...dunningCall, dueOn: '2024-07-05' })
        .expect(422);
      expect(response.body.code).toBe('duplicate-id');
      expect(await api.streamLength(customer)).toBe(4);
    });

    it('given a customer nobody registered, then it is not found', async () => {
      const response = await api.as('collector').post('/customers/NOBODY/call-tasks', dunningCall).expect(404);
      expect(response.body.type).toBe('urn:collections:problem:customer-not-found');
    });

    it('given roles that only read or post the ledger, then they may not schedule calls', async () => {
      for (const role of ['auditor', 'analyst', 'integration'] as const) {
        await api.as(role).post(path('call-tasks'), dunningCall).expect(403);
      }
      expect(await api.streamLength(customer)).toBe(3);
    });
  });

  describe('POST /customers/:customerId/escalation-proposals', () => {
    const referral = {
      proposalId: 'P-AR-1',
      kind: 'agency_referral',
      invoiceIds: ['INV-1', 'INV-2'],
      reason: '75 days past due and over 250.00 EUR',
    };

    it('given overdue invoices, when a manager proposes an agency referral, then the proposal records the balances and days past due it was based on', async () => {
      const response = await api.as('manager').post(path('escalation-proposals'), referral).expect(201);

      expect(response.body).toEqual({ customerId: customer, revision: 3 });
      expect(await lastEvent()).toMatchObject({
        type: 'EscalationProposed',
        data: { ...referral, proposedOn: '2024-06-30', balances: [{ amount: 20_000, currency: 'EUR' }], daysPastDue: 142 },
        metadata: { actor: { id: 'manager-1', role: 'manager' } },
      });
      // A proposal changes no balance: the manager decides.
      const { body } = await api.as('auditor').get(path('state')).expect(200);
      expect(body.invoices.map((invoice: { balance: number }) => invoice.balance)).toEqual([10_000, 10_000]);
    });

    it('given invoices not yet past due on the day, then there is nothing to escalate', async () => {
      const response = await api
        .as('manager')
        .post(path('escalation-proposals'), { ...referral, proposedOn: '2024-02-09' })
        .expect(422);
      expect(response.body).toMatchObject({ type: 'urn:collections:problem:not-overdue', code: 'not-overdue' });
      expect(await api.streamLength(customer)).toBe(3);
    });

    it('given invoices already with an agency, then a referral is refused but a write-off may still be proposed', async () => {
      await api
        .as('manager')
        .post(path('agency-referrals'), {
          referralId: 'AR-1',
          agency: 'Collect & Co',
          invoiceIds: ['INV-1'],
          reason: 'Unreachable',
          referredOn: '2024-06-01',
        })
        .expect(201);

      const refused = await api.as('manager').post(path('escalation-proposals'), referral).expect(422);
      expect(refused.body.code).toBe('escalation-conflict');

      await api
        .as('manager')
        .post(path('escalation-proposals'), { ...referral, proposalId: 'P-WO-1', kind: 'write_off', reason: '180 days past due' })
        .expect(201);
    });

    it('given collectors and read-only roles, then only managers and admins may propose', async () => {
      for (const role of ['collector', 'auditor', 'analyst', 'integration'] as const) {
        const response = await api.as(role).post(path('escalation-proposals'), referral).expect(403);
        expect(response.body.type).toBe('urn:collections:problem:forbidden');
      }
      await api.as('admin').post(path('escalation-proposals'), referral).expect(201);
      expect(await api.streamLength(customer)).toBe(4);
    });
  });
});
