import { formatMoney, isUnidentifiedCashEvent } from '@collections/domain';
import { EventHandler, InMemoryCheckpointStore, StoredCollectionEvent } from '@collections/event-processor';

interface InvoiceEntry {
  invoiceId: string;
  customerId: string;
  currency: string;
  balance: number;
}

/**
 * Who owns what, for telling whose a bank payment is: every invoice's customer and open balance,
 * every payer account a customer is known by, and every payment id recorded anywhere. A handler
 * of an event processor, in memory (its checkpoint too): whoever imports catches it up first and
 * then reads only what was appended since. It is a hint for identifying the customer: what is
 * applied to which invoice is decided on the customer's account itself, with the expected revision.
 */
export class CashDirectory implements EventHandler<undefined> {
  readonly name = 'cash-directory';
  readonly checkpoints = new InMemoryCheckpointStore();
  readonly eventTypes = [
    'InvoiceRegistered',
    'PaymentReceived',
    'CreditMemoIssued',
    'CashApplied',
    'CashUnapplied',
    'WrittenOff',
    'PayerAccountRecorded',
    'UnappliedCashReceived',
    'UnidentifiedCashReceived',
  ] as const;

  /** Invoice ids are chosen by each customer's biller, so two customers may share one. */
  private readonly invoices = new Map<string, InvoiceEntry[]>();
  private readonly payerAccounts = new Map<string, Set<string>>();
  /** `currency:balance` → invoices with that open balance: candidates for money nobody can place. */
  private readonly byBalance = new Map<string, Set<InvoiceEntry>>();
  private readonly payments = new Set<string>();

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const { event, customerId } of events) {
      if (isUnidentifiedCashEvent(event)) {
        if (event.type === 'UnidentifiedCashReceived') this.payments.add(event.data.paymentId);
        continue;
      }
      switch (event.type) {
        case 'InvoiceRegistered': {
          const { invoiceId, currency, amount } = event.data;
          const entry = { invoiceId, customerId, currency, balance: 0 };
          this.invoices.set(invoiceId, [...(this.invoices.get(invoiceId) ?? []), entry]);
          this.move(invoiceId, customerId, amount);
          break;
        }
        case 'PaymentReceived':
          this.payments.add(event.data.paymentId);
          this.move(event.data.invoiceId, customerId, -event.data.amount);
          break;
        case 'CreditMemoIssued':
          this.move(event.data.invoiceId, customerId, -event.data.amount);
          break;
        case 'CashApplied':
          for (const { invoiceId, amount } of event.data.allocations) this.move(invoiceId, customerId, -amount);
          break;
        case 'CashUnapplied':
          for (const { invoiceId, amount } of event.data.allocations) this.move(invoiceId, customerId, amount);
          break;
        case 'WrittenOff':
          for (const { invoiceId, amount } of event.data.invoices) this.move(invoiceId, customerId, -amount);
          break;
        case 'PayerAccountRecorded':
          this.payerAccounts.set(event.data.account, (this.payerAccounts.get(event.data.account) ?? new Set()).add(customerId));
          break;
        case 'UnappliedCashReceived':
          this.payments.add(event.data.paymentId);
          break;
      }
    }
  }

  /** Whether a payment with this id was recorded anywhere, on an account or as unidentified cash. */
  hasPayment(paymentId: string): boolean {
    return this.payments.has(paymentId);
  }

  /** The customers known to pay from this account. */
  customersPayingFrom(account: string): string[] {
    return [...(this.payerAccounts.get(account) ?? [])].sort();
  }

  /** The customers who have an invoice with this id. */
  ownersOf(invoiceId: string): string[] {
    return [...new Set((this.invoices.get(invoiceId) ?? []).map(({ customerId }) => customerId))].sort();
  }

  /** Customers with an open invoice of exactly this balance, and why each is a candidate. */
  candidatesByAmount(amount: number, currency: string, limit: number): { customerId: string; reason: string }[] {
    const found = [...(this.byBalance.get(`${currency}:${amount}`) ?? [])].sort((a, b) => a.invoiceId.localeCompare(b.invoiceId));
    return found.slice(0, limit).map(({ customerId, invoiceId }) => ({
      customerId,
      reason: `invoice ${invoiceId} is open for exactly ${formatMoney(amount, currency)}`,
    }));
  }

  /** Moves an invoice's open balance, keeping the index by balance in step. */
  private move(invoiceId: string, customerId: string, change: number): void {
    const entry = this.invoices.get(invoiceId)?.find((each) => each.customerId === customerId);
    if (!entry) return;
    this.unindex(entry);
    entry.balance = Math.max(0, entry.balance + change);
    if (entry.balance > 0) {
      const key = `${entry.currency}:${entry.balance}`;
      this.byBalance.set(key, (this.byBalance.get(key) ?? new Set()).add(entry));
    }
  }

  private unindex(entry: InvoiceEntry): void {
    const key = `${entry.currency}:${entry.balance}`;
    const set = this.byBalance.get(key);
    if (!set) return;
    set.delete(entry);
    if (set.size === 0) this.byBalance.delete(key);
  }
}
