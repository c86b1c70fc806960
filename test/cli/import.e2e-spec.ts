import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AccountState, CollectionEvent, evolve, initialState } from '@collections/domain';
import { RecordedEvent, SqliteEventStore } from '@collections/event-store';
import { startServer } from '../api/server-process';
import { runCli as cli } from './run-cli';

/** CI clones the repository next to `shared/`. */
const IBM_FILE = join(__dirname, '../../../shared/data/ibm-accounts-receivable.csv');
const reportedLines = (output: string): number[] => [...output.matchAll(/^line (\d+):/gm)].map((match) => Number(match[1]));

async function allEvents(dataDir: string): Promise<RecordedEvent[]> {
  const store = new SqliteEventStore(join(dataDir, 'events.sqlite'));
  try {
    return await store.readAll();
  } finally {
    await store.close();
  }
}

const byStream = (events: RecordedEvent[]): Map<string, RecordedEvent[]> => {
  const streams = new Map<string, RecordedEvent[]>();
  for (const event of events) streams.set(event.streamId, [...(streams.get(event.streamId) ?? []), event]);
  return streams;
};

const typeAndData = (events: RecordedEvent[]) => events.map(({ type, data }) => ({ type, data }));

describe('collections import --format ibm-ar', () => {
  let dataDir: string;
  jest.setTimeout(120_000);

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'collections-import-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const HEADER =
    'countrycode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate';
  const CRAFTED = [
    HEADER,
    '770,C-A,31/12/2012,INV-1,03/01/2012,02/02/2012,100.00,No,20/01/2012,Paper,17,0', // 2
    '770,C-A,31/12/2012,INV-2,31/02/2013,02/02/2012,20.00,No,20/01/2012,Paper,17,0', // 3: no 31 February
    '391,C-B,02/08/2012,INV-3,05/01/2012,04/02/2012,15.99,Yes,15/02/2012,Paper,41,11', // 4
    '391,C-B,02/08/2012,INV-5,05/01/2012,04/02/2012,12.345,No,15/02/2012,Paper,41,11', // 5: three decimals
    '770,C-A,31/12/2012,INV-4,02/01/2012,01/02/2012,0.5,No,01/02/2012,Electronic,30,0', // 6
    '770,,31/12/2012,INV-6,03/01/2012,02/02/2012,10.00,No,20/01/2012,Paper,17,0', // 7: no customer
    '391,C-B,02/08/2012,INV-1,05/01/2012,04/02/2012,10.00,No,15/02/2012,Paper,41,11', // 8: INV-1 again
    '770,C-A,31/12/2012,INV-8,03/01/2012,02/02/2012,10.00,No,01/01/2012,Paper,0,0', // 9: settled before issued
    '770,C-A,31/12/2012,INV-7,10/01/2012,09/02/2012,1234.56,Yes,05/02/2012,Paper,26,0', // 10
  ].join('\r\n');

  const importCrafted = () => {
    const file = join(dataDir, 'crafted.csv');
    writeFileSync(file, CRAFTED);
    return cli(['import', '--format', 'ibm-ar', file], { DATA_DIR: dataDir });
  };

  it('imports the good rows in business-date order per customer and reports each bad row by its line', async () => {
    const run = await importCrafted();
    expect(run.code).toBe(0);
    expect(reportedLines(run.stderr)).toEqual([3, 5, 7, 8, 9]);
    expect(run.stderr).toContain('line 3: InvoiceDate "31/02/2013" is not a real date written DD/MM/YYYY');
    expect(run.stderr).toContain('line 5: InvoiceAmount "12.345" must be a positive amount with at most 2 decimals');
    expect(run.stderr).toContain('line 7: customerID is missing');
    expect(run.stderr).toContain('line 8: invoiceNumber INV-1 is already on line 2');
    expect(run.stderr).toContain('line 9: SettledDate 01/01/2012 is before InvoiceDate 03/01/2012');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(run.stdout).toContain('Read 9 rows from crafted.csv: 4 valid, 5 bad (skipped).');
    expect(run.stdout).toContain('Invoices: 4 imported, 0 already present, 0 refused.');

    const streams = byStream(await allEvents(dataDir));
    expect([...streams.keys()].sort()).toEqual(['collection-C-A', 'collection-C-B']);
    const usd = 'USD';
    expect(typeAndData(streams.get('collection-C-A') ?? [])).toEqual([
      { type: 'InvoiceRegistered', data: { invoiceId: 'INV-4', amount: 50, currency: usd, issuedOn: '2012-01-02', dueOn: '2012-02-01' } },
      {
        type: 'InvoiceRegistered',
        data: { invoiceId: 'INV-1', amount: 10000, currency: usd, issuedOn: '2012-01-03', dueOn: '2012-02-02' },
      },
      {
        type: 'InvoiceRegistered',
        data: { invoiceId: 'INV-7', amount: 123456, currency: usd, issuedOn: '2012-01-10', dueOn: '2012-02-09' },
      },
      {
        type: 'PaymentReceived',
        data: { paymentId: 'PAY-INV-1', invoiceId: 'INV-1', amount: 10000, currency: usd, receivedOn: '2012-01-20' },
      },
      {
        type: 'PaymentReceived',
        data: { paymentId: 'PAY-INV-4', invoiceId: 'INV-4', amount: 50, currency: usd, receivedOn: '2012-02-01' },
      },
      {
        type: 'DisputeRaised',
        data: expect.objectContaining({
          disputeId: 'DSP-INV-7',
          invoiceId: 'INV-7',
          amount: 123456,
          currency: usd,
          category: 'pricing',
          raisedOn: '2012-02-05',
        }),
      },
      {
        type: 'DisputeResolved',
        data: expect.objectContaining({ disputeId: 'DSP-INV-7', resolution: 'customer_liable', resolvedOn: '2012-02-05' }),
      },
      {
        type: 'PaymentReceived',
        data: { paymentId: 'PAY-INV-7', invoiceId: 'INV-7', amount: 123456, currency: usd, receivedOn: '2012-02-05' },
      },
    ]);
    expect(typeAndData(streams.get('collection-C-B') ?? [])).toEqual([
      { type: 'InvoiceRegistered', data: { invoiceId: 'INV-3', amount: 1599, currency: usd, issuedOn: '2012-01-05', dueOn: '2012-02-04' } },
      {
        type: 'DisputeRaised',
        data: expect.objectContaining({ disputeId: 'DSP-INV-3', amount: 1599, category: 'pricing', raisedOn: '2012-02-04' }),
      },
      {
        type: 'DisputeResolved',
        data: expect.objectContaining({ disputeId: 'DSP-INV-3', resolution: 'customer_liable', resolvedOn: '2012-02-15' }),
      },
      {
        type: 'PaymentReceived',
        data: { paymentId: 'PAY-INV-3', invoiceId: 'INV-3', amount: 1599, currency: usd, receivedOn: '2012-02-15' },
      },
    ]);
    for (const event of streams.get('collection-C-B') ?? []) {
      expect(event.metadata).toMatchObject({
        actor: { id: 'importer', role: 'integration' },
        idempotencyKey: expect.stringMatching(/^ibm-ar:INV-3:/),
      });
    }
  });

  it('appends nothing when the same file is imported again, and says so', async () => {
    const first = await importCrafted();
    expect(first.code).toBe(0);
    const before = (await allEvents(dataDir)).length;
    expect(before).toBe(12);

    const second = await importCrafted();
    expect(second.code).toBe(0);
    expect((await allEvents(dataDir)).length).toBe(before);
    expect(reportedLines(second.stderr)).toEqual([3, 5, 7, 8, 9]);
    expect(second.stdout).toContain('Invoices: 0 imported, 4 already present, 0 refused.');
    expect(second.stdout).toContain('Nothing new: every command was already in the event store.');
  });

  it('refuses, by line, a row the store holds with other values, and exits 1', async () => {
    expect((await importCrafted()).code).toBe(0);
    const changed = join(dataDir, 'changed.csv');
    writeFileSync(changed, CRAFTED.replace('INV-3,05/01/2012,04/02/2012,15.99', 'INV-3,05/01/2012,04/02/2012,16.99'));
    const before = (await allEvents(dataDir)).length;

    const run = await cli(['import', '--format', 'ibm-ar', changed], { DATA_DIR: dataDir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 4: refused: an earlier import recorded this row with different values (key ibm-ar:INV-3:register)');
    expect(run.stdout).toContain('Invoices: 0 imported, 3 already present, 1 refused.');
    expect((await allEvents(dataDir)).length).toBe(before);
  });

  it('exits 2 on usage errors and 1 on a file it cannot read, without a stack trace', async () => {
    const env = { DATA_DIR: dataDir };
    const usage = await Promise.all([
      cli(['import', IBM_FILE], env),
      cli(['import', '--format', 'sap', IBM_FILE], env),
      cli(['import', '--format', 'ibm-ar', '--currency', 'DOLLARS', IBM_FILE], env),
      cli(['import', '--format', 'ibm-ar'], env),
      cli(['export'], env),
      cli(['import', '--format', 'ibm-ar', IBM_FILE], { ...env, EVENT_STORE: 'postgres' }),
    ]);
    expect(usage.map((run) => run.code)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(usage[2].stderr).toContain("argument 'DOLLARS' is invalid. Not an ISO 4217 currency code");
    expect(usage[5].stderr).toContain('EVENT_STORE must be embedded or eventstoredb');

    const headerOnly = join(dataDir, 'empty.csv');
    writeFileSync(headerOnly, `${HEADER}\n`);
    const wrongHeader = join(dataDir, 'wrong.csv');
    writeFileSync(wrongHeader, 'customer,invoice,amount\nC-1,1,10.00\n');
    const unreadable = await Promise.all([
      cli(['import', '--format', 'ibm-ar', join(dataDir, 'missing.csv')], env),
      cli(['import', '--format', 'ibm-ar', dataDir], env),
      cli(['import', '--format', 'ibm-ar', headerOnly], env),
      cli(['import', '--format', 'ibm-ar', wrongHeader], env),
    ]);
    expect(unreadable.map((run) => run.code)).toEqual([1, 1, 1, 1]);
    expect(unreadable[0].stderr).toContain('error: cannot read');
    expect(unreadable[2].stderr).toContain('holds no valid row');
    expect(unreadable[3].stderr).toContain('the header lacks the columns customerID, invoiceNumber');
    for (const run of [...usage, ...unreadable]) expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('imports the IBM accounts-receivable sample: 2,466 settled invoices of 100 customers, exactly as the CSV says', async () => {
    const run = await cli(['import', '--format', 'ibm-ar', IBM_FILE], { DATA_DIR: dataDir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = run.stdout.trim().split('\n').slice(1).join(' ');
    console.log(`ibm-ar import of ${IBM_FILE}: ${(run.milliseconds / 1000).toFixed(1)} s from process start to exit. ${summary}`);

    const rows = readFileSync(IBM_FILE, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .map((line, index) => {
        const [, customerID, , invoiceNumber, InvoiceDate, DueDate, InvoiceAmount, Disputed, SettledDate] = line.split(',');
        const iso = (date: string) => date.split('/').reverse().join('-');
        return {
          line: index + 2,
          customerID,
          invoiceNumber,
          issuedOn: iso(InvoiceDate),
          dueOn: iso(DueDate),
          settledOn: iso(SettledDate),
          amount: Math.round(Number(InvoiceAmount) * 100),
          disputed: Disputed === 'Yes',
        };
      });
    const events = await allEvents(dataDir);
    const streams = byStream(events);
    expect(events.filter((event) => event.type === 'InvoiceRegistered')).toHaveLength(2466);
    expect(streams.size).toBe(100);
    expect(events).toHaveLength(2 * rows.length + 2 * rows.filter((row) => row.disputed).length);

    for (const stream of streams.values()) {
      let state: AccountState = initialState();
      for (const { type, data } of stream) state = evolve(state, { type, data } as CollectionEvent);
      if (state.status !== 'active') throw new Error(`${stream[0].streamId} has no account`);
      for (const invoice of state.invoices.values())
        expect({ invoice: invoice.invoiceId, balance: invoice.balance }).toEqual({ invoice: invoice.invoiceId, balance: 0 });
      expect([...state.disputes.values()].every((dispute) => dispute.status === 'resolved')).toBe(true);
    }

    // One customer with disputed, early and late invoices, rebuilt from the CSV by hand.
    const customer = '8887-NCUZC';
    const steps = rows
      .filter((row) => row.customerID === customer)
      .flatMap((row) => {
        const { invoiceNumber: invoiceId, amount } = row;
        const raisedOn = row.dueOn < row.settledOn ? row.dueOn : row.settledOn;
        return [
          {
            on: row.issuedOn,
            rank: 0,
            row,
            type: 'InvoiceRegistered',
            data: { invoiceId, amount, currency: 'USD', issuedOn: row.issuedOn, dueOn: row.dueOn },
          },
          ...(row.disputed
            ? [
                {
                  on: raisedOn,
                  rank: 1,
                  row,
                  type: 'DisputeRaised',
                  data: expect.objectContaining({ disputeId: `DSP-${invoiceId}`, invoiceId, amount, category: 'pricing', raisedOn }),
                },
                {
                  on: row.settledOn,
                  rank: 2,
                  row,
                  type: 'DisputeResolved',
                  data: expect.objectContaining({
                    disputeId: `DSP-${invoiceId}`,
                    resolution: 'customer_liable',
                    resolvedOn: row.settledOn,
                  }),
                },
              ]
            : []),
          {
            on: row.settledOn,
            rank: 3,
            row,
            type: 'PaymentReceived',
            data: { paymentId: `PAY-${invoiceId}`, invoiceId, amount, currency: 'USD', receivedOn: row.settledOn },
          },
        ];
      })
      .sort((a, b) => a.on.localeCompare(b.on) || a.rank - b.rank || a.row.line - b.row.line);
    expect(steps.filter((step) => step.type === 'DisputeRaised').length).toBeGreaterThan(0);
    expect(typeAndData(streams.get(`collection-${customer}`) ?? [])).toEqual(steps.map(({ type, data }) => ({ type, data })));

    const again = await cli(['import', '--format', 'ibm-ar', IBM_FILE], { DATA_DIR: dataDir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Invoices: 0 imported, 2,466 already present, 0 refused.');
    expect((await allEvents(dataDir)).length).toBe(events.length);
  });

  it('writes into the store of a running api, which serves the imported history at once', async () => {
    const key = 'an-auditor-key-123456';
    const server = await startServer({ DATA_DIR: dataDir, API_KEYS: `${key}:auditor-1:auditor` });
    try {
      expect((await importCrafted()).code).toBe(0);
      const { body } = await request(server.baseUrl).get('/customers/C-B/history').set('Authorization', `Bearer ${key}`).expect(200);
      expect(body.events.map((event: { type: string }) => event.type)).toEqual([
        'InvoiceRegistered',
        'DisputeRaised',
        'DisputeResolved',
        'PaymentReceived',
      ]);
    } finally {
      await server.stop();
    }
  });
});
