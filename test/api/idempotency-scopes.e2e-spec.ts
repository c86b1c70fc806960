import fc from 'fast-check';
import { EventStore, NewEvent, WrongExpectedRevisionError } from '@collections/event-store';
import { idempotencyKeyOf } from '@collections/policy';
import { PolicyEngine } from '@collections/policy-engine';
import { TestApi, startApi } from './harness';

/**
 * Idempotency-Keys that clients send live in a namespace of their own (the caller and the
 * customer), apart from the keys the service derives for its own commands: no client can make
 * the policy engine's command look like a replay, and one customer's refusal never stops the
 * engine for the others.
 */
describe('idempotency keys: whose namespace a key lives in', () => {
  let api: TestApi;
  let engine: PolicyEngine;

  const invoice = (invoiceId: string) => ({ invoiceId, amount: 50_000, currency: 'EUR', issuedOn: '2025-01-01', dueOn: '2025-01-31' });
  const contact = (contactId: string) => ({ contactId, channel: 'phone', person: 'p', outcome: 'reached', contactedOn: '2025-01-02' });
  const typesOf = async (customerId: string) => (await api.store.readStream(`collection-${customerId}`)).map((event) => event.type);
  const byEngine = async (customerId: string) =>
    (await api.store.readStream(`collection-${customerId}`)).filter(
      (event) => (event.metadata.actor as { id: string }).id === 'policy-engine',
    );
  const enginesEventsOf = async (customerId: string) => (await byEngine(customerId)).map((event) => event.type);
  const enginesKeysOf = async (customerId: string) => [
    ...new Set((await byEngine(customerId)).map((event) => String(event.metadata.idempotencyKey))),
  ];

  beforeEach(async () => {
    api = await startApi({ today: '2025-07-30', env: { POLICY_ENGINE: 'hosted', POLICY_RUN_INTERVAL_MINUTES: '0' } });
    engine = api.app.get(PolicyEngine);
  });
  afterEach(() => api.close());

  it("given a collector sends the engine's own key, when the engine runs, then it marks the invoice overdue and every rerun succeeds", async () => {
    // given: the reproduction from the probe
    await api.as('integration').post('/customers/Q-3/invoices', invoice('QI-1')).expect(201);
    const enginesKey = idempotencyKeyOf({ type: 'MarkInvoiceOverdue', data: { invoiceId: 'QI-1', detectedOn: '2025-06-02' } });
    expect(enginesKey).toBe('policy:MarkInvoiceOverdue:QI-1');
    await api.as('collector').post('/customers/Q-3/contacts', contact('SQ-1'), { 'Idempotency-Key': enginesKey }).expect(201);

    // when
    const reports = await engine.runDays('2025-06-02', '2025-06-10');
    const rerun = await engine.runDays('2025-06-02', '2025-06-10');

    // then
    expect(reports.flatMap((report) => report.refused)).toEqual([]);
    expect(reports[0].appended.MarkInvoiceOverdue).toBe(1);
    expect(rerun.flatMap((report) => report.refused)).toEqual([]);
    expect(rerun.every((report) => Object.keys(report.appended).length === 0)).toBe(true);
    expect(await typesOf('Q-3')).toEqual(expect.arrayContaining(['InvoiceRegistered', 'ContactLogged', 'InvoiceOverdue']));
  });

  it.each([
    [
      'reminders',
      { reminderId: 'P-R1-2025-06-02-0abcdef', invoiceIds: ['QI-1'], level: 1, channel: 'email', template: 't', sentOn: '2025-06-02' },
    ],
    [
      'final-notices',
      { noticeId: 'P-FN-2025-06-02-0abcdef', invoiceIds: ['QI-1'], channel: 'email', sentOn: '2025-06-02', referralOn: '2025-07-02' },
    ],
    ['call-tasks', { taskId: 'P-CT-HV-2025-06-02', reason: 'dunning', invoiceIds: ['QI-1'], dueOn: '2025-06-02' }],
    ['escalation-proposals', { proposalId: 'P-AR-2025-06-02-0abcdef', kind: 'agency_referral', invoiceIds: ['QI-1'], reason: 'r' }],
    ['agency-referrals', { referralId: 'P-AG-2025-06-02-0abcdef', agency: 'A', invoiceIds: ['QI-1'], reason: 'r' }],
  ])(
    "given a client, when it takes an id of the engine's kind for %s, then it is refused before anything is recorded",
    async (route, body) => {
      await api.as('integration').post('/customers/Q-4/invoices', invoice('QI-1')).expect(201);

      const response = await api.as('manager').post(`/customers/Q-4/${route}`, body).expect(400);

      expect(response.body.errors).toEqual([expect.objectContaining({ detail: expect.stringContaining("the policy engine's ids") })]);
      expect(await typesOf('Q-4')).toEqual(['InvoiceRegistered']);
    },
  );

  it('given one key, when two callers send it, then each has a command of their own; the same caller replays', async () => {
    await api.as('integration').post('/customers/K-1/invoices', invoice('KI-1')).expect(201);
    const key = { 'Idempotency-Key': 'call-2025-01-02' };

    await api.as('collector').post('/customers/K-1/contacts', contact('C-A'), key).expect(201);
    await api.as('manager').post('/customers/K-1/contacts', contact('C-B'), key).expect(201);
    await api.as('collector').post('/customers/K-1/contacts', contact('C-A'), key).expect(200);
    await api.as('collector').post('/customers/K-1/contacts', contact('C-other'), key).expect(422);

    expect(await typesOf('K-1')).toEqual(['InvoiceRegistered', 'ContactLogged', 'ContactLogged']);
  });

  it("given random client keys, among them the engine's own, then the engine does for the customer exactly what it does without them (property)", async () => {
    // given: a reference customer the engine runs for, whom no client sent a key
    await api.as('integration').post('/customers/R-0/invoices', invoice('RI')).expect(201);
    await api.as('collector').post('/customers/R-0/contacts', contact('X-0')).expect(201);
    const reference = await engine.runDays('2025-06-02', '2025-06-04');
    const expected = await enginesEventsOf('R-0');
    expect(expected).toContain('InvoiceOverdue');
    let customer = 0;

    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.constantFrom(...(reference.length > 0 ? await enginesKeysOf('R-0') : [])), fc.stringMatching(/^[\x21-\x7e]{1,40}$/)),
          { minLength: 1, maxLength: 4 },
        ),
        async (keys) => {
          // given a customer like the reference one, and a collector who sent the keys
          const customerId = `R-${++customer}`;
          await api.as('integration').post(`/customers/${customerId}/invoices`, invoice('RI')).expect(201);
          for (const [index, key] of keys.entries()) {
            await api.as('collector').post(`/customers/${customerId}/contacts`, contact(`X-${index}`), { 'Idempotency-Key': key });
          }
          // when the engine runs the same days
          const reports = await engine.runDays('2025-06-02', '2025-06-04');
          // then it refuses nothing and records for this customer what it recorded for the reference
          expect(reports.flatMap((report) => report.refused)).toEqual([]);
          expect(await enginesEventsOf(customerId)).toEqual(expected);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("given one customer's commands are refused, when the engine runs, then the others' go on and the report names the refused one", async () => {
    // given: two overdue customers, and a store on which every append to one of them conflicts
    await api.as('integration').post('/customers/OK-1/invoices', invoice('OI-1')).expect(201);
    await api.as('integration').post('/customers/BAD-1/invoices', invoice('BI-1')).expect(201);
    conflictOn(api.store, 'collection-BAD-1');

    // when
    const [report] = await engine.runDays('2025-06-02', '2025-06-02');

    // then
    expect(report.refused).toEqual([{ customerId: 'BAD-1', reason: expect.stringContaining('changed by others') }]);
    expect(await typesOf('OK-1')).toContain('InvoiceOverdue');
    expect(await typesOf('BAD-1')).toEqual(['InvoiceRegistered']);
  });
});

/** Makes every append to `streamId` fail as if another writer always got there first. */
function conflictOn(store: EventStore, streamId: string): void {
  const append = store.appendToStream.bind(store);
  store.appendToStream = (stream: string, events: NewEvent[], options) =>
    stream === streamId
      ? Promise.reject(new WrongExpectedRevisionError(stream, options.expectedRevision, 0))
      : append(stream, events, options);
}
