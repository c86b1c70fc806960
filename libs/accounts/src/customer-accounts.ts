import { Inject, Injectable, Optional } from '@nestjs/common';
import { AccountState, BusinessDate, CollectionEvent, evolve, initialState, streamIdOf, toCollectionEvent } from '@collections/domain';
import { EVENT_STORE, EventStore, RecordedEvent } from '@collections/event-store';
import { CollectionEventMetadata } from '@collections/event-processor';
import { storedHashOf } from '@collections/evidence';
import { LruMap } from '@collections/platform';

/** A command that came with an Idempotency-Key, as the stream recorded it. */
export interface KeyedCommand {
  /** Revision of the command's last event: what a replay answers. */
  revision: number;
  requestHash: string | undefined;
}

/** A customer's account as the write side needs it. */
export interface LoadedAccount {
  state: AccountState;
  /** The stream's last revision (events of unknown types included); undefined for no stream. */
  lastRevision: number | undefined;
  /**
   * The latest business date among its events (they may be back-dated), or undefined before the
   * first: the account as of any day on or after it is `state` itself (see laterOf).
   */
  latestOccurredAt: BusinessDate | undefined;
  keyedCommands: ReadonlyMap<string, KeyedCommand>;
  /** The hash of the stream's last event, which the next append chains to; undefined before the chain. */
  lastHash: string | undefined;
}

/** An account being folded, by the one who owns it (foldInto). */
export type FoldingAccount = Omit<LoadedAccount, 'keyedCommands'> & { keyedCommands: Map<string, KeyedCommand> };

/** An account before its first event. */
export function emptyAccount(): FoldingAccount {
  return { state: initialState(), lastRevision: undefined, latestOccurredAt: undefined, keyedCommands: new Map(), lastHash: undefined };
}

/**
 * The later of two business dates. An event without one counts as the latest possible day, so
 * that no `asOf` is taken to see the whole account: folding as of a day leaves such events out.
 */
export function laterOf(latest: BusinessDate | undefined, occurredAt: unknown): BusinessDate {
  const day = typeof occurredAt === 'string' ? (occurredAt as BusinessDate) : ('9999-12-31' as BusinessDate);
  return latest === undefined || day > latest ? day : latest;
}

/** How many accounts are kept folded in memory, least recently used first out (ACCOUNT_CACHE_SIZE). */
export const ACCOUNT_CACHE_SIZE = Symbol('ACCOUNT_CACHE_SIZE');
/** ~4 KB an account of a few invoices: ~40 MB in all. */
const DEFAULT_CAPACITY = 10_000;

/**
 * Loads accounts for the command handler. Folded accounts stay in memory, and a load reads only
 * the events appended since (by this process or any other), so a command costs one short read —
 * or none, when it decides on the cached account — instead of parsing and folding the whole history. Everything cached is a fact read from, or
 * acknowledged by, the store.
 */
@Injectable()
export class CustomerAccounts {
  private readonly cache: LruMap<string, LoadedAccount>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(ACCOUNT_CACHE_SIZE) capacity: number = DEFAULT_CAPACITY,
  ) {
    this.cache = new LruMap(capacity);
  }

  /**
   * The account as this process last saw it, without reading the store; a decision on it stands
   * only once an append with its revision as the expected one succeeds.
   */
  cached(customerId: string): LoadedAccount | undefined {
    return this.cache.get(customerId);
  }

  /** The account as the stream is now: the cached one, and whatever was appended since. */
  async load(customerId: string): Promise<LoadedAccount> {
    const cached = this.cache.get(customerId);
    const from = cached?.lastRevision === undefined ? 'start' : cached.lastRevision + 1;
    const tail = await this.store.readStream(streamIdOf(customerId), { fromRevision: from });
    const base = cached ?? emptyAccount();
    const account = tail.length === 0 ? base : fold(base, tail);
    // No stream, nothing to keep: asking about unknown customers must not push known ones out.
    if (account.lastRevision !== undefined) this.remember(customerId, account);
    return account;
  }

  /**
   * What this process just appended: the account as the command handler folded it while
   * deciding, so the next load need not read or fold the events again.
   */
  appended(
    customerId: string,
    account: LoadedAccount,
    appended: {
      state: AccountState;
      lastRevision: number;
      lastHash: string | undefined;
      occurredAt: readonly BusinessDate[];
      keyed: readonly ({ commandId: string } & KeyedCommand)[];
    },
  ): void {
    const keyedCommands = new Map(account.keyedCommands);
    for (const { commandId, revision, requestHash } of appended.keyed) keyedCommands.set(commandId, { revision, requestHash });
    const latestOccurredAt = appended.occurredAt.reduce<BusinessDate | undefined>(laterOf, account.latestOccurredAt);
    const { state, lastRevision, lastHash } = appended;
    this.remember(customerId, { state, lastRevision, latestOccurredAt, keyedCommands, lastHash });
  }

  /**
   * An account another part of this process folded from the same stream (the policy engine's
   * book), kept unless the cache already holds it as far or further: the next load then reads
   * only what was appended after it. The expected revision still guards every append.
   */
  prime(customerId: string, account: LoadedAccount): void {
    const cached = this.cache.get(customerId);
    if (account.lastRevision === undefined || (cached?.lastRevision ?? -1) >= account.lastRevision) return;
    this.remember(customerId, account);
  }

  private remember(customerId: string, account: LoadedAccount): void {
    this.cache.set(customerId, account);
  }
}

function fold(account: LoadedAccount, events: RecordedEvent[]): LoadedAccount {
  const folded: FoldingAccount = { ...account, keyedCommands: new Map(account.keyedCommands) };
  for (const recorded of events)
    foldInto(folded, { event: toCollectionEvent(recorded), metadata: recorded.metadata, revision: recorded.revision });
  return folded;
}

/**
 * Folds one stored event into an account the caller owns: its state, its last revision, and the
 * keyed command it came from, and its hash (what the next append chains to). The one fold of the write side's view of a stream (an event of a
 * type this release does not know only moves the revision).
 */
export function foldInto(
  account: FoldingAccount,
  { event, metadata, revision }: { event: CollectionEvent | undefined; metadata: unknown; revision: number },
): void {
  const { idempotencyKey, commandId, requestHash, occurredAt } = metadata as Partial<CollectionEventMetadata>;
  if (event) {
    account.state = evolve(account.state, event);
    account.latestOccurredAt = laterOf(account.latestOccurredAt, occurredAt);
  }
  if (idempotencyKey !== undefined && commandId !== undefined) account.keyedCommands.set(commandId, { revision, requestHash });
  account.lastRevision = revision;
  account.lastHash = storedHashOf(metadata);
}
