import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AccountWriter, Actor, CustomerAccounts, UnidentifiedCashWriter, isCommandRefusal } from '@collections/accounts';
import { ActiveAccount, Allocation, CashApplicationRule, CashCandidate, DomainError, ReceiveCash, ReceivedCash } from '@collections/domain';
import { EventProcessor } from '@collections/event-processor';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { placeCash } from '../matching/allocate';
import { CashDirectory } from '../matching/cash-directory';
import { referencesIn, remittanceText } from '../matching/references';
import { ParsedStatement, StatementEntry } from '../statements/bank-statement';

export type EntryOutcome = 'applied' | 'unapplied' | 'unidentified' | 'already-imported' | 'skipped' | 'refused';

/** What became of one statement entry. */
export interface ImportedEntry {
  reference: string;
  source: string;
  amount: number;
  currency: string;
  outcome: EntryOutcome;
  /** The payment id it was recorded under (derived from the statement account and the bank's reference). */
  paymentId?: string;
  customerId?: string;
  /** How the customer was found: by the account it paid from, or the invoices its remittance names. */
  identifiedBy?: 'payer-account' | 'remittance-reference';
  rule?: CashApplicationRule;
  allocations?: Allocation[];
  /** What stayed unapplied on the account. */
  unapplied?: number;
  candidates?: CashCandidate[];
  /** Why it was skipped or refused. */
  reason?: string;
  /** The payer account this entry taught its customer (kept only while the import runs). */
  learnedAccount?: string;
}

export interface StatementImportReport {
  format: ParsedStatement['format'];
  entries: number;
  counts: Record<EntryOutcome, number>;
  items: ImportedEntry[];
}

export interface StatementImportOptions {
  actor: Actor;
  /** Whether the policy lets cash nobody referenced go to the oldest invoices first. */
  oldestFirst: boolean;
  onEntry?: (entry: ImportedEntry) => void;
}

/** Customers imported at once; one customer's entries go one after another, so each sees the last. */
const CUSTOMERS_IN_FLIGHT = 64;
/** How many customers an unidentified payment lists as candidates at most. */
const MAX_CANDIDATES = 5;

/**
 * Books a parsed bank statement: each credit becomes a payment, once (its id derives from the
 * bank's reference, so a second import appends nothing). The customer is found by the account it
 * paid from or by the invoices its remittance names; on that customer's account the matcher
 * (`placeCash`) decides where it goes and the rule is recorded with it; what nobody can place
 * stays unapplied cash, and money whose customer nobody can tell waits as unidentified cash.
 */
@Injectable()
export class StatementImporter {
  private readonly directory = new CashDirectory();
  private readonly processor: EventProcessor;
  /** Imports run one at a time: each matches against the directory as the one before left it. */
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    private readonly writer: AccountWriter,
    private readonly accounts: CustomerAccounts,
    private readonly unidentified: UnidentifiedCashWriter,
  ) {
    this.processor = new EventProcessor(store, [this.directory]);
  }

  import(statement: ParsedStatement, options: StatementImportOptions): Promise<StatementImportReport> {
    const run = this.running.then(() => this.importNow(statement, options));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async importNow(statement: ParsedStatement, options: StatementImportOptions): Promise<StatementImportReport> {
    await this.processor.catchUp();
    const items: ImportedEntry[] = new Array(statement.entries.length);
    const byCustomer = new Map<string, number[]>();
    const nobody: number[] = [];
    statement.entries.forEach((entry, index) => {
      const found = this.identify(entry);
      if ('outcome' in found) {
        items[index] = found;
        options.onEntry?.(found);
      } else if (found.customerId === undefined) nobody.push(index);
      else byCustomer.set(found.customerId, [...(byCustomer.get(found.customerId) ?? []), index]);
    });
    const book = async (index: number, customerId: string | undefined, byAccountLearnedNow = false): Promise<void> => {
      const entry = statement.entries[index];
      items[index] =
        customerId === undefined
          ? await this.bookUnidentified(entry, options)
          : await this.bookOnAccount(entry, customerId, options, byAccountLearnedNow);
      options.onEntry?.(items[index]);
    };
    const bookAll = (customers: Map<string, number[]>, byAccountLearnedNow: boolean) =>
      inBatches([...customers], CUSTOMERS_IN_FLIGHT, async ([customerId, indexes]) => {
        for (const index of indexes) await book(index, customerId, byAccountLearnedNow);
      });
    const learned = new Map<string, Set<string>>();
    await bookAll(byCustomer, false);
    // Accounts this import learned (a payment its remittance identified) tell whose the rest is.
    for (const item of items) {
      const account = item?.learnedAccount;
      if (account !== undefined) learned.set(account, (learned.get(account) ?? new Set()).add(item.customerId!));
    }
    const nowKnown = new Map<string, number[]>();
    const stillNobody: number[] = [];
    for (const index of nobody) {
      const owners = learned.get(statement.entries[index].payer.account ?? '');
      if (owners?.size === 1) nowKnown.set([...owners][0], [...(nowKnown.get([...owners][0]) ?? []), index]);
      else stillNobody.push(index);
    }
    await bookAll(nowKnown, true);
    await inBatches(stillNobody, CUSTOMERS_IN_FLIGHT, (index) => book(index, undefined));
    for (const item of items) delete item.learnedAccount;
    const counts: Record<EntryOutcome, number> = {
      applied: 0,
      unapplied: 0,
      unidentified: 0,
      'already-imported': 0,
      skipped: 0,
      refused: 0,
    };
    for (const item of items) counts[item.outcome]++;
    return { format: statement.format, entries: items.length, counts, items };
  }

  /** The entry's customer (undefined: nobody can tell), or what became of it if it is no payment to book. */
  private identify(entry: StatementEntry): { customerId: string | undefined } | ImportedEntry {
    const base = this.describe(entry);
    if (entry.direction === 'debit') return { ...base, outcome: 'skipped', reason: 'a debit: money paid out, not received' };
    if (entry.reversal) return { ...base, outcome: 'skipped', reason: 'a reversal of an earlier entry: a person must review it' };
    if (this.directory.hasPayment(base.paymentId!)) return { ...base, outcome: 'already-imported' };
    const payerAccount = entry.payer.account;
    const byAccount = payerAccount === undefined ? [] : this.directory.customersPayingFrom(payerAccount);
    if (byAccount.length === 1) return { customerId: byAccount[0] };
    const owners = new Set(referencesIn(entry.remittance).flatMap((reference) => this.directory.ownersOf(reference)));
    return { customerId: owners.size === 1 && byAccount.length === 0 ? [...owners][0] : undefined };
  }

  private async bookOnAccount(
    entry: StatementEntry,
    customerId: string,
    options: StatementImportOptions,
    byAccountLearnedNow: boolean,
  ): Promise<ImportedEntry> {
    const base = { ...this.describe(entry), customerId };
    const paymentId = base.paymentId!;
    const payerAccount = entry.payer.account;
    const identifiedBy =
      byAccountLearnedNow || (payerAccount !== undefined && this.directory.customersPayingFrom(payerAccount).includes(customerId))
        ? 'payer-account'
        : 'remittance-reference';
    // What a later entry of this import from the same account may be identified by.
    const learned = identifiedBy === 'remittance-reference' && payerAccount !== undefined ? { learnedAccount: payerAccount } : {};
    const account = (await this.accounts.load(customerId)).state;
    const placement =
      account.status === 'active'
        ? placeCash(
            account,
            { amount: entry.amount, currency: entry.currency, receivedOn: entry.bookedOn, references: referencesIn(entry.remittance) },
            options,
          )
        : undefined;
    const received: ReceiveCash['data'] = {
      ...receivedCashOf(entry, paymentId),
      learnPayerAccount: identifiedBy === 'remittance-reference' && payerAccount !== undefined,
    };
    const application = placement && { applicationId: paymentId, ...placement };
    const deductions = application && account.status === 'active' ? deductionsOf(entry, paymentId, application.allocations, account) : [];
    const send = (data: ReceiveCash['data']) =>
      this.writer.write(customerId, [
        {
          command: { type: 'ReceiveCash', data },
          origin: { actor: options.actor, idempotencyKey: `bank:${paymentId}`, keyScope: 'service' },
        },
      ]);
    try {
      const outcome = await send({
        ...received,
        ...(application ? { application } : {}),
        ...(deductions.length > 0 ? { deductions } : {}),
      });
      if (outcome.appended.length === 0) return { ...base, outcome: 'already-imported' };
    } catch (error) {
      if (!isCommandRefusal(error)) throw error;
      // The account moved since the matcher looked, or a rule refused the application: the money is still received.
      if (!application) return { ...base, outcome: 'refused', reason: error.message };
      try {
        await send(received);
      } catch (again) {
        if (!isCommandRefusal(again)) throw again;
        return { ...base, outcome: 'refused', reason: again.message };
      }
      return { ...base, ...learned, identifiedBy, outcome: 'unapplied', unapplied: entry.amount, reason: error.message };
    }
    if (!application) return { ...base, ...learned, identifiedBy, outcome: 'unapplied', unapplied: entry.amount };
    const applied = application.allocations.reduce((sum, { amount }) => sum + amount, 0);
    return {
      ...base,
      ...learned,
      identifiedBy,
      outcome: 'applied',
      rule: application.rule,
      allocations: application.allocations,
      unapplied: entry.amount - applied,
    };
  }

  private async bookUnidentified(entry: StatementEntry, options: StatementImportOptions): Promise<ImportedEntry> {
    const base = this.describe(entry);
    const named = referencesIn(entry.remittance).flatMap((reference) =>
      this.directory.ownersOf(reference).map((customerId) => ({ customerId, reason: `the remittance names its invoice ${reference}` })),
    );
    const payerAccount = entry.payer.account;
    const paying = payerAccount === undefined ? [] : this.directory.customersPayingFrom(payerAccount);
    const byAccount = paying.map((customerId) => ({ customerId, reason: `it has paid from ${payerAccount} before` }));
    const candidates = uniqueByCustomer([
      ...byAccount,
      ...named,
      ...this.directory.candidatesByAmount(entry.amount, entry.currency, MAX_CANDIDATES),
    ]).slice(0, MAX_CANDIDATES);
    try {
      await this.unidentified.write(
        {
          type: 'ReceiveUnidentifiedCash',
          data: { ...receivedCashOf(entry, base.paymentId!), candidates },
        },
        { actor: options.actor },
      );
    } catch (error) {
      if (error instanceof DomainError && error.code === 'duplicate-id') return { ...base, outcome: 'already-imported' };
      if (!isCommandRefusal(error)) throw error;
      return { ...base, outcome: 'refused', reason: error.message };
    }
    return { ...base, outcome: 'unidentified', candidates };
  }

  private describe(entry: StatementEntry): ImportedEntry {
    const { reference, source, amount, currency } = entry;
    return { reference, source, amount, currency, outcome: 'skipped', paymentId: paymentIdOf(entry) };
  }
}

/**
 * A bank payment's id: derived from the statement's account and the bank's reference for the
 * entry, which banks keep unique per account, so the same entry in a later statement, or the
 * same file imported again, is the same payment.
 */
export function paymentIdOf(entry: Pick<StatementEntry, 'statementAccount' | 'reference'>): string {
  const digest = createHash('sha256')
    .update(`${entry.statementAccount ?? ''}\n${entry.reference}`)
    .digest('hex');
  return `bank-${digest.slice(0, 32)}`;
}

/** Deductions the remittance says were taken from invoices the payment went to, as far as their balance is still open. */
function deductionsOf(entry: StatementEntry, paymentId: string, allocations: readonly Allocation[], account: ActiveAccount) {
  const left = new Map(allocations.map(({ invoiceId, amount }) => [invoiceId, (account.invoices.get(invoiceId)?.balance ?? 0) - amount]));
  return entry.remittance.deductions.flatMap(({ reference, amount, reason }, index) => {
    const invoiceId = reference ?? (allocations.length === 1 ? allocations[0].invoiceId : undefined);
    if (invoiceId === undefined || (left.get(invoiceId) ?? 0) < amount) return [];
    left.set(invoiceId, (left.get(invoiceId) ?? 0) - amount);
    return [{ deductionId: `${paymentId}-d${index + 1}`, invoiceId, amount, reason }];
  });
}

/** What the events keep of a statement entry: the money, when it was booked, who paid it and what they wrote. */
function receivedCashOf(entry: StatementEntry, paymentId: string): ReceivedCash {
  return {
    paymentId,
    amount: entry.amount,
    currency: entry.currency,
    receivedOn: entry.bookedOn,
    ...(entry.valueOn === entry.bookedOn ? {} : { valueOn: entry.valueOn }),
    ...payerOf(entry),
    ...optional('remittance', remittanceText(entry.remittance)),
    bankReference: entry.reference,
  };
}

function payerOf(entry: StatementEntry): { payer?: { name?: string; account?: string } } {
  const payer = { ...optional('name', entry.payer.name), ...optional('account', entry.payer.account) };
  return Object.keys(payer).length === 0 ? {} : { payer };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === '' ? {} : { [key]: value }) as { [P in K]?: string };
}

function uniqueByCustomer(candidates: CashCandidate[]): CashCandidate[] {
  const seen = new Set<string>();
  return candidates.filter(({ customerId }) => !seen.has(customerId) && Boolean(seen.add(customerId)));
}

/** Runs `work` on every item, at most `limit` at once. */
async function inBatches<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
