import type request from 'supertest';
import { Role } from '@collections/accounts';
import { loadOrCreateLinkSecret, signCustomerLink } from '@collections/customer-links';
import { PROBLEM_JSON, TestApi, keyOf, startApi } from './harness';

/**
 * Every bad request gets a 4xx problem+json body that says what is wrong, and appends nothing:
 * after each one the customer's stream is exactly as it was.
 */
describe('bad input', () => {
  let api: TestApi;
  const customer = 'BAD-1';
  const payment = { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 1_000, currency: 'EUR', receivedOn: '2024-01-15' };
  const callTask = { taskId: 'CT-1', reason: 'dunning', invoiceIds: ['INV-1'], dueOn: '2024-07-01', level: 4 };
  const proposal = { proposalId: 'P-1', kind: 'agency_referral', invoiceIds: ['INV-1'], reason: 'Long overdue' };

  beforeAll(async () => {
    api = await startApi();
    await api
      .as('integration')
      .post(`/customers/${customer}/invoices`, {
        invoiceId: 'INV-1',
        amount: 10_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    link = signCustomerLink(
      { customerId: customer, letterId: 'L-1', expiresOn: '2024-07-31' },
      loadOrCreateLinkSecret(api.dataDir, undefined),
    );
  });
  afterAll(() => api.close());
  /** BAD-1's own link: its customer's routes check the body as the staff's do. */
  let link: string;
  const asCustomer = (path: string, body: object) => () => api.withAuthorization().post(`/pay/${link}/${path}`, body);

  type Case = { name: string; send: () => request.Test; status: number; type: string; pointers?: string[] };
  const pay =
    (body: object | string, headers: Record<string, string> = {}) =>
    () =>
      api.as('integration').post(`/customers/${customer}/payments`, body, headers);
  const replacePolicy = (body: object, role: Role = 'manager') => api.as(role).put('/policies/default', body);

  const cases: Case[] = [
    {
      name: 'malformed JSON',
      send: pay('{"paymentId": "PAY-1",', { 'Content-Type': 'application/json' }),
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'a JSON array instead of an object',
      send: pay('[1,2]', { 'Content-Type': 'application/json' }),
      status: 400,
      type: 'invalid-request',
    },
    {
      name: 'an empty body',
      send: pay('', { 'Content-Type': 'application/json' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/paymentId', '/invoiceId', '/amount', '/currency', '/receivedOn'],
    },
    { name: 'a string amount', send: pay({ ...payment, amount: '1000' }), status: 400, type: 'invalid-request', pointers: ['/amount'] },
    { name: 'a fractional amount', send: pay({ ...payment, amount: 10.5 }), status: 400, type: 'invalid-request', pointers: ['/amount'] },
    { name: 'a negative amount', send: pay({ ...payment, amount: -5 }), status: 400, type: 'invalid-request', pointers: ['/amount'] },
    { name: 'a zero amount', send: pay({ ...payment, amount: 0 }), status: 400, type: 'invalid-request', pointers: ['/amount'] },
    {
      name: 'an amount beyond 2^53',
      send: pay({ ...payment, amount: 2 ** 60 }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/amount'],
    },
    {
      name: 'an unknown currency',
      send: pay({ ...payment, currency: 'XYZ' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/currency'],
    },
    {
      name: 'a lower-case currency',
      send: pay({ ...payment, currency: 'eur' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/currency'],
    },
    {
      name: 'an impossible date',
      send: pay({ ...payment, receivedOn: '2023-02-29' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/receivedOn'],
    },
    {
      name: 'a date with a time',
      send: pay({ ...payment, receivedOn: '2024-01-15T10:00:00Z' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/receivedOn'],
    },
    { name: 'an unknown field', send: pay({ ...payment, note: 'x' }), status: 400, type: 'invalid-request', pointers: ['/note'] },
    {
      name: 'a prototype-polluting field',
      send: pay('{"paymentId":"P","invoiceId":"INV-1","amount":1,"currency":"EUR","receivedOn":"2024-01-15","__proto__":{"admin":true}}', {
        'Content-Type': 'application/json',
      }),
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'several bad fields at once',
      send: pay({ paymentId: '', amount: 'x' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/paymentId', '/invoiceId', '/amount', '/currency', '/receivedOn'],
    },
    {
      name: 'an id with a slash',
      send: pay({ ...payment, paymentId: '../etc' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/paymentId'],
    },
    {
      name: 'a bad customer id in the path',
      send: () => api.as('integration').post('/customers/%20bad/payments', payment),
      status: 400,
      type: 'invalid-request',
      pointers: ['/customerId'],
    },
    { name: 'a body over the size limit', send: pay({ ...payment, paymentId: 'P'.repeat(300_000) }), status: 413, type: 'body-too-large' },
    { name: 'a text/plain body', send: pay('amount=1', { 'Content-Type': 'text/plain' }), status: 400, type: 'invalid-request' },
    { name: 'a bad Idempotency-Key', send: pay(payment, { 'Idempotency-Key': 'with space' }), status: 400, type: 'invalid-request' },
    {
      name: 'a payment in another currency (business rule)',
      send: pay({ ...payment, currency: 'USD' }),
      status: 422,
      type: 'currency-mismatch',
    },
    {
      name: 'a refund of cash the account never received (business rule)',
      send: () => api.as('manager').post(`/customers/${customer}/cash/PAY-404/refunds`, { refundId: 'RF-1', amount: 100, reason: 'x' }),
      status: 422,
      type: 'payment-not-found',
    },
    {
      name: 'cash applied to an invoice the account does not have (business rule)',
      send: () =>
        api.as('manager').post(`/customers/${customer}/cash/PAY-404/applications`, {
          applicationId: 'APP-1',
          allocations: [{ invoiceId: 'INV-1', amount: 100 }],
        }),
      status: 422,
      type: 'payment-not-found',
    },
    {
      name: 'handling a reply the customer never sent',
      send: () => api.as('collector').post(`/customers/${customer}/replies/M-404/handling`, {}),
      status: 404,
      type: 'not-found',
    },
    {
      name: 'a dispute given to a team the policy does not name',
      send: () => api.as('manager').post(`/customers/${customer}/disputes/D-404/assignment`, { ownerTeam: 'marketing' }),
      status: 422,
      type: 'unknown-owner-team',
    },
    {
      name: 'a dispute given to a team that is no id',
      send: () => api.as('manager').post(`/customers/${customer}/disputes/D-404/assignment`, { ownerTeam: ' sales' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/ownerTeam'],
    },
    {
      name: 'a payment on an unknown invoice (business rule)',
      send: pay({ ...payment, invoiceId: 'INV-404' }),
      status: 422,
      type: 'invoice-not-found',
    },
    {
      name: 'a payment dated before the invoice (business rule)',
      send: pay({ ...payment, receivedOn: '2024-01-01' }),
      status: 422,
      type: 'invalid-date',
    },
    {
      name: 'no Authorization header',
      send: () => api.withAuthorization().post(`/customers/${customer}/payments`, payment),
      status: 401,
      type: 'unauthorized',
    },
    {
      name: 'an unknown API key',
      send: () => api.withAuthorization('Bearer not-a-key').post(`/customers/${customer}/payments`, payment),
      status: 401,
      type: 'unauthorized',
    },
    {
      name: 'a Basic Authorization header',
      send: () => api.withAuthorization(`Basic ${keyOf('admin')}`).post(`/customers/${customer}/payments`, payment),
      status: 401,
      type: 'unauthorized',
    },
    {
      name: 'the wrong role',
      send: () => api.as('collector').post(`/customers/${customer}/payments`, payment),
      status: 403,
      type: 'forbidden',
    },
    {
      name: 'a read-only role writing',
      send: () => api.as('auditor').post(`/customers/${customer}/payments`, payment),
      status: 403,
      type: 'forbidden',
    },
    {
      name: 'an unknown route',
      send: () => api.as('admin').post(`/customers/${customer}/refunds`, payment),
      status: 404,
      type: 'not-found',
    },
    {
      name: 'a nested bad installment',
      send: () =>
        api.as('collector').post(`/customers/${customer}/payment-plans`, {
          planId: 'PL',
          invoiceIds: ['INV-1'],
          currency: 'EUR',
          installments: [{ number: 1, dueOn: '2024-13-01', amount: 1.5 }],
        }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/installments/0/dueOn', '/installments/0/amount'],
    },
    {
      name: 'a bad installment number in the path',
      send: () => api.as('collector').post(`/customers/${customer}/payment-plans/PL/installments/first/paid`, {}),
      status: 400,
      type: 'invalid-request',
      pointers: ['/number'],
    },
    {
      name: 'a bad asOf date',
      send: () => api.as('auditor').get(`/customers/${customer}/state?asOf=yesterday`),
      status: 400,
      type: 'invalid-request',
      pointers: ['/asOf'],
    },
    {
      name: 'a cash forecast from no day, over half weeks, in no currency',
      send: () => api.as('analyst').get('/forecasts/cash?from=2024-02-30&weeks=1.5&currency=euro'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/from', '/weeks', '/currency'],
    },
    {
      name: 'a cash forecast without its currency',
      send: () => api.as('manager').get('/forecasts/cash'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/currency'],
    },
    {
      name: 'a bad history page',
      send: () => api.as('auditor').get(`/customers/${customer}/history?fromRevision=-1&maxCount=lots`),
      status: 400,
      type: 'invalid-request',
      pointers: ['/fromRevision', '/maxCount'],
    },
    {
      name: 'a bad export format',
      send: () => api.as('auditor').get(`/customers/${customer}/history/export?format=xml`),
      status: 400,
      type: 'invalid-request',
      pointers: ['/format'],
    },
    {
      name: 'a call task for an unknown reason',
      send: () => api.as('collector').post(`/customers/${customer}/call-tasks`, { ...callTask, reason: 'chat' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/reason'],
    },
    {
      name: 'a call task about no invoice',
      send: () => api.as('collector').post(`/customers/${customer}/call-tasks`, { ...callTask, invoiceIds: [] }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/invoiceIds'],
    },
    {
      name: 'a call task with a fractional level and no due date',
      send: () => api.as('collector').post(`/customers/${customer}/call-tasks`, { ...callTask, level: 1.5, dueOn: undefined }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/level', '/dueOn'],
    },
    {
      name: 'a dunning call task without its level (business rule)',
      send: () => api.as('collector').post(`/customers/${customer}/call-tasks`, { ...callTask, level: undefined }),
      status: 422,
      type: 'invalid-level',
    },
    {
      name: 'an escalation proposal of an unknown kind',
      send: () => api.as('manager').post(`/customers/${customer}/escalation-proposals`, { ...proposal, kind: 'legal_action' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/kind'],
    },
    {
      name: 'an escalation proposal without a reason',
      send: () => api.as('manager').post(`/customers/${customer}/escalation-proposals`, { ...proposal, reason: '' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/reason'],
    },
    {
      name: 'an escalation proposal before anything is overdue (business rule)',
      send: () => api.as('manager').post(`/customers/${customer}/escalation-proposals`, { ...proposal, proposedOn: '2024-02-01' }),
      status: 422,
      type: 'not-overdue',
    },
    {
      name: 'a collector proposing an escalation',
      send: () => api.as('collector').post(`/customers/${customer}/escalation-proposals`, proposal),
      status: 403,
      type: 'forbidden',
    },
    {
      name: 'a bad customer id for letters',
      send: () => api.as('collector').get('/customers/%20bad/letters'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/customerId'],
    },
    {
      name: 'a bad policy name',
      send: () => api.as('manager').get('/policies/DEFAULT'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/name'],
    },
    {
      name: 'a bad policy asOf date',
      send: () => api.as('manager').get('/policies/default?asOf=2024-02-30'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/asOf'],
    },
    {
      name: 'a bad policy version',
      send: () => api.as('manager').get('/policies/default/versions/latest'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/version'],
    },
    { name: 'a policy never recorded', send: () => api.as('manager').get('/policies/default'), status: 404, type: 'not-found' },
    {
      name: 'a policy document that is not an object',
      send: () => replacePolicy({ policy: 'default' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/policy'],
    },
    {
      name: 'an invalid policy document',
      send: () => replacePolicy({ policy: { name: 'default', version: 0 } }),
      status: 422,
      type: 'policy-invalid',
    },
    {
      name: "a customer's promise of a fractional amount, with no date",
      send: asCustomer('promises', { amount: 10.5, currency: 'EUR' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/amount', '/promisedFor'],
    },
    {
      name: "a customer's dispute of a category it may not choose, with no description",
      send: asCustomer('disputes', { invoiceId: 'INV-1', category: 'deduction' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/category', '/description'],
    },
    {
      name: "a customer's payment report naming its customer (an unknown field) and no invoice in its list",
      send: asCustomer('payment-reports', { amount: 100, currency: 'EUR', paidOn: '2024-06-30', customerId: 'OTHER', invoiceIds: [] }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/customerId', '/invoiceIds'],
    },
    {
      name: "a customer's payment report paid after today, the day it reports it (business rule)",
      send: asCustomer('payment-reports', { amount: 100, currency: 'EUR', paidOn: '2024-07-02' }),
      status: 422,
      type: 'invalid-date',
    },
    {
      name: 'a link revocation with an empty reason',
      send: () => api.as('manager').post(`/customers/${customer}/letters/L-1/link-revocation`, { reason: '' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/reason'],
    },
    { name: 'a collector replacing the policy', send: () => replacePolicy({ policy: {} }, 'collector'), status: 403, type: 'forbidden' },
    {
      name: 'an ad-hoc question that would write ($merge into a read model)',
      send: () => api.as('analyst').post('/read-models/invoices/query', { pipeline: [{ $merge: { into: 'invoices' } }] }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/pipeline/0/$merge'],
    },
    {
      name: 'an ad-hoc question for more rows than the bound',
      send: () => api.as('analyst').post('/read-models/invoices/query', { filter: {}, limit: 10_001 }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/limit'],
    },
    {
      name: 'an ad-hoc question over the projections’ checkpoints',
      send: () => api.as('analyst').post('/read-models/projection_checkpoints/query', { filter: {} }),
      status: 404,
      type: 'not-found',
    },
    {
      name: 'an ad-hoc question asked by a collector',
      send: () => api.as('collector').post('/read-models/invoices/query', { filter: {} }),
      status: 403,
      type: 'forbidden',
    },
    {
      name: 'a what-if whose policy is not an object and whose period has no end',
      send: () => api.as('manager').post('/policies/what-if', { policy: 'default', from: '2024-06-01' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/policy', '/to'],
    },
    {
      name: 'a what-if ending before it starts',
      send: () => api.as('manager').post('/policies/what-if', { policy: {}, from: '2024-06-01', to: '2024-05-01' }),
      status: 400,
      type: 'invalid-request',
      pointers: ['/to'],
    },
    {
      name: 'a what-if of an invalid policy document',
      send: () =>
        api.as('manager').post('/policies/what-if', { policy: { name: 'default', version: 0 }, from: '2024-06-01', to: '2024-06-30' }),
      status: 422,
      type: 'policy-invalid',
    },
    {
      name: 'a what-if read by an id that is not one',
      send: () => api.as('manager').get('/policies/what-if/latest'),
      status: 400,
      type: 'invalid-request',
      pointers: ['/id'],
    },
    {
      name: 'a what-if never started',
      send: () => api.as('manager').get('/policies/what-if/00000000-0000-4000-8000-000000000000'),
      status: 404,
      type: 'not-found',
    },
  ];

  it.each(cases.map((testCase) => [testCase.name, testCase] as const))(
    'refuses %s with a problem body and appends nothing',
    async (_name, testCase) => {
      const before = await api.streamLength(customer);
      const response = await testCase.send();
      expect(response.status).toBe(testCase.status);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: `urn:collections:problem:${testCase.type}`, status: testCase.status });
      expect(typeof response.body.title).toBe('string');
      expect(response.body.detail.length).toBeGreaterThan(10);
      if (testCase.pointers) {
        const pointers = new Set(response.body.errors.map((error: { pointer: string }) => error.pointer));
        expect([...pointers].sort()).toEqual([...testCase.pointers].sort());
      }
      expect(await api.streamLength(customer)).toBe(before);
    },
  );

  it('still takes a good payment after all that', async () => {
    await pay(payment)().expect(201);
    expect(await api.streamLength(customer)).toBe(2);
  });

  it('keeps health open without a key and everything else closed', async () => {
    await api.withAuthorization().get('/health').expect(200, { status: 'ok' });
    await api.withAuthorization().get(`/customers/${customer}/history`).expect(401);
  });
});
