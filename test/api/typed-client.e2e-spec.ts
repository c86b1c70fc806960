import { AddressInfo } from 'node:net';
import { unzipSync } from 'fflate';
import { CommandBus } from '@nestjs/cqrs';
import createClient from 'openapi-fetch';
import { ExecuteAccountCommand, KEY_ROLES, Role } from '@collections/accounts';
import { CollectionsClient, createCollectionsClient, paths } from '@collections/api-client';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { DEFAULT_COLLECTION_POLICY } from '@collections/policy';
import { buildCamt053 } from '@collections/cash-application/testing/camt053-builder';
import { inboundFixture } from '@collections/inbound-mail/testing/inbound-fixtures';
import { holdingTo } from './contract-middleware';
import { TestApi, keyOf, startApi } from './harness';
import { A, givenTwoCustomers, letterOf } from './customer-link-fixture';
import { ACME_HISTORY, ProcedureStep, acmeProcedure, globexProcedure } from './typed-client-procedure';

/** The body of an answer that had to succeed, typed by the document's schema for it. */
async function succeeded<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  expect({ ok: response.ok, error }).toEqual({ ok: true, error: undefined });
  if (data === undefined) throw new Error(`${response.url} answered ${response.status} without a body`);
  return data;
}

/**
 * The collection procedure driven only through the client generated from the OpenAPI document
 * (@collections/api-client), on a listening server: every operation the document lists is
 * called with typed paths, parameters and bodies, and held to the OpenAPI contract as the
 * harness's requests are: an answer the document does not describe for its status fails the call.
 */
describe('the typed client, driving the whole procedure', () => {
  let api: TestApi;
  const clients = new Map<Role, CollectionsClient>();
  const as = (role: Role): CollectionsClient => clients.get(role)!;
  /** The customer's page calls its routes with no key: the token in the path is the credential. */
  let keyless: CollectionsClient;
  const acme = { path: { customerId: 'ACME-1' } };

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    // A real socket, as another service would call it (either HTTP adapter answers the same).
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    for (const role of KEY_ROLES) {
      const client = createCollectionsClient({ baseUrl, apiKey: keyOf(role) });
      client.use(holdingTo(api.contract));
      clients.set(role, client);
    }
    keyless = createClient<paths>({ baseUrl });
    keyless.use(holdingTo(api.contract));
  });
  afterAll(() => api.close());

  const sendAll = (steps: ProcedureStep[], customerId: string) => {
    let revision = -1;
    it.each(steps.map((step, index) => ({ index, ...step })))('step $index: the $role $what', async ({ role, send, appends }) => {
      const { data, error, response } = await send(as(role));

      revision += appends;
      expect({ status: response.status, error }).toEqual({ status: 201, error: undefined });
      expect(data).toEqual({ customerId, revision });
    });
  };

  describe('given ACME-1 walked through the procedure, command by command', () => {
    sendAll(acmeProcedure('ACME-1'), 'ACME-1');
  });

  describe('given GLOBEX-1 on the kinder path', () => {
    sendAll(globexProcedure('GLOBEX-1'), 'GLOBEX-1');
  });

  describe('and the typed answers to a replay and to refusals', () => {
    it('when a command is sent again with its Idempotency-Key, then the replay answers 200 with the first revision', async () => {
      const send = () =>
        as('integration').POST('/customers/{customerId}/invoices', {
          params: { path: { customerId: 'GLOBEX-1' }, header: { 'Idempotency-Key': 'billing-run-2024-05-INV-11' } },
          body: { invoiceId: 'INV-11', amount: 9_000, currency: 'EUR', issuedOn: '2024-05-01', dueOn: '2024-05-31' },
        });

      const first = await send();
      const replay = await send();

      expect([first.response.status, replay.response.status]).toEqual([201, 200]);
      expect(replay.data).toEqual(first.data);
    });

    it('when a collector tries to write the account off, then the typed error is a 403 problem and nothing is appended', async () => {
      const before = await api.streamLength('ACME-1');

      const { data, error } = await as('collector').POST('/customers/{customerId}/write-offs', {
        params: acme,
        body: { writeOffId: 'WO-2', invoiceIds: ['INV-3'], reason: 'Not mine to decide', writtenOffOn: '2024-06-30' },
      });

      expect(data).toBeUndefined();
      expect(error).toMatchObject({ status: 403, title: 'Forbidden' });
      expect(await api.streamLength('ACME-1')).toBe(before);
    });

    it('when the auditor asks for a customer nobody has heard of, then the answer is a 404 problem', async () => {
      const { error } = await as('auditor').GET('/customers/{customerId}/state', { params: { path: { customerId: 'NOBODY' } } });

      expect(error).toMatchObject({ status: 404, title: 'Not found' });
    });
  });

  describe('then the reads show what happened', () => {
    beforeAll(() => api.projected());

    it('the account as it stood on 31 March 2024, and as it stands today', async () => {
      const march = await succeeded(
        as('auditor').GET('/customers/{customerId}/state', { params: { ...acme, query: { asOf: '2024-03-31' } } }),
      );
      const today = await succeeded(as('analyst').GET('/customers/{customerId}/state', { params: acme }));

      expect(march.invoices.map(({ invoiceId, balance, status }) => ({ invoiceId, balance, status }))).toEqual([
        { invoiceId: 'INV-1', balance: 25_000, status: 'overdue' },
        { invoiceId: 'INV-2', balance: 30_000, status: 'overdue' },
        { invoiceId: 'INV-3', balance: 30_000, status: 'overdue' },
      ]);
      expect(march).toMatchObject({
        asOf: '2024-03-31',
        collectorId: 'collector-1',
        balances: [{ currency: 'EUR', open: 85_000, overdue: 85_000, disputed: 0 }],
        creditHold: null,
      });
      expect(today.invoices.map(({ invoiceId, balance, status }) => ({ invoiceId, balance, status }))).toEqual([
        { invoiceId: 'INV-1', balance: 0, status: 'written_off' },
        { invoiceId: 'INV-2', balance: 0, status: 'written_off' },
        { invoiceId: 'INV-3', balance: 30_000, status: 'overdue' },
      ]);
      expect(today.creditHold).toEqual({ reason: 'Referred to an agency', placedOn: '2024-05-06' });
      expect(today.postMortems).toEqual([{ postMortemId: 'PM-1', rootCause: 'credit_risk_misjudged', recordedOn: '2024-06-20' }]);
    });

    it('the history, whole and paged, and exported as JSON lines and CSV', async () => {
      const history = await succeeded(as('auditor').GET('/customers/{customerId}/history', { params: acme }));
      const page = await succeeded(
        as('auditor').GET('/customers/{customerId}/history', { params: { ...acme, query: { fromRevision: 20, maxCount: 3 } } }),
      );
      const jsonl = await succeeded(
        as('auditor').GET('/customers/{customerId}/history/export', { params: { ...acme, query: { format: 'jsonl' } }, parseAs: 'text' }),
      );
      const csv = await succeeded(
        as('auditor').GET('/customers/{customerId}/history/export', { params: { ...acme, query: { format: 'csv' } }, parseAs: 'text' }),
      );

      expect(history.customerId).toBe('ACME-1');
      expect(history.events.map(({ type, revision }) => ({ type, revision }))).toEqual(
        ACME_HISTORY.map((type, revision) => ({ type, revision })),
      );
      expect(history.events[12].metadata.actor).toEqual({ id: 'collector-1', role: 'collector' });
      expect(page.events.map(({ type }) => type)).toEqual(ACME_HISTORY.slice(20, 23));
      expect(jsonl.trim().split('\n')).toHaveLength(ACME_HISTORY.length);
      expect(csv.trim().split('\n')).toHaveLength(ACME_HISTORY.length + 1);
    });

    it('the history verified link by link, for an auditor; the metrics, for a monitoring key', async () => {
      const verification = await succeeded(as('auditor').GET('/customers/{customerId}/verification', { params: acme }));
      expect(verification).toMatchObject({ customerId: 'ACME-1', verified: true, events: ACME_HISTORY.length, broken: null });

      const metrics = await succeeded(as('monitoring').GET('/metrics', { parseAs: 'text' }));
      expect(metrics).toContain('collections_commands_total{');
    });

    it('the evidence pack for the agency or the court, as a ZIP, for a manager', async () => {
      const zip = await succeeded(as('manager').GET('/customers/{customerId}/evidence-pack', { params: acme, parseAs: 'arrayBuffer' }));
      const files = unzipSync(new Uint8Array(zip));

      expect(JSON.parse(Buffer.from(files['manifest.json']).toString('utf8'))).toMatchObject({
        customerId: 'ACME-1',
        covers: { events: ACME_HISTORY.length, revision: ACME_HISTORY.length - 1 },
      });
      expect(Object.keys(files)).toEqual(
        expect.arrayContaining([
          'history.jsonl',
          'verification.json',
          'state/2024-05-10-agency-referral.json',
          'state/2024-06-15-write-off.json',
        ]),
      );
    });

    it("the dunning letter the policy engine sent, from the customer's letters", async () => {
      const letters: LetterOutbox = api.app.get(LETTER_OUTBOX);
      const reminder = aLetter({ customerId: 'ACME-1', level: 1, sentOn: '2024-02-20', invoiceIds: ['INV-1', 'INV-2'] });
      await letters.store(reminder);

      const { letters: sent } = await succeeded(as('collector').GET('/customers/{customerId}/letters', { params: acme }));

      expect(sent.map(({ letterId, level, invoiceIds, subject }) => ({ letterId, level, invoiceIds, subject }))).toEqual([
        { letterId: reminder.letterId, level: 1, invoiceIds: ['INV-1', 'INV-2'], subject: reminder.subject },
      ]);
    });

    it("collector-1's worklist: only INV-3 is left to work, in court", async () => {
      const worklist = await succeeded(
        as('collector').GET('/worklists/{collectorId}', { params: { path: { collectorId: 'collector-1' } } }),
      );

      expect(worklist).toMatchObject({
        collectorId: 'collector-1',
        items: [{ customerId: 'ACME-1', invoiceIds: ['INV-3'], balance: 30_000, state: 'in_legal', brokenPromises: 1 }],
      });
    });

    it('the aging at the end of March: what ACME-1 and GLOBEX-1 still owed', async () => {
      const aging = await succeeded(as('analyst').GET('/aging', { params: { query: { currency: 'EUR', asOf: '2024-03-31' } } }));

      expect(aging).toMatchObject({ asOf: '2024-03-31', currency: 'EUR', total: 85_000 + 50_000 });
    });

    it("INV-3's audit trail: registered, its write-off proposed and declined, then taken to court, with the balance after each", async () => {
      const trail = await succeeded(
        as('auditor').GET('/audit-trails/{customerId}', { params: { ...acme, query: { invoiceId: 'INV-3' } } }),
      );

      expect(trail).toMatchObject({
        customerId: 'ACME-1',
        entries: [
          { type: 'InvoiceRegistered', actor: { id: 'integration-1' } },
          { type: 'EscalationProposed', why: 'Long overdue' },
          { type: 'EscalationDeclined', why: 'Assets found: take it to court', actor: { role: 'manager' } },
          { type: 'LegalActionInitiated', why: 'Assets found', balanceAfter: [{ currency: 'EUR', balance: 85_000 }] },
        ],
      });
    });

    it('the written-off accounts of June, and the post-mortem of ACME-1', async () => {
      const june = await succeeded(as('manager').GET('/post-mortems', { params: { query: { from: '2024-06-01', to: '2024-06-30' } } }));
      const postMortem = await succeeded(as('manager').GET('/post-mortems/{customerId}', { params: acme }));

      expect(june).toMatchObject({ accounts: [{ customerId: 'ACME-1', writtenOff: { EUR: 55_000 }, recovered: { EUR: 5_000 } }] });
      expect(postMortem).toMatchObject({
        customerId: 'ACME-1',
        remindersSent: 1,
        promisesBroken: 1,
        postMortems: [{ postMortemId: 'PM-1', rootCause: 'credit_risk_misjudged' }],
      });
    });

    it('the escalation proposals: the referral accepted, the write-off declined, none pending', async () => {
      const accepted = await succeeded(as('manager').GET('/escalation-proposals', { params: { query: { status: 'accepted' } } }));
      const declined = await succeeded(as('auditor').GET('/escalation-proposals', { params: { query: { status: 'declined' } } }));
      const pending = await succeeded(as('analyst').GET('/escalation-proposals', { params: { query: {} } }));

      expect(accepted.proposals).toMatchObject([{ proposalId: 'EP-1', decision: { referralId: 'AG-1', decidedBy: { role: 'manager' } } }]);
      expect(declined.proposals).toMatchObject([{ proposalId: 'EP-2', decision: { declineReason: 'Assets found: take it to court' } }]);
      expect(pending.total).toBe(0);
    });

    it('an ad-hoc question: the promises per status, asked by an analyst', async () => {
      const answer = await succeeded(
        as('analyst').POST('/read-models/{collection}/query', {
          params: { path: { collection: 'promises' } },
          body: { pipeline: [{ $group: { _id: '$status', promises: { $sum: 1 } } }, { $sort: { _id: 1 } }] },
        }),
      );

      // ACME-1's promise kept, and one broken. (The operation answers CSV too, when asked for it.)
      if (typeof answer === 'string') throw new Error('asked for JSON, answered CSV');
      expect(answer).toMatchObject({ collection: 'promises', truncated: false, limit: 1_000 });
      expect(answer.rows).toEqual([
        { _id: 'broken', promises: 1 },
        { _id: 'kept', promises: 1 },
      ]);
    });

    it("the KPIs of the half year, and the causes of March's disputes", async () => {
      const kpis = await succeeded(
        as('manager').GET('/kpis', { params: { query: { from: '2024-01-01', to: '2024-06-30', currency: 'EUR' } } }),
      );
      const causes = await succeeded(
        as('analyst').GET('/reports/dispute-causes', { params: { query: { from: '2024-03-01', to: '2024-03-31', currency: 'EUR' } } }),
      );

      // Collected: ACME-1's three payments and GLOBEX-1's one; one promise kept of two.
      expect(kpis).toMatchObject({ currency: 'EUR', collected: 75_000 + 45_000, recovered: 5_000, promiseKeptRate: 50 });
      expect(causes).toMatchObject({
        periods: [
          { period: '2024-03', categories: { damaged_goods: { amount: 20_000, count: 1 }, deduction: { amount: 5_000, count: 1 } } },
        ],
      });
    });

    it('the cash forecast: 13 weeks from Monday that, with what lies beyond them, add up to what ACME-1 and GLOBEX-1 still owe', async () => {
      const forecast = await succeeded(as('analyst').GET('/forecasts/cash', { params: { query: { currency: 'EUR' } } }));
      const owed = await Promise.all(
        ['ACME-1', 'GLOBEX-1'].map(async (customerId) => {
          const state = await succeeded(as('manager').GET('/customers/{customerId}/state', { params: { path: { customerId } } }));
          return state.balances.reduce((sum, balance) => sum + (balance.currency === 'EUR' ? balance.open : 0), 0);
        }),
      );

      expect(forecast.weeks).toHaveLength(13);
      expect(forecast.weeks[0].weekStart).toBe('2024-06-24'); // the Monday of the harness's today, 2024-06-30
      expect(forecast.weeks.reduce((sum, week) => sum + week.expected, 0) + forecast.beyond).toBe(owed[0] + owed[1]);
    });

    it('the cash queues: every payment went against its invoice, so nothing waits to be applied or identified', async () => {
      const unapplied = await succeeded(as('manager').GET('/cash/unapplied', { params: { query: { currency: 'EUR', limit: 10 } } }));
      const unidentified = await succeeded(as('auditor').GET('/cash/unidentified', { params: { query: { status: 'waiting' } } }));

      expect(unapplied).toEqual({ items: [] });
      expect(unidentified).toEqual({ items: [] });
    });
  });

  describe('then the rest of the service answers the same client', () => {
    it('who the key stands for, typed by the document', async () => {
      const me = await succeeded(as('collector').GET('/me'));

      expect(me.actorId).toBe('collector-1');
      expect(me.permissions.commands).toContain('MakePromise');
    });

    it('the policy, replaced by a manager and read back by a collector, whole and by version', async () => {
      const replaced = await succeeded(
        as('manager').PUT('/policies/{name}', {
          params: { path: { name: 'default' } },
          body: { policy: { ...DEFAULT_COLLECTION_POLICY }, reason: 'First policy' },
        }),
      );
      expect(replaced).toMatchObject({ name: 'default', version: 1, actor: { id: 'manager-1', role: 'manager' } });

      const policy = await succeeded(as('collector').GET('/policies/{name}', { params: { path: { name: 'default' } } }));
      // Without asOf the answer is the version history, one of the two shapes the document gives it.
      if (!('current' in policy)) throw new Error(`expected the version history, got ${JSON.stringify(policy)}`);
      expect(policy.current).toMatchObject({ version: 1, reason: 'First policy', actor: { id: 'manager-1' } });
      expect(policy.versions.map(({ version }) => version)).toEqual([1]);
      const first = await succeeded(
        as('collector').GET('/policies/{name}/versions/{version}', { params: { path: { name: 'default', version: 1 } } }),
      );
      expect(first).toMatchObject({ version: 1, reason: 'First policy' });
    });

    it("a manager's policy what-if, started and followed to its report", async () => {
      const started = await succeeded(
        as('manager').POST('/policies/what-if', {
          body: { policy: { ...DEFAULT_COLLECTION_POLICY }, from: '2024-06-01', to: '2024-06-30' },
        }),
      );
      expect(started).toMatchObject({ status: 'running', policy: { name: 'default', version: 1 }, progress: { days: 30 } });
      let run = started;
      while (run.status === 'running')
        run = await succeeded(as('manager').GET('/policies/what-if/{id}', { params: { path: { id: started.id } } }));
      expect(run.status).toBe('done');
      expect(run.report?.heldAsRecorded).toContain('held as recorded');
    });

    it("the published feed up to now and its schemas, for an integration; the service's health for anyone", async () => {
      const feed = await as('integration').GET('/feed', { params: { query: { customerId: 'ACME-1', live: 'false' } }, parseAs: 'text' });
      expect(feed.data).toContain('"subject":"ACME-1"');

      const schemas = await succeeded(as('integration').GET('/feed/schemas'));
      expect(schemas['io.collections.PromiseBroken.v1']).toEqual(expect.objectContaining({ type: 'object' }));
      expect(await succeeded(as('auditor').GET('/health'))).toEqual({ status: 'ok' });
      expect(await succeeded(as('auditor').GET('/health/live'))).toEqual({ status: 'ok' });
      expect((await succeeded(as('auditor').GET('/health/ready'))).checks.projections.status).toBe('up');
    });
  });

  describe('then a bank statement comes in, and people apply what the matcher left', () => {
    const customer = { params: { path: { customerId: 'CASH-1' } } };
    const statement = buildCamt053(
      {
        statements: [
          {
            id: 'STMT-TC',
            iban: 'LT601010012345678901',
            entries: [
              // INV-C1 named: it is paid, and 20.00 more stays unapplied on CASH-1.
              { reference: 'TC-1', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 12_000, documents: ['INV-C1'] }] },
              // Nobody can tell whose these are.
              { reference: 'TC-2', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 4_000, payerName: 'J. Petraitis' }] },
              { reference: 'TC-3', currency: 'EUR', bookedOn: '2024-06-28', transactions: [{ amount: 3_000, payerName: 'Unknown' }] },
            ],
          },
        ],
      },
      '001.08',
    );

    it('the statement is booked entry by entry, and each cash command answers as the document says', async () => {
      for (const [invoiceId, amount] of [
        ['INV-C1', 10_000],
        ['INV-C2', 5_000],
      ] as const) {
        await succeeded(
          as('integration').POST('/customers/{customerId}/invoices', {
            ...customer,
            body: { invoiceId, amount, currency: 'EUR', issuedOn: '2024-05-01', dueOn: '2024-05-31' },
          }),
        );
      }
      const imported = await succeeded(
        as('integration').POST('/bank-statements', {
          body: statement,
          bodySerializer: (body: unknown) => body as string,
          headers: { 'Content-Type': 'application/xml' },
        }),
      );
      expect(imported.counts).toMatchObject({ applied: 1, unidentified: 2 });
      const [paid, waiting, stranger] = imported.items;
      expect(paid).toMatchObject({ customerId: 'CASH-1', rule: 'remittance-reference', unapplied: 2_000 });
      const cash = { params: { path: { customerId: 'CASH-1', paymentId: paid.paymentId! } } };

      await succeeded(
        as('manager').POST('/customers/{customerId}/cash/{paymentId}/applications', {
          ...cash,
          body: { applicationId: 'APP-1', allocations: [{ invoiceId: 'INV-C2', amount: 2_000 }] },
        }),
      );
      await succeeded(
        as('manager').POST('/customers/{customerId}/cash/{paymentId}/applications/{applicationId}/reversal', {
          params: { path: { ...cash.params.path, applicationId: 'APP-1' } },
          body: { reason: 'Meant for INV-C1 interest' },
        }),
      );
      await succeeded(
        as('manager').POST('/customers/{customerId}/cash/{paymentId}/refunds', {
          ...cash,
          body: { refundId: 'RF-1', amount: 2_000, reason: 'Overpaid' },
        }),
      );
      await succeeded(
        as('manager').POST('/customers/{customerId}/payer-accounts', { ...customer, body: { account: 'LT121000011101001000' } }),
      );
      await succeeded(
        as('manager').POST('/cash/unidentified/{paymentId}/assignment', {
          params: { path: { paymentId: waiting.paymentId! } },
          body: { customerId: 'CASH-1' },
        }),
      );
      const refunded = await succeeded(
        as('manager').POST('/cash/unidentified/{paymentId}/refund', {
          params: { path: { paymentId: stranger.paymentId! } },
          body: { reason: 'Not our customer' },
        }),
      );
      expect(refunded).toEqual({ paymentId: stranger.paymentId, status: 'refunded' });

      const state = await succeeded(as('manager').GET('/customers/{customerId}/state', customer));
      expect(state.unappliedCash).toEqual({ EUR: 4_000 });
    });
  });

  describe('then the customer replies to a letter, as a mail provider posts it', () => {
    it('the raw message is recorded against the letter and answered as the document says', async () => {
      const letter = aLetter({ customerId: 'ACME-1', level: 1, sentOn: '2024-02-20', invoiceIds: ['INV-1', 'INV-2'] });
      await api.app.get<symbol, LetterOutbox>(LETTER_OUTBOX).store(letter);

      const recorded = await succeeded(
        as('integration').POST('/inbound-mail', {
          // The default reply domain: the one of LETTERS_FROM, collections@localhost.
          body: inboundFixture('out-of-office', { letterId: letter.letterId, domain: 'localhost' }).toString('utf8'),
          bodySerializer: (body: unknown) => body as string,
          headers: { 'Content-Type': 'message/rfc822' },
        }),
      );

      expect(recorded).toEqual({ customerId: 'ACME-1', replyId: expect.any(String), kind: 'auto_reply', letterId: letter.letterId });
    });
  });

  describe("then ACME-1 replies to a letter and GLOBEX-1's deduction is given to sales", () => {
    it('the reply waits in the queue until a collector handles it', async () => {
      const data = {
        replyId: 'REPLY-1',
        kind: 'reply' as const,
        from: 'ap@acme.example',
        subject: 'Re: your reminder',
        receivedAt: '2024-06-29T08:00:00.000Z',
        receivedOn: '2024-06-29',
        attachments: [],
        text: 'We dispute nothing; the court will hear from us.',
      };
      const actor = { id: 'integration-1', role: 'integration' as const };
      await api.app.get(CommandBus).execute(new ExecuteAccountCommand('ACME-1', { type: 'RecordReply', data }, { actor }));
      await api.projected();
      const waiting = await succeeded(as('collector').GET('/replies', { params: { query: {} } }));
      expect(waiting.items).toMatchObject([{ customerId: 'ACME-1', replyId: 'REPLY-1', status: 'waiting', collectorId: 'collector-1' }]);

      const handled = await succeeded(
        as('collector').POST('/customers/{customerId}/replies/{replyId}/handling', {
          params: { path: { customerId: 'ACME-1', replyId: 'REPLY-1' } },
          body: { note: 'Passed to legal' },
        }),
      );
      expect(handled.customerId).toBe('ACME-1');
      await api.projected();
      const after = await succeeded(as('auditor').GET('/replies', { params: { query: { status: 'handled', limit: 10 } } }));
      expect(after.items).toMatchObject([{ replyId: 'REPLY-1', handledOn: '2024-06-30', note: 'Passed to legal' }]);
    });

    it('the deduction reassigned by a manager shows on the disputes board with its owner and target', async () => {
      await succeeded(
        as('manager').POST('/customers/{customerId}/disputes/{disputeId}/assignment', {
          params: { path: { customerId: 'GLOBEX-1', disputeId: 'DED-1' } },
          body: { ownerTeam: 'sales', ownerId: 'sales-7', targetOn: '2024-07-15' },
        }),
      );
      await api.projected();
      const board = await succeeded(as('analyst').GET('/disputes', { params: { query: { ownerTeam: 'sales' } } }));
      expect(board.items).toMatchObject([
        { customerId: 'GLOBEX-1', disputeId: 'DED-1', kind: 'deduction', ownerId: 'sales-7', targetOn: '2024-07-15' },
      ]);
      expect(board.byOwner).toEqual([{ ownerTeam: 'sales', ownerId: 'sales-7', open: 1, pastTarget: 0 }]);
      // Its target is ahead: a reminder to its owner is refused, in the document's words.
      const early = await as('manager').POST('/customers/{customerId}/disputes/{disputeId}/owner-reminder', {
        params: { path: { customerId: 'GLOBEX-1', disputeId: 'DED-1' } },
      });
      expect(early.error).toMatchObject({ status: 422, code: 'dispute-not-late' });
    });
  });

  describe("then a customer acts on its own page, through its letter's link", () => {
    it('its page, a promise, a dispute, a payment reported, and after a manager revokes the link a fresh-link request, each answer as the document says', async () => {
      const { linkOf } = await givenTwoCustomers(api);
      const link = { params: { path: { token: linkOf({ expiresOn: '2024-07-31' }) } } };

      const page = await succeeded(keyless.GET('/pay/{token}/account', link));
      expect(page.promise).toEqual({ allowed: true, latestOn: '2024-07-30', minimum: [{ currency: 'EUR', amount: 25_000 }] });
      const promise = await succeeded(
        keyless.POST('/pay/{token}/promises', { ...link, body: { amount: 25_000, currency: 'EUR', promisedFor: '2024-07-15' } }),
      );
      expect(promise.invoiceIds).toEqual(['INV-A1', 'INV-A2']);
      await succeeded(
        keyless.POST('/pay/{token}/disputes', {
          ...link,
          body: { invoiceId: 'INV-A2', category: 'wrong_item', description: 'Blue, not red' },
        }),
      );
      await succeeded(
        keyless.POST('/pay/{token}/payment-reports', { ...link, body: { amount: 5_000, currency: 'EUR', paidOn: '2024-06-30' } }),
      );
      await succeeded(
        as('manager').POST('/customers/{customerId}/letters/{letterId}/link-revocation', {
          params: { path: { customerId: A, letterId: letterOf(A) } },
          body: {},
        }),
      );
      const refused = await keyless.GET('/pay/{token}/account', link);
      expect(refused.error).toMatchObject({ status: 410, reason: 'revoked' });
      expect(await succeeded(keyless.POST('/pay/{token}/link-requests', link))).toEqual({ requested: true });
    });
  });

  describe('and the document held', () => {
    it('every operation the document lists was called through the client, and answered as the document says', () => {
      const answered = new Set(api.contract.exercised.map((exercise) => exercise.route));

      expect(api.contract.operations.filter((operation) => !answered.has(operation))).toEqual([]);
    });

    it('given an answer the document does not describe, when the client receives it, then the call fails naming the route', async () => {
      const impostor = createCollectionsClient({
        baseUrl: 'http://collections.test',
        apiKey: keyOf('collector'),
        fetch: async () => Response.json({ actorId: 'collector-1', role: 'emperor', permissions: { commands: [], reads: [] } }),
      });
      impostor.use(holdingTo(api.contract));

      await expect(impostor.GET('/me')).rejects.toThrow(/GET \/me answered 200 application\/json that its schema refuses: \/role/);
    });
  });
});
