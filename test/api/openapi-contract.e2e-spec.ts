import request from 'supertest';
import { CommandBus } from '@nestjs/cqrs';
import { ExecuteAccountCommand, Role } from '@collections/accounts';
import { DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { buildCamt053 } from '@collections/cash-application/testing/camt053-builder';
import { inboundFixture } from '@collections/inbound-mail/testing/inbound-fixtures';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { TestApi, startApi } from './harness';
import { A, givenTwoCustomers, letterOf } from './customer-link-fixture';

/**
 * Every operation of the OpenAPI document, answered at least once with a 2xx that conforms to it.
 * The harness checks each answer against the document (status, media type, JSON body against its
 * schema, and the request body of a 2xx against the request schema); this suite drives one
 * customer through every command and then reads everything there is to read, so that no
 * operation goes unchecked.
 */
describe('the OpenAPI document as a contract', () => {
  let api: TestApi;
  const customer = 'CONTRACT-1';
  const at = (path: string) => `/customers/${customer}/${path}`;

  /** Reads a streamed body whole, as text (superagent would not buffer an SSE stream or JSON Lines). */
  const asText = (response: request.Response, done: (error: Error | null, body: string) => void) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => done(null, text));
  };

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  // Each step is [who, path under the customer, body]; the dates follow the procedure, step by step.
  const procedure: [Role, string, object | undefined][] = [
    ['integration', 'invoices', { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' }],
    ['integration', 'invoices', { invoiceId: 'INV-2', amount: 50_000, currency: 'EUR', issuedOn: '2024-01-20', dueOn: '2024-02-19' }],
    ['integration', 'invoices', { invoiceId: 'INV-3', amount: 30_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' }],
    ['integration', 'invoices', { invoiceId: 'INV-4', amount: 20_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' }],
    ['integration', 'payments', { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 20_000, currency: 'EUR', receivedOn: '2024-02-05' }],
    [
      'integration',
      'credit-memos',
      { creditMemoId: 'CM-0', invoiceId: 'INV-4', amount: 5_000, currency: 'EUR', issuedOn: '2024-02-06', reason: 'Price correction' },
    ],
    ['manager', 'assignment', { collectorId: 'collector-1', assignedOn: '2024-02-10' }],
    // Every field of this body is optional, and so is the body.
    ['manager', 'invoices/INV-1/overdue', undefined],
    [
      'collector',
      'reminders',
      { reminderId: 'REM-1', invoiceIds: ['INV-1', 'INV-2'], level: 1, channel: 'email', template: 'friendly-1', sentOn: '2024-02-20' },
    ],
    [
      'collector',
      'contacts',
      { contactId: 'CALL-1', contactedOn: '2024-02-25', channel: 'phone', person: 'J. Petraitis', outcome: 'reached' },
    ],
    [
      'collector',
      'promises',
      { promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 80_000, currency: 'EUR', promisedFor: '2024-03-10', madeOn: '2024-02-25' },
    ],
    [
      'collector',
      'promises',
      { promiseId: 'PR-2', invoiceIds: ['INV-4'], amount: 15_000, currency: 'EUR', promisedFor: '2024-03-15', madeOn: '2024-02-25' },
    ],
    ['integration', 'payments', { paymentId: 'PAY-4', invoiceId: 'INV-4', amount: 15_000, currency: 'EUR', receivedOn: '2024-03-14' }],
    ['collector', 'promises/PR-2/kept', { keptOn: '2024-03-14' }],
    [
      'collector',
      'disputes',
      { disputeId: 'DSP-1', invoiceId: 'INV-2', amount: 20_000, currency: 'EUR', category: 'damaged_goods', raisedOn: '2024-03-01' },
    ],
    [
      'collector',
      'deductions',
      { deductionId: 'DED-1', invoiceId: 'INV-3', amount: 3_000, currency: 'EUR', programme: 'Co-op marketing', claimedOn: '2024-03-03' },
    ],
    ['integration', 'payments', { paymentId: 'PAY-2', invoiceId: 'INV-1', amount: 30_000, currency: 'EUR', receivedOn: '2024-03-08' }],
    ['collector', 'promises/PR-1/broken', { brokenOn: '2024-03-12' }],
    [
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
      'collector',
      'disputes/DSP-1/resolution',
      { resolution: 'credit_issued', resolvedOn: '2024-03-20', credit: { creditMemoId: 'CM-1', amount: 20_000 } },
    ],
    ['integration', 'payments', { paymentId: 'PAY-3', invoiceId: 'INV-1', amount: 25_000, currency: 'EUR', receivedOn: '2024-03-30' }],
    ['collector', 'payment-plans/PLAN-1/installments/1/paid', { paidOn: '2024-04-01' }],
    ['collector', 'payment-plans/PLAN-1/installments/2/missed', { detectedOn: '2024-05-05' }],
    [
      'collector',
      'call-tasks',
      {
        taskId: 'TASK-1',
        reason: 'dunning',
        level: 2,
        invoiceIds: ['INV-1'],
        collectorId: 'collector-1',
        scheduledOn: '2024-05-05',
        dueOn: '2024-05-06',
      },
    ],
    [
      'collector',
      'final-notices',
      { noticeId: 'FN-1', invoiceIds: ['INV-1', 'INV-2'], channel: 'letter', sentOn: '2024-05-05', referralOn: '2024-05-10' },
    ],
    [
      'collector',
      'credit-limit-recommendations',
      { recommendationId: 'CL-1', recommendedLimit: 0, currency: 'EUR', reason: 'Missed installment', recommendedOn: '2024-05-06' },
    ],
    ['manager', 'credit-hold', { reason: 'Missed installment', placedOn: '2024-05-06' }],
    ['manager', 'credit-hold/lift', { reason: 'Paying again', liftedOn: '2024-05-07' }],
    [
      'manager',
      'escalation-proposals',
      { proposalId: 'EP-1', kind: 'agency_referral', invoiceIds: ['INV-1', 'INV-2'], reason: 'Long overdue', proposedOn: '2024-05-08' },
    ],
    [
      'manager',
      'escalation-proposals',
      { proposalId: 'EP-2', kind: 'write_off', invoiceIds: ['INV-3'], reason: 'Long overdue', proposedOn: '2024-05-08' },
    ],
    ['manager', 'escalation-proposals/EP-2/decline', { reason: 'Legal action instead', declinedOn: '2024-05-09' }],
    [
      'manager',
      'agency-referrals',
      {
        referralId: 'AG-1',
        agency: 'Baltic Recovery UAB',
        invoiceIds: ['INV-1', 'INV-2'],
        reason: 'Steps exhausted',
        referredOn: '2024-05-10',
        proposalId: 'EP-1',
      },
    ],
    ['manager', 'agency-referrals/AG-1/recall', { reason: 'Taken back in house', recalledOn: '2024-05-15' }],
    [
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
      'manager',
      'write-offs',
      { writeOffId: 'WO-1', invoiceIds: ['INV-1', 'INV-2'], reason: 'Could not collect', writtenOffOn: '2024-06-15' },
    ],
    ['integration', 'recoveries', { recoveryId: 'REC-1', invoiceId: 'INV-1', amount: 1_000, currency: 'EUR', receivedOn: '2024-06-18' }],
    [
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

  it('given a customer walked through every command, then each answers 201 as the document says', async () => {
    for (const [role, path, body] of procedure) {
      const { status, body: answer } = await api.as(role).post(at(path), body);
      expect({ path, status, answer }).toEqual({ path, status: 201, answer: expect.objectContaining({ customerId: customer }) });
    }
  });

  it('given a command sent again with the same Idempotency-Key, then the replay answers 200 as the document says', async () => {
    const invoice = { invoiceId: 'INV-9', amount: 1_000, currency: 'EUR', issuedOn: '2024-06-01', dueOn: '2024-07-01' };
    const key = { 'Idempotency-Key': 'contract-invoice-9' };
    await api.as('integration').post(at('invoices'), invoice, key).expect(201);
    await api.as('integration').post(at('invoices'), invoice, key).expect(200);
  });

  it('given a body the document refuses, when every field of it is optional, then the server refuses it too (400) and appends nothing', async () => {
    const before = await api.streamLength(customer);
    const overdue = at('invoices/INV-3/overdue');
    const json = { 'Content-Type': 'application/json' };

    await api.as('manager').post(overdue, 'null', json).expect(400);
    await api.as('manager').post(overdue, { detectedOn: '2024-05-01', note: 'x' }).expect(400);
    await api.as('manager').post(overdue, '[]', json).expect(400);
    expect(await api.streamLength(customer)).toBe(before);
  });

  it("given the customer's account, then its history, state, letters, audit trail, verification and evidence pack answer as the document says", async () => {
    await api.projected();
    await api.as('auditor').get(at('history')).expect(200);
    await api.as('auditor').get(at('history?fromRevision=2&maxCount=3')).expect(200);
    await api.as('auditor').get(at('state')).expect(200);
    await api.as('auditor').get(at('state?asOf=2024-03-16')).expect(200);
    // Before its first event the account is empty, with every field still there.
    await api.as('auditor').get(at('state?asOf=2023-12-31')).expect(200);
    await api.as('auditor').get(at('letters')).expect(200);
    await api.as('auditor').get(`/audit-trails/${customer}`).expect(200);
    await api.as('auditor').get(at('verification')).expect(200);
    await api.as('manager').get(at('evidence-pack')).buffer(true).parse(asText).expect(200).expect('Content-Type', 'application/zip');
  });

  it('given the history exported, then JSON Lines are history entries of the document, and CSV is text/csv', async () => {
    const jsonl = await api.as('auditor').get(at('history/export')).buffer(true).parse(asText).expect(200);
    const lines = (jsonl.body as string).trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(30);
    expect(lines.flatMap((line) => api.contract.componentProblems('HistoryEntry', JSON.parse(line)))).toEqual([]);

    await api.as('auditor').get(at('history/export?format=csv')).expect(200);
  });

  it('given the read models, then worklists, reports and post-mortems answer as the document says', async () => {
    await api.projected();
    await api.as('collector').get('/worklists/collector-1').expect(200);
    await api.as('manager').get('/worklists/unassigned?state=call_now&segment=low&currency=EUR&page=1&pageSize=10').expect(200);
    await api.as('analyst').get('/aging?currency=EUR').expect(200);
    await api.as('analyst').get('/aging?currency=EUR&asOf=2024-04-01&groupBy=customer&pageSize=5').expect(200);
    await api.as('analyst').get('/kpis?from=2024-01-01&to=2024-06-30&currency=EUR').expect(200);
    await api.as('manager').get('/forecasts/cash?currency=EUR').expect(200);
    await api.as('analyst').get('/forecasts/cash?from=2024-06-30&weeks=26&currency=EUR').expect(200);
    await api.as('analyst').get('/kpis?from=2024-01-01&to=2024-06-30&currency=EUR&collectorId=collector-1').expect(200);
    await api.as('analyst').get('/aging?currency=EUR&asOf=2024-04-01&groupBy=customer&knownAt=2024-04-02T00:00:00Z').expect(200);
    await api.as('analyst').get('/kpis?from=2024-01-01&to=2024-06-30&currency=EUR&knownAt=2024-04-02T00:00:00%2B02:00').expect(200);
    await api.as('analyst').get('/reports/dispute-causes?from=2024-01-01&to=2024-06-30&currency=EUR&period=quarter').expect(200);
    await api.as('analyst').get('/post-mortems').expect(200);
    await api.as('analyst').get(`/post-mortems/${customer}`).expect(200);
    await api.as('manager').get('/escalation-proposals').expect(200);
    await api.as('auditor').get('/escalation-proposals?status=accepted&page=1&pageSize=10').expect(200);
  });

  it('given the book above, then ad-hoc questions over the read models answer as the document says, as JSON and as CSV, and their refusals too', async () => {
    const pipeline = [{ $match: { customerId: customer } }, { $group: { _id: '$currency', open: { $sum: '$balance' } } }];
    await api.as('analyst').post('/read-models/invoices/query', { pipeline }).expect(200);
    await api
      .as('auditor')
      .post('/read-models/promises/query', { filter: { customerId: customer }, sort: { madeOn: 1 }, limit: 5 }, { Accept: 'text/csv' })
      .expect(200);
    await api
      .as('manager')
      .post('/read-models/invoices/query', { pipeline: [{ $out: 'copy' }] })
      .expect(400);
    await api.as('manager').post('/read-models/projection_checkpoints/query', { filter: {} }).expect(404);
  });

  it('given a reply and an open deduction, then the reply queue, its handling, the disputes board and an assignment answer as the document says', async () => {
    const reply = {
      replyId: 'REPLY-1',
      kind: 'reply' as const,
      letterId: 'L-1',
      from: 'ap@contract.example',
      subject: 'Re: reminder',
      receivedAt: '2024-06-29T10:00:00.000Z',
      receivedOn: '2024-06-29',
      attachments: [{ name: 'proof.pdf', size: 1_024 }],
      text: 'Paid yesterday.',
    };
    const actor = { id: 'integration-1', role: 'integration' as const };
    await api.app.get(CommandBus).execute(new ExecuteAccountCommand(customer, { type: 'RecordReply', data: reply }, { actor }));
    await api.projected();
    await api.as('collector').get('/replies').expect(200);
    await api.as('manager').post(at('replies/REPLY-1/handling'), { note: 'Found the payment' }).expect(201);
    await api.as('auditor').get(`/replies?status=all&kind=reply&customerId=${customer}&limit=5`).expect(200);
    await api.as('manager').post(at('disputes/DED-1/assignment'), { ownerTeam: 'sales', ownerId: 'sales-1' }).expect(201);
    // Its target is ahead: reminding the owner now is refused, as the document says it may be.
    await api.as('manager').post(at('disputes/DED-1/owner-reminder')).expect(422);
    await api.projected();
    await api.as('analyst').get('/disputes').expect(200);
    await api.as('manager').get('/disputes?status=all&ownerTeam=sales&ownerId=sales-1&pastTarget=true&asOf=2024-08-01&limit=5').expect(200);
    // Once its target has passed, a manager reminds its owner.
    api.clock.set('2024-08-01T12:00:00.000Z');
    try {
      await api.as('manager').post(at('disputes/DED-1/owner-reminder')).expect(201);
    } finally {
      api.clock.set('2024-06-30T12:00:00.000Z');
    }
  });

  it('given a bank statement, then its import, the cash commands and the cash queues answer as the document says', async () => {
    await api
      .as('integration')
      .post('/customers/OC-CASH/invoices', {
        invoiceId: 'OC-INV-1',
        amount: 10_000,
        currency: 'EUR',
        issuedOn: '2024-05-01',
        dueOn: '2024-05-31',
      })
      .expect(201);
    const xml = buildCamt053(
      {
        statements: [
          {
            id: 'OC',
            entries: [
              { reference: 'OC-1', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 12_000, documents: ['OC-INV-1'] }] },
              { reference: 'OC-2', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 4_000 }] },
              { reference: 'OC-3', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 3_000 }] },
            ],
          },
        ],
      },
      '001.02',
    );
    const { body } = await api.as('integration').post('/bank-statements', xml, { 'Content-Type': 'application/xml' }).expect(200);
    const [paid, waiting, stranger] = body.items as { paymentId: string }[];
    const cash = `/customers/OC-CASH/cash/${paid.paymentId}`;

    // 20.00 of the payment is left: applied to a second invoice, taken back, and refunded.
    await api
      .as('integration')
      .post('/customers/OC-CASH/invoices', {
        invoiceId: 'OC-INV-2',
        amount: 5_000,
        currency: 'EUR',
        issuedOn: '2024-05-01',
        dueOn: '2024-05-31',
      })
      .expect(201);
    await api
      .as('manager')
      .post(`${cash}/applications`, { applicationId: 'APP-2', allocations: [{ invoiceId: 'OC-INV-2', amount: 2_000 }] })
      .expect(201);
    await api.as('manager').post(`${cash}/applications/APP-2/reversal`, { reason: 'Wrong invoice' }).expect(201);
    await api.as('manager').post(`${cash}/refunds`, { refundId: 'RF-1', amount: 2_000, reason: 'Overpaid' }).expect(201);
    await api.as('manager').post('/customers/OC-CASH/payer-accounts', { account: 'LT121000011101001000' }).expect(201);
    await api.as('manager').post(`/cash/unidentified/${waiting.paymentId}/assignment`, { customerId: 'OC-CASH' }).expect(201);
    await api.as('manager').post(`/cash/unidentified/${stranger.paymentId}/refund`, { reason: 'Not ours' }).expect(201);
    await api.projected();
    await api.as('manager').get('/cash/unapplied?currency=EUR&limit=10').expect(200);
    await api.as('auditor').get('/cash/unidentified?status=refunded').expect(200);
  });

  it('given a policy recorded, then its replacement and its reads answer as the document says', async () => {
    const policy = { ...DEFAULT_COLLECTION_POLICY, name: 'contract', version: 1 };
    await api.as('manager').put('/policies/contract', { policy, replacedOn: '2024-06-01', reason: 'First version' }).expect(201);

    await api.as('collector').get('/policies/contract').expect(200);
    await api.as('collector').get('/policies/contract?asOf=2024-06-30').expect(200);
    await api.as('auditor').get('/policies/contract/versions/1').expect(200);
  });

  it('given a what-if started by a manager, then its start and its run answer as the document says, running and done', async () => {
    const started = await api
      .as('manager')
      .post('/policies/what-if', { policy: DEFAULT_COLLECTION_POLICY, from: '2024-06-01', to: '2024-06-30' })
      .expect(202);
    let run = started.body as { status: string };
    while (run.status === 'running') run = (await api.as('manager').get(started.headers.location).expect(200)).body;
    expect(run.status).toBe('done');
  });

  it("given a letter's link, then the customer's routes and a manager's revocation of the link answer as the document says", async () => {
    const { linkOf } = await givenTwoCustomers(api);
    const customer = api.withAuthorization();
    const link = linkOf({ expiresOn: '2024-07-31' });

    await customer.get(`/pay/${link}/account`).expect(200);
    await customer.post(`/pay/${link}/promises`, { amount: 25_000, currency: 'EUR', promisedFor: '2024-07-15' }).expect(201);
    await customer
      .post(`/pay/${link}/disputes`, { invoiceId: 'INV-A1', category: 'pricing', description: 'Not the agreed price' })
      .expect(201);
    await customer.post(`/pay/${link}/payment-reports`, { amount: 20_000, currency: 'EUR', paidOn: '2024-06-29' }).expect(201);
    await api
      .as('manager')
      .post(`/customers/${A}/letters/${letterOf(A)}/link-revocation`, { reason: 'Forwarded' })
      .expect(201);
    await customer.post(`/pay/${link}/link-requests`).expect(202);
  });

  it('given the feed, then its events are text/event-stream and its schemas answer as the document says', async () => {
    await api.as('integration').get(`/feed?customerId=${customer}&live=false`).buffer(true).parse(asText).expect(200);
    await api.as('integration').get('/feed/schemas').expect(200);
  });

  it('given who is calling and whether the service is up, then /me, the health probes and /metrics answer as the document says', async () => {
    await api.as('analyst').get('/me').expect(200);
    await api.withAuthorization().get('/health').expect(200);
    await api.withAuthorization().get('/health/live').expect(200);
    await api.withAuthorization().get('/health/ready').expect(200);
    await api.as('monitoring').get('/metrics').expect(200);
  });

  it('given a reply to a letter, then POST /inbound-mail answers as the document says', async () => {
    const letter = aLetter({ customerId: customer });
    await api.app.get<symbol, LetterOutbox>(LETTER_OUTBOX).store(letter);
    // The default reply domain: the one of LETTERS_FROM, collections@localhost.
    const raw = inboundFixture('outlook-reply', { letterId: letter.letterId, domain: 'localhost' }).toString('utf8');

    await api.as('integration').post('/inbound-mail', raw, { 'Content-Type': 'message/rfc822' }).expect(201);
    await api.as('integration').post('/inbound-mail', raw, { 'Content-Type': 'message/rfc822' }).expect(200);
  });

  it('given everything above, then every operation of the document was answered with a 2xx that conforms to it', () => {
    const answered = new Set(api.contract.exercised.filter(({ status }) => status < 300).map(({ route }) => route));

    expect(api.contract.operations.length).toBeGreaterThanOrEqual(46);
    expect(api.contract.operations.filter((operation) => !answered.has(operation))).toEqual([]);
    // And each media type of the export was seen.
    const exports = api.contract.exercised.filter(({ route }) => route === 'GET /customers/{customerId}/history/export');
    expect(new Set(exports.map(({ mediaType }) => mediaType))).toEqual(new Set(['application/x-ndjson', 'text/csv']));
    const questions = api.contract.exercised.filter(
      ({ route, status }) => route === 'POST /read-models/{collection}/query' && status === 200,
    );
    expect(new Set(questions.map(({ mediaType }) => mediaType))).toEqual(new Set(['application/json', 'text/csv']));
  });
});
