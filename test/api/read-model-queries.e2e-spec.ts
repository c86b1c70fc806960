import { parse } from 'csv-parse/sync';
import { INVOICES, InvoiceDocument } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Ad-hoc questions over HTTP (POST /read-models/:collection/query): analysts, auditors and managers
 * ask the read models what no fixed endpoint answers — a filter or a read-only pipeline — within
 * bounds of rows, time and memory, as JSON or CSV; anything that would write or run code, or read
 * beyond the read models, is refused and writes nothing.
 */

/** Customers with two broken promises and more than EUR 10,000 overdue on 2024-06-30. */
const TWO_BROKEN_PROMISES_AND_OVERDUE = [
  { $match: { status: 'broken' } },
  { $group: { _id: '$customerId', brokenPromises: { $sum: 1 } } },
  { $match: { brokenPromises: { $gte: 2 } } },
  { $lookup: { from: 'invoices', localField: '_id', foreignField: 'customerId', as: 'invoices' } },
  { $unwind: '$invoices' },
  { $match: { 'invoices.currency': 'EUR', 'invoices.balance': { $gt: 0 }, 'invoices.dueOn': { $lt: '2024-06-30' } } },
  { $group: { _id: '$_id', brokenPromises: { $first: '$brokenPromises' }, overdue: { $sum: '$invoices.balance' } } },
  { $match: { overdue: { $gt: 1_000_000 } } },
  { $sort: { overdue: -1 } },
  { $project: { _id: 0, customerId: '$_id', brokenPromises: 1, overdue: 1 } },
];

describe('ad-hoc questions over the read models', () => {
  let api: TestApi;
  const query = (collection: string) => `/read-models/${collection}/query`;
  const post = (customerId: string, role: 'integration' | 'collector', resource: string, body: object) =>
    api.as(role).post(`/customers/${customerId}/${resource}`, body).expect(201);

  /** A customer with open EUR invoices (amount, due date) and this many promises broken. */
  async function customer(customerId: string, invoices: [number, string][], brokenPromises: number): Promise<void> {
    for (const [n, [amount, dueOn]] of invoices.entries()) {
      await post(customerId, 'integration', 'invoices', { invoiceId: `INV-${n}`, amount, currency: 'EUR', issuedOn: '2024-01-10', dueOn });
    }
    for (let n = 0; n < brokenPromises; n += 1) {
      const promise = {
        promiseId: `PR-${n}`,
        invoiceIds: ['INV-0'],
        amount: 1_000,
        currency: 'EUR',
        madeOn: '2024-05-01',
        promisedFor: '2024-05-10',
      };
      await post(customerId, 'collector', 'promises', promise);
      await post(customerId, 'collector', `promises/PR-${n}/broken`, { brokenOn: '2024-05-11' });
    }
  }

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    await customer(
      'Q-1',
      [
        [800_000, '2024-03-01'],
        [400_000, '2024-04-01'],
      ],
      2,
    ); // 12,000.00 overdue, two broken: the answer
    await customer('Q-2', [[2_000_000, '2024-03-01']], 1); // one broken promise only
    await customer('Q-3', [[900_000, '2024-03-01']], 3); // 9,000.00 overdue only
    await customer('Q-4', [[3_000_000, '2024-09-01']], 2); // nothing overdue yet
    await api.projected();
  });
  afterAll(() => api.close());

  describe('answers', () => {
    it('given four customers, when an analyst asks which have two broken promises and more than EUR 10,000 overdue, then one answers', async () => {
      const { body } = await api.as('analyst').post(query('promises'), { pipeline: TWO_BROKEN_PROMISES_AND_OVERDUE }).expect(200);
      expect(body).toEqual({
        collection: 'promises',
        rows: [{ customerId: 'Q-1', brokenPromises: 2, overdue: 1_200_000 }],
        truncated: false,
        limit: 1000,
      });
    });

    it('given five invoices, when a manager asks for the largest two with a filter, projection and sort, then the answer is cut at its limit and says so', async () => {
      const ask = { filter: { currency: 'EUR' }, projection: { _id: 0, customerId: 1, amount: 1 }, sort: { amount: -1 }, limit: 2 };
      const { body } = await api.as('manager').post(query('invoices'), ask).expect(200);
      expect(body.rows).toEqual([
        { customerId: 'Q-4', amount: 3_000_000 },
        { customerId: 'Q-2', amount: 2_000_000 },
      ]);
      expect(body).toMatchObject({ truncated: true, limit: 2, truncation: expect.stringContaining('More than 2 rows answer') });
    });

    it('when an auditor asks for CSV, then the rows come as CSV with a header row, nested values as JSON text', async () => {
      const ask = { filter: { customerId: 'Q-1' }, projection: { _id: 0, invoiceId: 1, balance: 1, movements: 1 }, sort: { invoiceId: 1 } };
      const answer = await api.as('auditor').post(query('invoices'), ask, { Accept: 'text/csv' }).expect(200);
      expect(answer.headers['content-type']).toMatch(/^text\/csv/);
      expect(answer.headers['query-truncated']).toBe('false');
      expect(answer.headers['content-disposition']).toBe('attachment; filename="invoices.csv"');
      const [header, ...records] = parse(answer.text) as string[][];
      expect([...header].sort()).toEqual(['balance', 'invoiceId', 'movements']);
      const byHeader = records.map((record) => Object.fromEntries(header.map((column, i) => [column, record[i]])));
      expect(byHeader).toEqual([
        { invoiceId: 'INV-0', balance: '800000', movements: '[]' },
        { invoiceId: 'INV-1', balance: '400000', movements: '[]' },
      ]);
    });
  });

  describe('refusals, which write nothing', () => {
    const refusals: [string, string, object, string, string][] = [
      ['a $out stage', 'invoices', { pipeline: [{ $match: {} }, { $out: 'invoices_copy' }] }, '/pipeline/1/$out', '$out is not allowed'],
      [
        'a $merge stage into a read model',
        'invoices',
        { pipeline: [{ $merge: { into: 'invoices' } }] },
        '/pipeline/0/$merge',
        '$merge is not allowed',
      ],
      ['$where in a filter', 'invoices', { filter: { $where: 'this.balance > 0' } }, '/filter/$where', '$where is not allowed'],
      [
        '$function deep in a $lookup sub-pipeline',
        'promises',
        {
          pipeline: [
            {
              $lookup: { from: 'invoices', as: 'i', pipeline: [{ $match: { $expr: { $function: { body: 'x', args: [], lang: 'js' } } } }] },
            },
          ],
        },
        '/pipeline/0/$lookup/pipeline/0/$match/$expr/$function',
        '$function is not allowed',
      ],
      [
        '$accumulator in a $group',
        'invoices',
        { pipeline: [{ $group: { _id: null, x: { $accumulator: {} } } }] },
        '/pipeline/0/$group/x/$accumulator',
        '$accumulator is not allowed',
      ],
      [
        'a stage that is not read-only',
        'invoices',
        { pipeline: [{ $facet: { a: [] } }] },
        '/pipeline/0/$facet',
        '$facet is not an allowed stage',
      ],
      [
        'a $lookup from the checkpoints',
        'invoices',
        { pipeline: [{ $lookup: { from: 'projection_checkpoints', localField: 'a', foreignField: '_id', as: 'c' } }] },
        '/pipeline/0/$lookup/from',
        'must name a read model',
      ],
      ['both shapes at once', 'invoices', { filter: {}, pipeline: [] }, '/filter', 'not with a pipeline'],
      ['a filter that is not an object', 'invoices', { filter: ['balance'] }, '/filter', 'must be a MongoDB filter'],
      [
        'an operator the store does not know',
        'invoices',
        { filter: { balance: { $almost: 1 } } },
        '/filter',
        'cannot evaluate this filter',
      ],
      ['more rows than the bound', 'invoices', { filter: {}, limit: 10_001 }, '/limit', 'limit'],
      [
        'a pattern that can backtrack for exponential time',
        'invoices',
        { filter: { invoiceId: { $regex: '^(INV-?)+x$' } } },
        '/filter/invoiceId/$regex',
        'exponential time',
      ],
    ];

    it.each(refusals)('given %s, then 400 names it and where it is', async (_name, collection, body, pointer, detail) => {
      const answer = await api.as('analyst').post(query(collection), body).expect(400).expect('Content-Type', PROBLEM_JSON);
      expect(answer.body.errors).toContainEqual({ pointer, detail: expect.stringContaining(detail) });
    });

    it('given no question at all, then 400 asks for a filter or a pipeline', async () => {
      const answer = await api.as('analyst').post(query('invoices')).expect(400).expect('Content-Type', PROBLEM_JSON);
      expect(answer.body.errors).toEqual([{ pointer: '/filter', detail: 'send a filter (with projection, sort, skip) or a pipeline' }]);
    });

    it('then the read models are as they were: no copy was made and no invoice changed', async () => {
      const { body } = await api
        .as('analyst')
        .post(query('invoices'), { pipeline: [{ $group: { _id: null, total: { $sum: '$balance' }, n: { $sum: 1 } } }] })
        .expect(200);
      expect(body.rows).toEqual([{ _id: null, total: 7_100_000, n: 5 }]);
      await api.as('analyst').post(query('invoices_copy'), { filter: {} }).expect(404);
    });

    it.each(['projection_checkpoints', 'policy_engine_runs', 'letters_outbox', 'kpi_cohorts', 'kpi_facts', 'payment_model', 'nothing'])(
      'given the collection %s, which is no read model, then 404',
      async (collection) => {
        const answer = await api.as('manager').post(query(collection), { filter: {} }).expect(404).expect('Content-Type', PROBLEM_JSON);
        expect(answer.body.detail).toContain(`There is no read model named ${collection}`);
      },
    );
  });

  describe('who may ask', () => {
    it.each(['collector', 'integration', 'monitoring'] as const)('given a %s, then 403', async (role) => {
      await api.as(role).post(query('invoices'), { filter: {} }).expect(403).expect('Content-Type', PROBLEM_JSON);
    });

    it('given an analyst, then what customers wrote and who paid from which account stay out of reach, in the path or a $lookup; managers and auditors read them', async () => {
      await api.as('analyst').post(query('replies'), { filter: {} }).expect(403);
      const lookup = {
        pipeline: [{ $lookup: { from: 'unapplied_cash', localField: 'customerId', foreignField: 'customerId', as: 'cash' } }],
      };
      const refused = await api.as('analyst').post(query('invoices'), lookup).expect(403);
      expect(refused.body.detail).toContain('may not read unapplied_cash (it needs ReadCash)');
      await api.as('manager').post(query('replies'), { filter: {} }).expect(200);
      await api.as('auditor').post(query('invoices'), lookup).expect(200);
    });
  });
});

describe('ad-hoc questions over 100,000 invoices stop at their bounds', () => {
  let api: TestApi;
  const INVOICE_COUNT = 100_000;
  const query = '/read-models/invoices/query';

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
    // The documents a book of 100,000 invoices projects, put in directly: the bounds are the read side's.
    const invoices: InvoiceDocument[] = Array.from({ length: INVOICE_COUNT }, (_, n) => ({
      _id: `B-${n % 1_000}/INV-${n}`,
      customerId: `B-${n % 1_000}`,
      invoiceId: `INV-${n}`,
      currency: 'EUR' as InvoiceDocument['currency'],
      amount: 1_000 + n,
      issuedOn: '2024-01-01',
      dueOn: '2024-02-01',
      movements: [],
      disputes: [],
      balance: 1_000 + n,
      settledOn: null,
      recordedAt: '2024-01-01T09:00:00.000Z',
      lastRecordedAt: '2024-01-01T09:00:00.000Z',
    }));
    await api.app.get<ReadStore>(READ_STORE).collection<InvoiceDocument>(INVOICES).replaceOwned!(invoices, []);
  }, 120_000);
  afterAll(() => api.close());

  it('given every invoice asked for, then the first 1,000 answer, marked truncated with how to get the rest', async () => {
    const { body } = await api.as('analyst').post(query, { filter: {} }).expect(200);
    expect(body.rows).toHaveLength(1_000);
    expect(body).toMatchObject({ truncated: true, limit: 1_000, truncation: expect.stringContaining('at most 10000') });
  });

  it('given a sort over all of them and the most rows allowed, then 10,000 answer, largest first', async () => {
    const { body } = await api
      .as('analyst')
      .post(query, { filter: {}, sort: { balance: -1 }, projection: { balance: 1 }, limit: 10_000 })
      .expect(200);
    expect(body.rows).toHaveLength(10_000);
    expect(body.rows[0]).toEqual({ _id: `B-999/INV-${INVOICE_COUNT - 1}`, balance: 1_000 + INVOICE_COUNT - 1 });
  });

  it('given each invoice joined with every invoice of larger balance, then the question stops at its 5 s time bound with a 422 that says how to narrow it', async () => {
    const larger = {
      $lookup: {
        from: 'invoices',
        let: { b: '$balance' },
        pipeline: [{ $match: { $expr: { $gt: ['$balance', '$$b'] } } }, { $count: 'n' }],
        as: 'larger',
      },
    };
    const started = Date.now();
    const { body } = await api
      .as('analyst')
      .post(query, { pipeline: [larger] })
      .expect(422)
      .expect('Content-Type', PROBLEM_JSON);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(body).toMatchObject({
      code: 'query-time-bound',
      detail: expect.stringMatching(/time bound: it ran longer than 5 s .* Narrow it: a \$match first/),
    });
  }, 30_000);
});
