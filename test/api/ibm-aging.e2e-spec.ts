import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ServerProcess, startServer } from './server-process';

/** CI clones the repository next to `shared/`. */
const IBM_FILE = join(__dirname, '../../../shared/data/ibm-accounts-receivable.csv');
const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');
const KEY = 'an-analyst-key-for-aging';
const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'] as const;

interface Row {
  customerId: string;
  amount: number;
  issuedOn: string;
  dueOn: string;
  settledOn: string;
  disputed: boolean;
}

/** DD/MM/YYYY → YYYY-MM-DD */
const isoDate = (text: string) => text.split('/').reverse().join('-');
const epochDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
/** "12.5" → 1250, from the digits: no floating point. */
const cents = (text: string) => {
  const [units, fraction = ''] = text.split('.');
  return Number(units) * 100 + Number(fraction.padEnd(2, '0'));
};

function readRows(): Row[] {
  const [, ...lines] = readFileSync(IBM_FILE, 'utf8').trim().split(/\r?\n/);
  return lines.map((line) => {
    const [, customerId, , , invoiceDate, dueDate, amount, disputed, settledDate] = line.split(',');
    return {
      customerId,
      amount: cents(amount),
      issuedOn: isoDate(invoiceDate),
      dueOn: isoDate(dueDate),
      settledOn: isoDate(settledDate),
      disputed: disputed === 'Yes',
    };
  });
}

/**
 * Aging computed straight from the CSV, independently of the read models: an invoice is open on
 * D when it was issued on or before D and settled after D; it is disputed (by the importer's
 * documented mapping) from the earlier of its due and settlement dates until it was settled.
 */
function expectedAging(rows: Row[], asOf: string) {
  const buckets = Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])) as Record<(typeof BUCKETS)[number], number>;
  const customers = new Map<string, number>();
  let disputed = 0;
  for (const row of rows) {
    if (row.issuedOn > asOf || row.settledOn <= asOf) continue;
    const days = epochDay(asOf) - epochDay(row.dueOn);
    const bucket = days <= 0 ? 'current' : days <= 30 ? '1-30' : days <= 60 ? '31-60' : days <= 90 ? '61-90' : '90+';
    buckets[bucket] += row.amount;
    customers.set(row.customerId, (customers.get(row.customerId) ?? 0) + row.amount);
    const raisedOn = row.dueOn < row.settledOn ? row.dueOn : row.settledOn;
    if (row.disputed && raisedOn <= asOf) disputed += row.amount;
  }
  const total = Object.values(buckets).reduce((sum, amount) => sum + amount, 0);
  return { buckets, total, disputed, customers };
}

describe('aging of the real IBM accounts-receivable data', () => {
  let dataDir: string;
  let server: ServerProcess;
  const rows = readRows();
  jest.setTimeout(120_000);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ibm-aging-'));
    const imported = spawnSync(process.execPath, [CLI, 'import', '--format', 'ibm-ar', '--currency', 'USD', IBM_FILE], {
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(imported.status).toBe(0);
    // The api catches its read models up with the store before it listens.
    server = await startServer({ DATA_DIR: dataDir, API_KEYS: `${KEY}:analyst-1:analyst` });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads 2,466 invoices of 100 customers from the CSV', () => {
    expect(rows).toHaveLength(2_466);
    expect(new Set(rows.map((row) => row.customerId)).size).toBe(100);
  });

  it.each(['2012-01-31', '2012-04-15', '2012-07-01', '2012-10-31', '2013-02-28', '2013-06-30', '2013-09-15', '2013-12-31'])(
    'as of %s equals the computation from the CSV',
    async (asOf) => {
      const expected = expectedAging(rows, asOf);
      const { body } = await request(server.baseUrl)
        .get(`/aging?asOf=${asOf}&currency=USD&groupBy=customer`)
        .set('Authorization', `Bearer ${KEY}`)
        .expect(200);
      expect(body).toMatchObject({ asOf, currency: 'USD', buckets: expected.buckets, total: expected.total, disputed: expected.disputed });
      expect(expected.total).toBeGreaterThan(0);
      const byCustomer = new Map(
        body.customers.map((customer: { customerId: string; total: number }) => [customer.customerId, customer.total]),
      );
      expect(byCustomer).toEqual(expected.customers);
    },
  );
});
