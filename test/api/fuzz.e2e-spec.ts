import fc from 'fast-check';
import { TestApi, startApi } from './harness';

/**
 * No request can produce a 500 through its content: arbitrary JSON bodies, fields of the
 * wrong type and odd path segments all end in a 4xx (or a 2xx where they happen to be valid).
 */
describe('arbitrary request content', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
    await api
      .as('integration')
      .post('/customers/FUZZ/invoices', {
        invoiceId: 'INV-1',
        amount: 10_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
  });
  afterAll(() => api.close());

  const paths = [
    'invoices',
    'payments',
    'credit-memos',
    'invoices/INV-1/overdue',
    'recoveries',
    'assignment',
    'deductions',
    'disputes',
    'disputes/D-1/resolution',
    'reminders',
    'final-notices',
    'contacts',
    'promises',
    'promises/P-1/kept',
    'promises/P-1/broken',
    'payment-plans',
    'payment-plans/PL-1/installments/1/paid',
    'payment-plans/PL-1/installments/1/missed',
    'credit-limit-recommendations',
    'credit-hold',
    'credit-hold/lift',
    'agency-referrals',
    'agency-referrals/A-1/recall',
    'escalation-proposals/ESC-1/decline',
    'legal-actions',
    'write-offs',
    'post-mortems',
  ];
  const fields = [
    'invoiceId',
    'invoiceIds',
    'paymentId',
    'amount',
    'currency',
    'issuedOn',
    'dueOn',
    'receivedOn',
    'category',
    'installments',
    'credit',
    'resolution',
    'level',
    'channel',
    'actionItems',
    'smallClaims',
    'promisedFor',
    'reason',
  ];
  // Plausible values mixed with hostile ones: wrong types, huge numbers, nested junk.
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.constantFrom('INV-1', 'EUR', '2024-02-01', 1_000, -1, 1.5, 2 ** 63, '', null, [], {}, ['INV-1'], 'credit_issued'),
  );
  const body = fc.oneof(fc.dictionary(fc.constantFrom(...fields), value), fc.jsonValue({ maxDepth: 3 }));

  it('answers every arbitrary command body with a 2xx or 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), body, async (path, payload) => {
        const response = await api
          .as('admin')
          .post(`/customers/FUZZ/${path}`, JSON.stringify(payload), { 'Content-Type': 'application/json' });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it('answers arbitrary path segments and queries with a 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (segment, query) => {
        const customer = encodeURIComponent(segment);
        const asOf = encodeURIComponent(query);
        for (const path of [`/customers/${customer}/state?asOf=${asOf}`, `/customers/${customer}/history?maxCount=${asOf}`]) {
          const response = await api.as('auditor').get(path);
          expect(response.status).toBeLessThan(500);
        }
      }),
      { numRuns: 200 },
    );
  });
});
