import { mean, median } from 'simple-statistics';
import { AccountState, BusinessDate, CollectionEvent, addDays, daysBetween } from '@collections/domain';

/** What one side of a what-if did over the period: the figures the comparison puts side by side. */
export interface WhatIfFigures {
  /** Reminders and final notices, by level (`final` for the final notice) and channel. */
  letters: { level: string; channel: string; count: number }[];
  lettersTotal: number;
  /** Call tasks scheduled for collectors, in all and by reason. */
  callsScheduled: number;
  callsByReason: Record<string, number>;
  /** Escalation proposals (agency referral, legal action, write-off) by kind, and in all. */
  escalationProposals: number;
  escalationsByKind: Record<string, number>;
  /** Referrals to an agency the policy made by itself (automatic referral). */
  referrals: number;
  /** Days from an invoice's due date to its first reminder in the period (invoices reminded before it are left out). */
  daysToFirstReminder: DaysFigure;
  /** Days from an invoice's due date to the first call scheduled for it in the period. */
  daysToFirstCall: DaysFigure;
  /** Customers the policy contacted (a letter or a call) at least once. */
  customersContacted: number;
  /** The most contacts (letters and calls) any one customer got in one week (Monday to Sunday). */
  mostContactsInOneWeek: number;
  /** Contacts on an invoice whose dispute (or deduction) was open at the time: must be 0. */
  contactsWhileDisputeOpen: number;
  /** Contacts on an invoice with an open promise not yet due at the time: must be 0. */
  contactsWhilePromiseNotDue: number;
}

export interface DaysFigure {
  invoices: number;
  median: number | null;
  mean: number | null;
}

/** A contact the policy made: a letter or a call, on some invoices, on a day. */
interface Contact {
  on: BusinessDate;
  invoiceIds: readonly string[];
}

function contactOf(event: CollectionEvent): Contact | undefined {
  switch (event.type) {
    case 'ReminderSent':
    case 'FinalNoticeSent':
      return { on: event.data.sentOn, invoiceIds: event.data.invoiceIds };
    case 'CallTaskScheduled':
      return { on: event.data.scheduledOn, invoiceIds: event.data.invoiceIds };
    default:
      return undefined;
  }
}

/** The Monday of the week a day falls in. */
function weekOf(on: BusinessDate): BusinessDate {
  const weekday = (new Date(`${on}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(on, -weekday);
}

const daysFigure = (days: number[]): DaysFigure => ({
  invoices: days.length,
  median: days.length === 0 ? null : median(days),
  mean: days.length === 0 ? null : Math.round(mean(days) * 10) / 10,
});

/**
 * Counts what the policy engine did, one event at a time, each with the customer's account just
 * before it (to see the disputes and promises it found, and which invoices it had reminded
 * already). The recorded history and the replay go through the same tally, so the two sides of
 * the comparison are counted by the same rules.
 */
export class WhatIfTally {
  private readonly letters = new Map<string, number>();
  private readonly calls = new Map<string, number>();
  private readonly escalations = new Map<string, number>();
  private referrals = 0;
  private readonly toFirstReminder: number[] = [];
  private readonly toFirstCall: number[] = [];
  private readonly remindedInPeriod = new Set<string>();
  private readonly calledInPeriod = new Set<string>();
  private readonly contactsByWeek = new Map<string, number>();
  private readonly contacted = new Set<string>();
  private whileDisputed = 0;
  private whilePromised = 0;

  /** One event of the policy engine's, with the account before it. */
  observe(customerId: string, event: CollectionEvent, before: AccountState): void {
    if (before.status !== 'active') return;
    switch (event.type) {
      case 'ReminderSent':
        this.count(this.letters, `${event.data.level}\t${event.data.channel}`);
        this.firstFor(
          customerId,
          event.data.invoiceIds,
          event.data.sentOn,
          before,
          this.remindedInPeriod,
          this.toFirstReminder,
          'reminder',
        );
        break;
      case 'FinalNoticeSent':
        this.count(this.letters, `final\t${event.data.channel}`);
        break;
      case 'CallTaskScheduled':
        this.count(this.calls, event.data.reason);
        this.firstFor(customerId, event.data.invoiceIds, event.data.scheduledOn, before, this.calledInPeriod, this.toFirstCall, 'call');
        break;
      case 'EscalationProposed':
        this.count(this.escalations, event.data.kind);
        break;
      case 'ReferredToAgency':
        this.referrals++;
        break;
      default:
        break;
    }
    const contact = contactOf(event);
    if (contact === undefined) return;
    this.contacted.add(customerId);
    this.count(this.contactsByWeek, `${customerId}\t${weekOf(contact.on)}`);
    const onInvoice = (ids: readonly string[]) => ids.some((id) => contact.invoiceIds.includes(id));
    if ([...before.disputes.values()].some((dispute) => dispute.status === 'open' && onInvoice([dispute.invoiceId]))) this.whileDisputed++;
    if (
      [...before.promises.values()].some(
        (promise) => promise.status === 'open' && contact.on < promise.promisedFor && onInvoice(promise.invoiceIds),
      )
    ) {
      this.whilePromised++;
    }
  }

  figures(): WhatIfFigures {
    const letters = [...this.letters]
      .map(([key, count]) => {
        const [level, channel] = key.split('\t');
        return { level, channel, count };
      })
      .sort((a, b) => a.level.localeCompare(b.level, 'en', { numeric: true }) || a.channel.localeCompare(b.channel));
    const sum = (counts: Map<string, number>) => [...counts.values()].reduce((total, n) => total + n, 0);
    const sorted = (counts: Map<string, number>) => Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
    return {
      letters,
      lettersTotal: sum(this.letters),
      callsScheduled: sum(this.calls),
      callsByReason: sorted(this.calls),
      escalationProposals: sum(this.escalations),
      escalationsByKind: sorted(this.escalations),
      referrals: this.referrals,
      daysToFirstReminder: daysFigure(this.toFirstReminder),
      daysToFirstCall: daysFigure(this.toFirstCall),
      customersContacted: this.contacted.size,
      mostContactsInOneWeek: Math.max(0, ...this.contactsByWeek.values()),
      contactsWhileDisputeOpen: this.whileDisputed,
      contactsWhilePromiseNotDue: this.whilePromised,
    };
  }

  private count(counts: Map<string, number>, key: string): void {
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  /** Days from due date for each invoice contacted this way for the first time (not before the period, not earlier in it). */
  private firstFor(
    customerId: string,
    invoiceIds: readonly string[],
    on: BusinessDate,
    before: AccountState & { status: 'active' },
    seen: Set<string>,
    days: number[],
    kind: 'reminder' | 'call',
  ): void {
    for (const invoiceId of invoiceIds) {
      const key = `${customerId}\t${invoiceId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const invoice = before.invoices.get(invoiceId);
      if (invoice === undefined) continue;
      const earlier =
        kind === 'reminder'
          ? before.dunning.get(invoiceId)?.lastReminderOn !== undefined
          : [...before.callTasks.values()].some((task) => task.invoiceIds.includes(invoiceId));
      if (!earlier) days.push(daysBetween(invoice.dueOn, on));
    }
  }
}
