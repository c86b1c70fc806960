import fc from 'fast-check';
import { MAX_BUSINESS_DATE, MIN_BUSINESS_DATE, addDays, isBusinessDate, occurredOn, toCollectionEvent } from '@collections/domain';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * Business dates as the API takes them: one valid range (1900-01-01 … 2199-12-31), and no fact
 * dated after the service's today (one day's tolerance), whatever path the date comes by.
 */
describe('business dates through the API', () => {
  let api: TestApi;
  const TODAY = '2024-06-30';
  const invoice = { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
  const contact = (contactId: string, contactedOn: string) => ({
    contactId,
    channel: 'phone',
    person: 'p',
    outcome: 'reached',
    contactedOn,
  });

  beforeAll(async () => {
    api = await startApi({ today: TODAY });
  });
  afterAll(() => api.close());

  describe('facts dated after today', () => {
    it('given an account, when a contact is dated 2099-12-31, then it is refused and nothing is appended', async () => {
      await api.as('integration').post('/customers/F-1/invoices', invoice).expect(201);

      const response = await api.as('collector').post('/customers/F-1/contacts', contact('SQ-1', '2099-12-31')).expect(422);

      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ code: 'date-in-future', detail: expect.stringContaining('2099-12-31') });
      expect(await api.streamLength('F-1')).toBe(1);
    });

    it('given the tolerance of a day, when a contact is dated tomorrow, then it is recorded; the day after is refused', async () => {
      await api.as('integration').post('/customers/F-2/invoices', invoice).expect(201);

      await api
        .as('collector')
        .post('/customers/F-2/contacts', contact('T-1', addDays(TODAY, 1)))
        .expect(201);
      await api
        .as('collector')
        .post('/customers/F-2/contacts', contact('T-2', addDays(TODAY, 2)))
        .expect(422);

      expect(await api.streamLength('F-2')).toBe(2);
    });

    it.each([
      ['payments', { paymentId: 'P-1', invoiceId: 'INV-1', amount: 100, currency: 'EUR', receivedOn: '2024-08-01' }],
      ['disputes', { disputeId: 'D-1', invoiceId: 'INV-1', amount: 100, currency: 'EUR', category: 'pricing', raisedOn: '2024-08-01' }],
      [
        'promises',
        { promiseId: 'PR-1', invoiceIds: ['INV-1'], amount: 100, currency: 'EUR', promisedFor: '2024-09-01', madeOn: '2024-08-01' },
      ],
      ['reminders', { reminderId: 'R-1', invoiceIds: ['INV-1'], level: 1, channel: 'email', template: 't', sentOn: '2024-08-01' }],
      ['invoices/INV-1/overdue', { detectedOn: '2024-08-01' }],
      ['invoices', { invoiceId: 'INV-2', amount: 100, currency: 'EUR', issuedOn: '2024-08-01', dueOn: '2024-09-01' }],
    ])('given an account, when %s is dated a month ahead, then it is refused as a future date', async (route, body) => {
      const customer = `/customers/F-${route.replace(/\W/g, '')}`;
      await api.as('integration').post(`${customer}/invoices`, invoice).expect(201);

      const response = await api.as(roleFor(route)).post(`${customer}/${route}`, body);

      expect(response.status).toBe(422);
      expect(response.body.code).toBe('date-in-future');
    });

    it('given a promise for a date months ahead, then it is recorded: what is to come is not a fact', async () => {
      await api.as('integration').post('/customers/F-3/invoices', invoice).expect(201);
      await api
        .as('collector')
        .post('/customers/F-3/promises', {
          promiseId: 'PR-1',
          invoiceIds: ['INV-1'],
          amount: 100,
          currency: 'EUR',
          promisedFor: '2024-12-31',
          madeOn: TODAY,
        })
        .expect(201);
    });
  });

  describe('the valid range', () => {
    it('given a promise for 9999-12-31, when it is sent, then it is refused, the worklist shows no malformed date, and "+010000-01" stays refused', async () => {
      await api.as('integration').post('/customers/Y-1/invoices', invoice).expect(201);

      const promise = await api.as('collector').post('/customers/Y-1/promises', {
        promiseId: 'PR-9',
        invoiceIds: ['INV-1'],
        amount: 100,
        currency: 'EUR',
        promisedFor: '9999-12-31',
      });
      expect(promise.status).toBe(400);
      expect(promise.body.errors).toEqual([
        { pointer: '/promisedFor', detail: expect.stringContaining(`${MIN_BUSINESS_DATE} to ${MAX_BUSINESS_DATE}`) },
      ]);

      await api.projected();
      const worklist = await api.as('manager').get('/worklists/unassigned').expect(200);
      expect(JSON.stringify(worklist.body)).not.toContain('+0');
      for (let attempt = 0; attempt < 2; attempt++) {
        await api
          .as('collector')
          .post('/customers/Y-1/contacts', contact(`PX-${attempt}`, '+010000-01'))
          .expect(400);
      }
      expect(await api.streamLength('Y-1')).toBe(1);
    });

    it.each(['0099-12-31', '0100-01-01', '1899-12-31', '2200-01-01'])('refuses %s as an issue date', async (issuedOn) => {
      const response = await api.as('integration').post('/customers/Y-2/invoices', { ...invoice, issuedOn, dueOn: issuedOn });
      expect(response.status).toBe(400);
    });

    it('given random dates in every date field of every kind of command, then none outside the range or after today reaches the store, and none answers 5xx (property)', async () => {
      const dates = fc.oneof(
        fc.integer({ min: 0, max: 2_932_896 }).map((day) => addDays('0000-01-01', day)),
        fc.integer({ min: -5, max: 5 }).map((offset) => addDays(TODAY, offset)),
        fc.constantFrom(
          MIN_BUSINESS_DATE,
          MAX_BUSINESS_DATE,
          '1899-12-31',
          '2200-01-01',
          '+010000-01',
          '9999-12-31',
          '0000-01-01',
          '2024-02-30',
        ),
        fc.string({ maxLength: 12 }),
      );
      let sequence = 0;
      const commands = (on: string, other: string) => {
        const id = `Z-${++sequence}`;
        return [
          ['contacts', contact(id, on)],
          ['payments', { paymentId: id, invoiceId: 'INV-1', amount: 1, currency: 'EUR', receivedOn: on }],
          ['promises', { promiseId: id, invoiceIds: ['INV-1'], amount: 1, currency: 'EUR', promisedFor: other, madeOn: on }],
          ['disputes', { disputeId: id, invoiceId: 'INV-1', amount: 1, currency: 'EUR', category: 'pricing', raisedOn: on }],
          ['invoices', { invoiceId: id, amount: 1, currency: 'EUR', issuedOn: on, dueOn: other }],
          ['final-notices', { noticeId: id, invoiceIds: ['INV-1'], channel: 'email', sentOn: on, referralOn: other }],
          [
            'payment-plans',
            { planId: id, invoiceIds: ['INV-1'], currency: 'EUR', installments: [{ number: 1, dueOn: other, amount: 1 }], agreedOn: on },
          ],
          ['assignment', { collectorId: id, assignedOn: on }],
        ] as const;
      };
      await api.as('integration').post('/customers/Z-1/invoices', invoice).expect(201);

      await fc.assert(
        fc.asyncProperty(dates, dates, fc.integer({ min: 0, max: 7 }), async (on, other, pick) => {
          const [route, body] = commands(on, other)[pick];
          const response = await api.as(roleFor(route)).post(`/customers/Z-1/${route}`, body);
          expect(response.status).toBeLessThan(500);
        }),
        { numRuns: 300 },
      );

      const stored = await api.store.readStream('collection-Z-1');
      expect(stored.length).toBeGreaterThan(20); // the dates that are valid do get through
      for (const recorded of stored) {
        const event = toCollectionEvent(recorded);
        if (event === undefined) throw new Error(`Unknown event type ${recorded.type}`);
        expect(occurredOn(event) <= addDays(TODAY, 1)).toBe(true);
        for (const date of datesIn(event.data)) expect(isBusinessDate(date)).toBe(true);
      }
    });
  });

  describe('the word for nobody', () => {
    it('given an account, when it is assigned to "unassigned", then it is refused and the account stays on the unassigned list', async () => {
      await api.as('integration').post('/customers/U-1/invoices', invoice).expect(201);

      const response = await api.as('manager').post('/customers/U-1/assignment', { collectorId: 'unassigned' }).expect(400);

      expect(response.body.errors).toEqual([{ pointer: '/collectorId', detail: expect.stringContaining('nobody is assigned') }]);
      await api.projected();
      const { body } = await api.as('manager').get('/worklists/unassigned').expect(200);
      expect(body.items.map((item: { customerId: string }) => item.customerId)).toContain('U-1');
    });

    it('given a call task for "unassigned", then it is refused too', async () => {
      await api.as('integration').post('/customers/U-2/invoices', invoice).expect(201);
      await api
        .as('manager')
        .post('/customers/U-2/call-tasks', {
          taskId: 'CT-1',
          reason: 'dunning',
          invoiceIds: ['INV-1'],
          dueOn: TODAY,
          collectorId: 'unassigned',
        })
        .expect(400);
    });
  });
});

/** Billing sends invoices and payments; a manager may do the rest. */
const roleFor = (route: string) => (route === 'invoices' || route === 'payments' ? 'integration' : 'manager');

/** Every value of a field named …On or …For, at any depth. */
function datesIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(datesIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, field]) => (/(On|For)$/.test(key) && typeof field === 'string' ? [field] : datesIn(field)));
}
