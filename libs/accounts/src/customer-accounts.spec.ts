import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@collections/event-store';
import { CustomerAccounts } from './customer-accounts';

describe('CustomerAccounts', () => {
  let dir: string;
  let store: SqliteEventStore;
  let accounts: CustomerAccounts;
  const invoice = (invoiceId: string, metadata: Record<string, unknown> = {}) => ({
    id: crypto.randomUUID(),
    type: 'InvoiceRegistered',
    data: { invoiceId, amount: 1_000, currency: 'EUR', issuedOn: '2024-01-01', dueOn: '2024-01-31' },
    metadata,
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'accounts-'));
    store = new SqliteEventStore(join(dir, 'events.sqlite'));
    accounts = new CustomerAccounts(store);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads an unknown customer as an empty account with no stream, and keeps nothing of it', async () => {
    expect(await accounts.load('NEW')).toMatchObject({ state: { status: 'empty' }, lastRevision: undefined, latestOccurredAt: undefined });
    expect(accounts.cached('NEW')).toBeUndefined();
  });

  it('given room for two accounts, when a third is loaded, then the least recently used is no longer kept', async () => {
    for (const customer of ['A', 'B', 'C'])
      await store.appendToStream(`collection-${customer}`, [invoice('INV-1')], { expectedRevision: 'no_stream' });
    const small = new CustomerAccounts(store, 2);
    await small.load('A');
    await small.load('B');
    await small.load('A');
    await small.load('C');
    expect([small.cached('A'), small.cached('B'), small.cached('C')].map((account) => account?.lastRevision)).toEqual([0, undefined, 0]);
  });

  it('given events dated out of order, when loaded, then its latest business date is the latest of them; types it does not know do not count', async () => {
    await store.appendToStream(
      'collection-D',
      [
        invoice('INV-1', { occurredAt: '2024-03-01' }),
        invoice('INV-2', { occurredAt: '2024-02-01' }),
        { id: crypto.randomUUID(), type: 'SomethingFromTheFuture', data: {}, metadata: { occurredAt: '2024-12-31' } },
      ],
      { expectedRevision: 'no_stream' },
    );
    expect((await accounts.load('D')).latestOccurredAt).toBe('2024-03-01');
  });

  it('given an event without a business date, when loaded, then no day is taken to see the whole account', async () => {
    await store.appendToStream('collection-U', [invoice('INV-1', { occurredAt: '2024-03-01' }), invoice('INV-2')], {
      expectedRevision: 'no_stream',
    });
    expect((await accounts.load('U')).latestOccurredAt).toBe('9999-12-31');
  });

  it('picks up what another writer appended since the last load', async () => {
    await store.appendToStream('collection-C', [invoice('INV-1')], { expectedRevision: 'no_stream' });
    await accounts.load('C');
    // Another process, as far as this cache knows.
    await store.appendToStream('collection-C', [invoice('INV-2'), invoice('INV-3')], { expectedRevision: 0 });
    const account = await accounts.load('C');
    expect(account.lastRevision).toBe(2);
    expect(account.state.status === 'active' && [...account.state.invoices.keys()]).toEqual(['INV-1', 'INV-2', 'INV-3']);
  });

  it('remembers commands sent with an Idempotency-Key and steps over event types it does not know', async () => {
    await store.appendToStream(
      'collection-K',
      [
        invoice('INV-1', { commandId: 'cmd-1', idempotencyKey: 'key-1', requestHash: 'h1' }),
        { id: crypto.randomUUID(), type: 'SomethingFromTheFuture', data: {}, metadata: {} },
      ],
      { expectedRevision: 'no_stream' },
    );
    const account = await accounts.load('K');
    expect(account.lastRevision).toBe(1);
    expect(account.keyedCommands.get('cmd-1')).toEqual({ revision: 0, requestHash: 'h1' });
    expect(account.state.status === 'active' && account.state.invoices.size).toBe(1);
  });

  it('given an account primed from a fold of the same stream, when loaded, then only what followed is read, and the result equals a load from scratch', async () => {
    await store.appendToStream('collection-P', [invoice('INV-1', { commandId: 'cmd-1', idempotencyKey: 'key-1' })], {
      expectedRevision: 'no_stream',
    });
    const primed = await new CustomerAccounts(store).load('P');
    await store.appendToStream('collection-P', [invoice('INV-2')], { expectedRevision: 0 });
    const { watched, reads } = watchReads(store);
    const primedAccounts = new CustomerAccounts(watched);
    primedAccounts.prime('P', primed);
    const loaded = await primedAccounts.load('P');
    expect(reads).toEqual([{ fromRevision: 1 }]);
    expect(loaded).toEqual(await new CustomerAccounts(store).load('P'));
  });

  it('given a cached account newer than the one offered, when primed, then the cache keeps its own', async () => {
    await store.appendToStream('collection-Q', [invoice('INV-1')], { expectedRevision: 'no_stream' });
    const older = await new CustomerAccounts(store).load('Q');
    await store.appendToStream('collection-Q', [invoice('INV-2')], { expectedRevision: 0 });
    const { watched, reads } = watchReads(store);
    const cached = new CustomerAccounts(watched);
    const newer = await cached.load('Q');
    cached.prime('Q', older);
    expect(await cached.load('Q')).toEqual(newer);
    expect(reads).toEqual([{ fromRevision: 'start' }, { fromRevision: 2 }]);
  });
});

/** The store, noting the options of every stream read. */
function watchReads(store: SqliteEventStore): { watched: SqliteEventStore; reads: unknown[] } {
  const reads: unknown[] = [];
  const watched = new Proxy(store, {
    get: (target, key) =>
      key === 'readStream'
        ? (...args: unknown[]) => (reads.push(args[1]), target.readStream(...(args as [string])))
        : Reflect.get(target, key),
  });
  return { watched, reads };
}
