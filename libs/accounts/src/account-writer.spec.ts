import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CollectionCommand, DomainError, SettableClock } from '@collections/domain';
import { SqliteEventStore } from '@collections/event-store';
import { CustomerAccounts } from './customer-accounts';
import { AccountWriter } from './execute-account-command';

/**
 * Two writers on one event store, as two processes would be: each decides on the account as it
 * last saw it, and what the other appended meanwhile must never make it decide wrongly.
 */
describe('the account writer, with another process writing the same stream', () => {
  let dir: string;
  let store: SqliteEventStore;
  let reads: number;
  const clock = new SettableClock('2024-03-01T09:00:00.000Z');
  const origin = { actor: { id: 'integration-1', role: 'integration' as const } };
  const writer = () => new AccountWriter(store, clock, new CustomerAccounts(store));
  const invoice = (invoiceId: string): CollectionCommand => ({
    type: 'RegisterInvoice',
    data: { invoiceId, amount: 1_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
  });
  const payment = (paymentId: string, invoiceId: string): CollectionCommand => ({
    type: 'ReceivePayment',
    data: { paymentId, invoiceId, amount: 400, currency: 'EUR', receivedOn: '2024-02-20' },
  });
  const run = (on: AccountWriter, command: CollectionCommand) => on.write('C-1', [{ command, origin }]);
  const types = async () => (await store.readStream('collection-C-1')).map((event) => event.type);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'account-writer-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (...args) => {
      reads++;
      return readStream(...args);
    };
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given an account this process wrote last, when it writes again, then it decides without reading the stream', async () => {
    const here = writer();
    await run(here, invoice('INV-1'));
    const before = reads;

    const outcome = await run(here, invoice('INV-2'));

    expect(reads).toBe(before);
    expect(outcome.revision).toBe(1);
  });

  it('given another process appended meanwhile, when this one appends on what it saw, then the append conflicts, and the command is decided again on the whole stream', async () => {
    const here = writer();
    const elsewhere = writer();
    await run(here, invoice('INV-1'));
    await run(elsewhere, invoice('INV-2'));

    const outcome = await run(here, invoice('INV-3'));

    expect(outcome.revision).toBe(2);
    expect(await types()).toEqual(['InvoiceRegistered', 'InvoiceRegistered', 'InvoiceRegistered']);
  });

  it('given another process registered an invoice this one has not seen, when a payment on it arrives here, then it is not refused: the refusal is checked on the stream as it is', async () => {
    const here = writer();
    const elsewhere = writer();
    await run(here, invoice('INV-1'));
    await run(elsewhere, invoice('INV-2'));

    const outcome = await run(here, payment('PAY-1', 'INV-2'));

    expect(outcome.revision).toBe(2);
    expect(await types()).toEqual(['InvoiceRegistered', 'InvoiceRegistered', 'PaymentReceived']);
  });

  it('given nothing was appended elsewhere, when a command is refused, then the refusal stands and nothing is appended', async () => {
    const here = writer();
    await run(here, invoice('INV-1'));

    await expect(run(here, payment('PAY-1', 'INV-404'))).rejects.toThrow(DomainError);

    expect(await types()).toEqual(['InvoiceRegistered']);
  });

  it('given another process recorded a keyed command, when the same key and request arrive here, then the stream is read and it is answered as a replay, not appended', async () => {
    const here = writer();
    const elsewhere = writer();
    await run(here, invoice('INV-1'));
    const keyed = { ...origin, idempotencyKey: 'pay-once', request: { body: 'the same' } };
    const first = await elsewhere.write('C-1', [{ command: payment('PAY-1', 'INV-1'), origin: keyed }]);

    const again = await here.write('C-1', [{ command: payment('PAY-1', 'INV-1'), origin: keyed }]);

    expect(again.appended).toEqual([]);
    expect(again.lastReplayRevision).toBe(first.revision);
    expect(await types()).toEqual(['InvoiceRegistered', 'PaymentReceived']);
  });

  it('given commands queued for several customers, when a shutdown waits for the writer to settle, then it resolves only once each of them is appended', async () => {
    // given ten commands in flight, queued two by two on five customers
    const here = writer();
    const writes = Array.from({ length: 10 }, (_, n) => here.write(`C-${n % 5}`, [{ command: invoice(`INV-${n}`), origin }]));
    expect(here.busyCustomers).toBe(5);
    // when
    await here.settled();
    // then every append has been made (the writes' own answers follow a few ticks later)
    expect(here.busyCustomers).toBe(0);
    for (let customer = 0; customer < 5; customer++) expect(await store.readStream(`collection-C-${customer}`)).toHaveLength(2);
    // and with nothing queued it resolves at once
    await here.settled();
    await Promise.all(writes);
  });
});
