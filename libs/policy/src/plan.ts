import {
  AccountState,
  ActiveAccount,
  BusinessDate,
  CollectionCommand,
  CollectionEvent,
  CurrencyCode,
  InvoiceState,
  PaymentPlanState,
  ReminderChannel,
  addDays,
  daysBetween,
  decide,
  dueThrough,
  evolve,
  formatMoney,
  isWithinDaysOf,
  promiseShortfall,
} from '@collections/domain';
import { CollectionPolicy, MinimumBalances, minimumFor } from './collection-policy';
import { lateDisputeReminders } from './dispute-owners';
import { idempotencyKeyOf, policyIds } from './ids';
import { PlanningContext, ResolvedPolicy, resolvePolicy } from './planning-context';
import { CashPause, CashPauseReason, NO_CASH_PAUSE, cashPauseOf, cashPauseReason, suppressionOf } from './suppression';

/**
 * What the collection policy asks for on a business date: the commands the policy engine sends
 * through the command side for one customer. Pure and deterministic — the same account, policy
 * and date give the same commands with the same ids, in the same order — so a second run for the
 * same date, after the first run's events were appended, plans nothing new.
 *
 * The rules run in this order, each on the account as the earlier commands leave it (the planner
 * folds each command through `decide` and `evolve`), so a promise broken today no longer holds a
 * reminder back and a missed installment ends the plan's protection at once:
 *   1. overdue detection, 2. payment plans (installments paid or missed), 3. promises (kept or
 *   broken), 4. reminders to the owners of late disputes, 5. final notice, 6. the combined
 *   reminder, 7. escalations, 8. call tasks.
 *
 * Nobody is dunned for money already received: while the customer's unapplied cash covers what is
 * overdue in a currency, or unidentified cash naming them waits (`cashPauseOf`), the rules that
 * dun, escalate, call, break promises or miss installments leave them alone (suppression.ts).
 */
export function planCollectionActions(
  account: AccountState,
  policy: CollectionPolicy,
  date: BusinessDate,
  context: PlanningContext = {},
): CollectionCommand[] {
  if (account.status !== 'active') return [];
  const resolved = resolvePolicy(policy, context);
  return plan(account, resolved, date, cashPauseOf(account, resolved.policy, date, context.unidentifiedCash));
}

/** A plan, and what the cash rules held back from it: the commands the policy would otherwise have planned. */
export interface ExplainedPlan {
  commands: CollectionCommand[];
  heldBack?: { reason: CashPauseReason; commands: CollectionCommand[] };
}

/**
 * `planCollectionActions`, and what the cash rules held back, so a run can say why a customer was
 * left alone. Plans a second time (without the cash rules) only when they apply to the customer.
 */
export function explainCollectionPlan(
  account: AccountState,
  policy: CollectionPolicy,
  date: BusinessDate,
  context: PlanningContext = {},
): ExplainedPlan {
  if (account.status !== 'active') return { commands: [] };
  const resolved = resolvePolicy(policy, context);
  const pause = cashPauseOf(account, resolved.policy, date, context.unidentifiedCash);
  const commands = plan(account, resolved, date, pause);
  if (pause.waiting.length === 0 && pause.covered.size === 0) return { commands };
  const planned = new Set(commands.map(idempotencyKeyOf));
  const withheld = plan(account, resolved, date, NO_CASH_PAUSE).filter((command) => !planned.has(idempotencyKeyOf(command)));
  if (withheld.length === 0) return { commands };
  return { commands, heldBack: { reason: pause.waiting.length > 0 ? 'unidentified_cash_waiting' : 'cash_to_apply', commands: withheld } };
}

function plan(account: ActiveAccount, resolved: ResolvedPolicy, date: BusinessDate, pause: CashPause): CollectionCommand[] {
  const planner = new Planner(account, date, pause);
  planner.detectOverdue();
  planner.monitorPaymentPlans(resolved.policy);
  planner.judgePromises(resolved.policy);
  planner.remindDisputeOwners();
  if (!resolved.excluded) {
    planner.dun(resolved.policy);
    planner.escalate(resolved.policy);
    planner.scheduleCalls(resolved.policy);
  }
  return planner.commands;
}

class Planner {
  readonly commands: CollectionCommand[] = [];

  constructor(
    private account: ActiveAccount,
    private readonly date: BusinessDate,
    private readonly pause: CashPause,
  ) {}

  /** Records a command and folds what it decides, so later rules see its effect. */
  private issue(command: CollectionCommand): void {
    const events: CollectionEvent[] = decide(command, this.account);
    this.account = events.reduce<AccountState>((state, event) => evolve(state, event), this.account) as ActiveAccount;
    this.commands.push(command);
  }

  private openInvoices(): InvoiceState[] {
    return [...this.account.invoices.values()]
      .filter((invoice) => invoice.balance > 0)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.invoiceId.localeCompare(b.invoiceId));
  }

  private daysPastDue(invoice: InvoiceState): number {
    return daysBetween(invoice.dueOn, this.date);
  }

  /** InvoiceOverdue the first day an invoice is past due and unpaid (or the first run after it). */
  detectOverdue(): void {
    for (const invoice of this.openInvoices()) {
      if (invoice.overdueOn === undefined && this.date > invoice.dueOn && this.date >= invoice.issuedOn) {
        this.issue({ type: 'MarkInvoiceOverdue', data: { invoiceId: invoice.invoiceId, detectedOn: this.date } });
      }
    }
  }

  /** Installments covered by payments are confirmed; one unpaid past its date plus grace is missed. */
  monitorPaymentPlans(policy: CollectionPolicy): void {
    for (const plan of sortedBy([...this.account.paymentPlans.values()], (p) => p.planId)) {
      if (plan.status !== 'current' || this.date < plan.agreedOn) continue;
      for (const installment of plan.installments) {
        const current = this.account.paymentPlans.get(plan.planId) as PaymentPlanState;
        if (current.status !== 'current' || installment.status !== 'due') continue;
        if (current.paid >= dueThrough(current, installment.number)) {
          this.issue({
            type: 'ConfirmInstallmentPaid',
            data: { planId: plan.planId, installmentNumber: installment.number, paidOn: this.date },
          });
        } else if (daysBetween(installment.dueOn, this.date) > policy.installmentGraceDays) {
          // A missed installment defaults the plan: the later ones are not judged. Cash on the
          // way (cashPauseReason) may be the installment: it waits, and so do the later ones.
          if (cashPauseReason(this.pause, current.currency) !== undefined) break;
          this.issue({
            type: 'DeclareInstallmentMissed',
            data: { planId: plan.planId, installmentNumber: installment.number, detectedOn: this.date },
          });
        } else {
          break;
        }
      }
    }
  }

  /** A promise paid in full is kept at once; one still short after its date plus tolerance is broken. */
  judgePromises(policy: CollectionPolicy): void {
    for (const promise of sortedBy([...this.account.promises.values()], (p) => p.promiseId)) {
      if (promise.status !== 'open' || this.date < promise.madeOn) continue;
      if (promiseShortfall(this.account, promise) === 0) {
        this.issue({ type: 'ConfirmPromiseKept', data: { promiseId: promise.promiseId, keptOn: this.date } });
      } else if (
        daysBetween(promise.promisedFor, this.date) > policy.promiseToleranceDays &&
        // Cash on the way may be the promised payment: the promise is not judged broken meanwhile.
        cashPauseReason(this.pause, promise.currency) === undefined
      ) {
        // decide records what was paid and the shortfall, so a partial payment shows as such.
        this.issue({ type: 'DeclarePromiseBroken', data: { promiseId: promise.promiseId, brokenOn: this.date } });
      }
    }
  }

  /** The owners of disputes past their target date, once per target date (even for a customer excluded from dunning). */
  remindDisputeOwners(): void {
    for (const command of lateDisputeReminders(this.account, this.date)) this.issue(command);
  }

  /** Open invoices that dunning may act on today (no suppression reason). */
  private dunnable(policy: CollectionPolicy): InvoiceState[] {
    return this.openInvoices().filter(
      (invoice) => invoice.issuedOn <= this.date && suppressionOf(this.account, invoice, policy, this.date, this.pause) === undefined,
    );
  }

  /** The final notice, then one combined reminder at the highest level due. */
  dun(policy: CollectionPolicy): void {
    const rule = policy.finalNotice;
    const dunnable = this.dunnable(policy);
    const noticeDue = meetingMinimum(
      dunnable.filter(
        (invoice) =>
          this.daysPastDue(invoice) >= rule.daysPastDue && this.account.dunning.get(invoice.invoiceId)?.finalNoticeOn === undefined,
      ),
      rule.minimumBalance,
    );
    if (noticeDue.length > 0) {
      const invoiceIds = noticeDue.map((invoice) => invoice.invoiceId);
      this.issue({
        type: 'SendFinalNotice',
        data: {
          noticeId: policyIds.finalNotice(this.date, invoiceIds),
          invoiceIds,
          channel: rule.channel,
          sentOn: this.date,
          referralOn: addDays(this.date, rule.referralAfterDays),
        },
      });
    }
    // Invoices with a final notice are past reminders; the ladder is for the rest.
    const ladder = dunnable.filter((invoice) => this.account.dunning.get(invoice.invoiceId)?.finalNoticeOn === undefined);
    const levelDue = new Map<string, number>();
    for (const level of policy.levels) {
      const reached = meetingMinimum(
        ladder.filter((invoice) => this.daysPastDue(invoice) >= level.daysPastDue),
        level.minimumBalance,
      );
      for (const invoice of reached) levelDue.set(invoice.invoiceId, level.level);
    }
    const listed = ladder.filter((invoice) => levelDue.has(invoice.invoiceId));
    const behind = listed.filter(
      (invoice) => (levelDue.get(invoice.invoiceId) ?? 0) > (this.account.dunning.get(invoice.invoiceId)?.level ?? 0),
    );
    if (behind.length === 0) return;
    // One letter per customer, at the highest level due on any invoice it lists.
    const levelNumber = Math.max(...listed.map((invoice) => levelDue.get(invoice.invoiceId) ?? 0));
    const level = policy.levels[levelNumber - 1];
    const invoiceIds = listed.map((invoice) => invoice.invoiceId);
    if (level.channel === 'call_task') {
      this.issue({
        type: 'ScheduleCallTask',
        data: {
          taskId: policyIds.dunningCall(this.date, level.level, invoiceIds),
          reason: 'dunning',
          invoiceIds,
          ...this.assignee(),
          dueOn: this.date,
          scheduledOn: this.date,
          level: level.level,
        },
      });
      return;
    }
    const channel: ReminderChannel = level.channel;
    this.issue({
      type: 'SendReminder',
      data: {
        reminderId: policyIds.reminder(this.date, level.level, invoiceIds),
        invoiceIds,
        level: level.level,
        channel,
        template: level.template,
        sentOn: this.date,
      },
    });
  }

  /** Agency referral (a proposal unless the policy makes it automatic) and write-off proposals. */
  escalate(policy: CollectionPolicy): void {
    // Proposed once per invoice and kind, whatever a manager decided: a declined proposal is not
    // put to them again, an accepted one was carried out. A declined referral still leads to a
    // write-off proposal when that threshold comes.
    const proposed = (invoice: InvoiceState, kind: 'agency_referral' | 'write_off') =>
      [...this.account.escalationProposals.values()].some((p) => p.kind === kind && p.invoiceIds.includes(invoice.invoiceId));
    const referral = policy.agencyReferral;
    const referable = meetingMinimum(
      this.dunnable({ ...policy, quietPeriodDays: 0 }).filter((invoice) => {
        const dunning = this.account.dunning.get(invoice.invoiceId);
        return (
          dunning?.referralOn !== undefined &&
          this.date >= dunning.referralOn &&
          this.daysPastDue(invoice) >= referral.daysPastDue &&
          !proposed(invoice, 'agency_referral')
        );
      }),
      referral.minimumBalance,
    );
    if (referable.length > 0) {
      const invoiceIds = referable.map((invoice) => invoice.invoiceId);
      const reason = this.thresholdReason(policy, 'agency referral', referable, referral.daysPastDue, referral.minimumBalance);
      if (referral.automatic && referral.agency !== undefined) {
        this.issue({
          type: 'ReferToAgency',
          data: {
            referralId: policyIds.referral(this.date, invoiceIds),
            agency: referral.agency,
            invoiceIds,
            reason,
            referredOn: this.date,
          },
        });
      } else {
        this.issue({
          type: 'ProposeEscalation',
          data: {
            proposalId: policyIds.proposal('agency_referral', this.date, invoiceIds),
            kind: 'agency_referral',
            invoiceIds,
            reason,
            proposedOn: this.date,
          },
        });
      }
    }
    // An agency may still hold the invoices: a write-off is what follows when it fails too.
    const writeOff = policy.writeOffProposal;
    const writable = meetingMinimum(
      this.openInvoices().filter((invoice) => {
        const why = suppressionOf(this.account, invoice, { ...policy, quietPeriodDays: 0 }, this.date, this.pause);
        return (
          (why === undefined || why === 'with_agency') &&
          this.daysPastDue(invoice) >= writeOff.daysPastDue &&
          !proposed(invoice, 'write_off')
        );
      }),
      writeOff.minimumBalance,
    );
    if (writable.length > 0) {
      const invoiceIds = writable.map((invoice) => invoice.invoiceId);
      this.issue({
        type: 'ProposeEscalation',
        data: {
          proposalId: policyIds.proposal('write_off', this.date, invoiceIds),
          kind: 'write_off',
          invoiceIds,
          reason: this.thresholdReason(policy, 'write-off', writable, writeOff.daysPastDue, writeOff.minimumBalance),
          proposedOn: this.date,
        },
      });
    }
  }

  /** Calls before plan installments fall due, and follow-ups for high-value accounts. */
  scheduleCalls(policy: CollectionPolicy): void {
    for (const plan of sortedBy([...this.account.paymentPlans.values()], (p) => p.planId)) {
      if (plan.status !== 'current' || cashPauseReason(this.pause, plan.currency) !== undefined) continue;
      const invoiceIds = plan.invoiceIds.filter((id) => (this.account.invoices.get(id)?.balance ?? 0) > 0);
      for (const installment of plan.installments) {
        const daysAhead = daysBetween(this.date, installment.dueOn);
        const taskId = policyIds.installmentCall(plan.planId, installment.number);
        if (
          installment.status === 'due' &&
          daysAhead >= 0 &&
          daysAhead <= policy.installmentCallDaysBefore &&
          plan.paid < dueThrough(plan, installment.number) &&
          invoiceIds.length > 0 &&
          !this.account.callTasks.has(taskId)
        ) {
          this.issue({
            type: 'ScheduleCallTask',
            data: {
              taskId,
              reason: 'installment_due',
              invoiceIds,
              ...this.assignee(),
              dueOn: this.date,
              scheduledOn: this.date,
              planId: plan.planId,
              installmentNumber: installment.number,
            },
          });
        }
      }
    }
    this.followUpHighValue(policy);
  }

  private followUpHighValue(policy: CollectionPolicy): void {
    const { minimumBalance, followUpEveryDays } = policy.highValue;
    const overdue = this.dunnable({ ...policy, quietPeriodDays: 0 }).filter((invoice) => this.daysPastDue(invoice) > 0);
    const totals = totalsByCurrency(overdue);
    const highValue = [...totals].some(([currency, total]) => currency in minimumBalance && total >= minimumFor(minimumBalance, currency));
    if (!highValue) return;
    const recent = (on: BusinessDate | undefined) => on !== undefined && isWithinDaysOf(on, followUpEveryDays, this.date);
    const lastFollowUp = [...this.account.callTasks.values()]
      .filter((task) => task.reason === 'high_value_follow_up')
      .map((task) => task.scheduledOn)
      .sort()
      .pop();
    if (recent(this.account.lastContactOn) || recent(lastFollowUp)) return;
    const invoiceIds = overdue.map((invoice) => invoice.invoiceId);
    this.issue({
      type: 'ScheduleCallTask',
      data: {
        taskId: policyIds.highValueCall(this.date),
        reason: 'high_value_follow_up',
        invoiceIds,
        ...this.assignee(),
        dueOn: this.date,
        scheduledOn: this.date,
      },
    });
  }

  private assignee(): { collectorId?: string } {
    return this.account.collectorId === undefined ? {} : { collectorId: this.account.collectorId };
  }

  private thresholdReason(
    policy: CollectionPolicy,
    what: string,
    invoices: InvoiceState[],
    days: number,
    minimums: MinimumBalances,
  ): string {
    const oldest = Math.max(...invoices.map((invoice) => this.daysPastDue(invoice)));
    const balances = [...totalsByCurrency(invoices)]
      .map(([currency, total]) => `${formatMoney(total, currency)} (minimum ${formatMoney(minimumFor(minimums, currency), currency)})`)
      .join(', ');
    return `Policy ${policy.name} v${policy.version}, ${what}: ${oldest} days past due (threshold ${days}), ${balances}`;
  }
}

/** The invoices whose currency's total (over these invoices) reaches the minimum for it. */
function meetingMinimum(invoices: InvoiceState[], minimums: MinimumBalances): InvoiceState[] {
  const totals = totalsByCurrency(invoices);
  return invoices.filter((invoice) => (totals.get(invoice.currency) ?? 0) >= minimumFor(minimums, invoice.currency));
}

function totalsByCurrency(invoices: InvoiceState[]): Map<CurrencyCode, number> {
  const totals = new Map<CurrencyCode, number>();
  for (const invoice of invoices) totals.set(invoice.currency, (totals.get(invoice.currency) ?? 0) + invoice.balance);
  return new Map([...totals].sort(([a], [b]) => a.localeCompare(b)));
}

function sortedBy<T>(items: T[], key: (item: T) => string): T[] {
  return items.sort((a, b) => key(a).localeCompare(key(b)));
}
