import { TestApi, startApi } from './harness';

/**
 * One customer walked through the whole collection procedure over HTTP, then replayed the way
 * an auditor does: the full history, and the account as of three dates.
 */
describe('the collection procedure, end to end', () => {
  let api: TestApi;
  const customer = '/customers/ACME-1';

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  const steps: [string, Parameters<TestApi['as']>[0], string, object][] = [
    [
      'registers an invoice',
      'integration',
      'invoices',
      { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
    ],
    [
      'registers a second invoice',
      'integration',
      'invoices',
      { invoiceId: 'INV-2', amount: 50_000, currency: 'EUR', issuedOn: '2024-01-20', dueOn: '2024-02-19' },
    ],
    [
      'registers a third invoice',
      'integration',
      'invoices',
      { invoiceId: 'INV-3', amount: 30_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' },
    ],
    [
      'posts a payment',
      'integration',
      'payments',
      { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 20_000, currency: 'EUR', receivedOn: '2024-02-05' },
    ],
    ['assigns a collector', 'manager', 'assignment', { collectorId: 'collector-1', assignedOn: '2024-02-10' }],
    ['marks the invoice overdue', 'manager', 'invoices/INV-1/overdue', { detectedOn: '2024-02-10' }],
    [
      'sends a friendly reminder',
      'collector',
      'reminders',
      { reminderId: 'REM-1', invoiceIds: ['INV-1', 'INV-2'], level: 1, channel: 'email', template: 'friendly-1', sentOn: '2024-02-20' },
    ],
    [
      'logs a call',
      'collector',
      'contacts',
      {
        contactId: 'CALL-1',
        contactedOn: '2024-02-25',
        channel: 'phone',
        person: 'Jonas Petraitis',
        outcome: 'reached',
        reasonForLateness: 'Waiting on their customer',
      },
    ],
    [
      'records a promise to pay',
      'collector',
      'promises',
      { promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 80_000, currency: 'EUR', promisedFor: '2024-03-10', madeOn: '2024-02-25' },
    ],
    [
      'raises a dispute',
      'collector',
      'disputes',
      { disputeId: 'DSP-1', invoiceId: 'INV-2', amount: 20_000, currency: 'EUR', category: 'damaged_goods', raisedOn: '2024-03-01' },
    ],
    [
      'posts a partial payment',
      'integration',
      'payments',
      { paymentId: 'PAY-2', invoiceId: 'INV-1', amount: 30_000, currency: 'EUR', receivedOn: '2024-03-08' },
    ],
    ['declares the promise broken', 'collector', 'promises/PR-1/broken', { brokenOn: '2024-03-12' }],
    [
      'agrees a payment plan',
      'collector',
      'payment-plans',
      {
        planId: 'PLAN-1',
        invoiceIds: ['INV-1'],
        currency: 'EUR',
        installments: [
          { number: 1, dueOn: '2024-04-01', amount: 25_000 },
          { number: 2, dueOn: '2024-05-01', amount: 25_000 },
        ],
        agreedOn: '2024-03-15',
        guarantors: ['R. Petraitienė'],
      },
    ],
    [
      'resolves the dispute with a credit',
      'collector',
      'disputes/DSP-1/resolution',
      { resolution: 'credit_issued', resolvedOn: '2024-03-20', credit: { creditMemoId: 'CM-1', amount: 20_000 } },
    ],
    [
      'posts the first installment',
      'integration',
      'payments',
      { paymentId: 'PAY-3', invoiceId: 'INV-1', amount: 25_000, currency: 'EUR', receivedOn: '2024-03-30' },
    ],
    ['confirms the installment paid', 'collector', 'payment-plans/PLAN-1/installments/1/paid', { paidOn: '2024-04-01' }],
    ['declares the second installment missed', 'collector', 'payment-plans/PLAN-1/installments/2/missed', { detectedOn: '2024-05-05' }],
    [
      'sends a final notice',
      'collector',
      'final-notices',
      { noticeId: 'FN-1', invoiceIds: ['INV-1', 'INV-2'], channel: 'letter', sentOn: '2024-05-05', referralOn: '2024-05-10' },
    ],
    [
      'recommends a lower credit limit',
      'collector',
      'credit-limit-recommendations',
      {
        recommendationId: 'CL-1',
        recommendedLimit: 0,
        currency: 'EUR',
        reason: 'Broken promise and missed installment',
        recommendedOn: '2024-05-06',
      },
    ],
    ['places a credit hold', 'manager', 'credit-hold', { reason: 'Referred to an agency', placedOn: '2024-05-06' }],
    [
      'refers the account to an agency',
      'manager',
      'agency-referrals',
      {
        referralId: 'AG-1',
        agency: 'Baltic Recovery UAB',
        invoiceIds: ['INV-1', 'INV-2'],
        reason: 'In-house steps exhausted',
        referredOn: '2024-05-10',
      },
    ],
    [
      'initiates legal action',
      'manager',
      'legal-actions',
      {
        caseId: 'CASE-1',
        invoiceIds: ['INV-3'],
        court: 'Small claims court',
        smallClaims: true,
        reason: 'Assets found',
        initiatedOn: '2024-05-20',
      },
    ],
    [
      'writes off what is left',
      'manager',
      'write-offs',
      { writeOffId: 'WO-1', invoiceIds: ['INV-1', 'INV-2'], reason: 'Agency could not collect', writtenOffOn: '2024-06-15' },
    ],
    [
      'records the post-mortem',
      'manager',
      'post-mortems',
      {
        postMortemId: 'PM-1',
        rootCause: 'credit_risk_misjudged',
        summary: 'Credit was extended without checking payment history',
        actionItems: [{ description: 'Check payment history before raising limits', owner: 'credit-team', dueOn: '2024-07-31' }],
        recordedOn: '2024-06-20',
      },
    ],
  ];

  it.each(steps.map(([what, role, path, body], index) => ({ index, what, role, path, body })))(
    'step $index: the $role $what',
    async ({ index, role, path, body }) => {
      const response = await api.as(role).post(`${customer}/${path}`, body).expect(201);
      // Resolving with a credit appends two events (the resolution and the credit memo).
      const expectedRevision = index >= 13 ? index + 1 : index;
      expect(response.body).toEqual({ customerId: 'ACME-1', revision: expectedRevision });
    },
  );

  it('replays the whole history in order, with who did each step', async () => {
    const { body } = await api.as('auditor').get(`${customer}/history`).expect(200);
    expect(body.customerId).toBe('ACME-1');
    expect(body.events.map((event: { type: string }) => event.type)).toEqual([
      'InvoiceRegistered',
      'InvoiceRegistered',
      'InvoiceRegistered',
      'PaymentReceived',
      'CollectorAssigned',
      'InvoiceOverdue',
      'ReminderSent',
      'ContactLogged',
      'PromiseMade',
      'DisputeRaised',
      'PaymentReceived',
      'PromiseBroken',
      'PaymentPlanAgreed',
      'DisputeResolved',
      'CreditMemoIssued',
      'PaymentReceived',
      'InstallmentPaid',
      'InstallmentMissed',
      'FinalNoticeSent',
      'CreditLimitChangeRecommended',
      'CreditHoldPlaced',
      'ReferredToAgency',
      'LegalActionInitiated',
      'WrittenOff',
      'PostMortemRecorded',
    ]);
    body.events.forEach((event: { revision: number; position: number }, index: number) => {
      expect(event.revision).toBe(index);
      if (index > 0) expect(event.position).toBeGreaterThan(body.events[index - 1].position);
    });
    const broken = body.events[11];
    expect(broken.data).toEqual({ promiseId: 'PR-1', brokenOn: '2024-03-12', amountPaid: 30_000, shortfall: 50_000, currency: 'EUR' });
    expect(broken.metadata.actor).toEqual({ id: 'collector-1', role: 'collector' });
    expect(broken.occurredAt).toBe('2024-03-12');
    expect(broken.recordedAt).toBe('2024-06-30T12:00:00.000Z');
    expect(body.events[0].metadata.actor).toEqual({ id: 'integration-1', role: 'integration' });
    expect(body.events[23].metadata.actor).toEqual({ id: 'manager-1', role: 'manager' });
    expect(body.events[23].data.invoices).toEqual([
      { invoiceId: 'INV-1', amount: 25_000, currency: 'EUR' },
      { invoiceId: 'INV-2', amount: 30_000, currency: 'EUR' },
    ]);
    // The resolution and its credit memo came from one command.
    expect(body.events[14].metadata.commandId).toBe(body.events[13].metadata.commandId);
  });

  it('pages through the history', async () => {
    const { body } = await api.as('auditor').get(`${customer}/history?fromRevision=20&maxCount=3`).expect(200);
    expect(body.events.map((event: { revision: number }) => event.revision)).toEqual([20, 21, 22]);
    const past = await api.as('auditor').get(`${customer}/history?fromRevision=1000`).expect(200);
    expect(past.body.events).toEqual([]);
  });

  const invoice = (state: { invoices: { invoiceId: string }[] }, id: string) =>
    state.invoices.find((candidate) => candidate.invoiceId === id);

  it('shows the account as it stood on 1 February 2024', async () => {
    const { body } = await api.as('auditor').get(`${customer}/state?asOf=2024-02-01`).expect(200);
    expect(body.asOf).toBe('2024-02-01');
    expect(body.invoices.map((i: { invoiceId: string }) => i.invoiceId)).toEqual(['INV-1', 'INV-2', 'INV-3']);
    expect(invoice(body, 'INV-1')).toMatchObject({
      amount: 100_000,
      balance: 100_000,
      currency: 'EUR',
      issuedOn: '2024-01-10',
      dueOn: '2024-02-09',
      status: 'open',
    });
    expect(invoice(body, 'INV-2')).toMatchObject({ balance: 50_000, status: 'open' });
    expect(body.collectorId).toBeNull();
    expect(body.promises).toEqual([]);
  });

  it('shows the account as it stood on 31 March 2024', async () => {
    const { body } = await api.as('auditor').get(`${customer}/state?asOf=2024-03-31`).expect(200);
    expect(invoice(body, 'INV-1')).toMatchObject({ balance: 25_000, paid: 75_000, status: 'overdue', daysPastDue: 51 });
    expect(invoice(body, 'INV-2')).toMatchObject({ balance: 30_000, credited: 20_000, status: 'overdue' });
    expect(invoice(body, 'INV-3')).toMatchObject({ balance: 30_000, status: 'overdue', daysPastDue: 29 });
    expect(body.collectorId).toBe('collector-1');
    expect(body.promises).toEqual([expect.objectContaining({ promiseId: 'PR-1', status: 'broken', paid: 30_000 })]);
    expect(body.paymentPlans).toEqual([expect.objectContaining({ planId: 'PLAN-1', status: 'current', paid: 25_000 })]);
    expect(body.disputes).toEqual([expect.objectContaining({ disputeId: 'DSP-1', status: 'resolved', resolution: 'credit_issued' })]);
    expect(body.balances).toEqual([{ currency: 'EUR', open: 85_000, overdue: 85_000, disputed: 0 }]);
    expect(body.creditHold).toBeNull();
  });

  it('shows the account as it stands today, written off and referred', async () => {
    const { body } = await api.as('analyst').get(`${customer}/state`).expect(200);
    expect(body.asOf).toBe('2024-06-30');
    expect(invoice(body, 'INV-1')).toMatchObject({ balance: 0, writtenOff: 25_000, status: 'written_off' });
    expect(invoice(body, 'INV-2')).toMatchObject({ balance: 0, writtenOff: 30_000, status: 'written_off' });
    expect(invoice(body, 'INV-3')).toMatchObject({ balance: 30_000, status: 'overdue' });
    expect(body.paymentPlans[0]).toMatchObject({ status: 'defaulted' });
    expect(body.creditHold).toEqual({ reason: 'Referred to an agency', placedOn: '2024-05-06' });
    expect(body.agencyReferrals).toEqual([expect.objectContaining({ referralId: 'AG-1', status: 'active' })]);
    expect(body.legalActions).toEqual([expect.objectContaining({ caseId: 'CASE-1', smallClaims: true })]);
    expect(body.postMortems).toEqual([{ postMortemId: 'PM-1', rootCause: 'credit_risk_misjudged', recordedOn: '2024-06-20' }]);
  });

  it('exports the history as JSON lines and as CSV', async () => {
    const jsonl = await api.as('auditor').get(`${customer}/history/export?format=jsonl`).expect(200);
    expect(jsonl.headers['content-type']).toMatch(/^application\/x-ndjson/);
    const lines = jsonl.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toHaveLength(25);
    expect(lines[3]).toMatchObject({ revision: 3, type: 'PaymentReceived', data: { paymentId: 'PAY-1' } });

    const csv = await api.as('auditor').get(`${customer}/history/export?format=csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="collection-history-ACME-1.csv"');
    const rows = csv.text.trim().split('\n');
    expect(rows[0]).toBe('revision,position,type,occurredAt,recordedAt,actorId,actorRole,commandId,correlationId,data');
    expect(rows).toHaveLength(26);
    expect(rows[4]).toMatch(/^3,\d+,PaymentReceived,2024-02-05,2024-06-30T12:00:00.000Z,integration-1,integration,/);
  });

  it('answers 404 for a customer it has never heard of', async () => {
    for (const path of ['history', 'state', 'history/export']) {
      const response = await api.as('auditor').get(`/customers/NOBODY/${path}`).expect(404);
      expect(response.body).toMatchObject({ status: 404, title: 'Not found' });
    }
    const command = await api
      .as('collector')
      .post('/customers/NOBODY/contacts', { contactId: 'C-1', channel: 'phone', person: 'X', outcome: 'reached' })
      .expect(404);
    expect(command.body).toMatchObject({ status: 404, code: 'account-not-found' });
    expect(await api.streamLength('NOBODY')).toBe(0);
  });
});
