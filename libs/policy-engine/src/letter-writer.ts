import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AccountState, BusinessDate, Clock, DisputeOwnerReminded, FinalNoticeSent, ReminderSent, addDays } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { CheckpointStore, EventHandler, StoredCollectionEvent } from '@collections/event-processor';
import {
  ClosableLetterDelivery,
  DeliveryRun,
  Letter,
  LetterDelivery,
  LetterOutbox,
  LetterRenderError,
  LetterRenderer,
  LetterRequest,
  NextStep,
  PendingLetters,
  disputeReminderIdFor,
  isLetterEvent,
  isStaffMailEvent,
  letterIdFor,
} from '@collections/letters';
import { PolicyEngineConfig } from '@collections/config';
import { CollectionPolicy, selfServiceOf } from '@collections/policy';
import { CLOCK } from '@collections/platform';
import { AccountsAfterEvents } from './accounts-after-events';
import { EngineEvents } from './engine-events';
import { NO_POLICY_ENGINE_METRICS, POLICY_ENGINE_METRICS, PolicyEngineMetrics, meteredDelivery } from './engine-metrics';
import { POLICY_ENGINE_CONFIG } from './engine-tokens';
import { ENGINE_STORES, EngineStores } from './stores/engine-stores';
import { PoliciesInForce } from './policies-in-force';
import { RecipientDirectory } from './recipients';

export const LETTER_DELIVERY = Symbol('LetterDelivery');
export const LETTER_RENDERER = Symbol('LetterRenderer');
export const RECIPIENTS = Symbol('RecipientDirectory');

/**
 * Writes the letter of every reminder and final notice, whoever sent it: a handler of the
 * engine's event processor for ReminderSent and FinalNoticeSent, it renders each from the account
 * as it stood right after the event, and stores it in the outbox (by a deterministic id, so a
 * redelivered event stores nothing new) before anything tries to deliver it. `deliver()` then
 * hands what is pending to the delivery port; a failure leaves the letter in the outbox for the
 * next try. Each letter links to the customer's page for as long as the policy in force on its
 * date says. DisputeOwnerReminded is written the same way, as an e-mail to the dispute's owner
 * (DISPUTE_OWNER_EMAILS), kept in the outbox beside the letters but never listed among them.
 */
@Injectable()
export class LetterWriter implements EventHandler {
  readonly name = 'letters';
  readonly eventTypes = ['ReminderSent', 'FinalNoticeSent', 'DisputeOwnerReminded'] as const;
  readonly checkpoints: CheckpointStore;
  private readonly logger = new Logger('Letters');
  private readonly accounts: AccountsAfterEvents;
  private readonly outbox: LetterOutbox;
  /** The transport, counting each hand-over by channel for the process's metrics. */
  private readonly delivery: LetterDelivery;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(ENGINE_STORES) stores: EngineStores,
    @Inject(LETTER_DELIVERY) delivery: ClosableLetterDelivery,
    @Inject(LETTER_RENDERER) private readonly renderer: LetterRenderer,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(RECIPIENTS) private readonly recipients: RecipientDirectory,
    @Inject(POLICY_ENGINE_CONFIG) private readonly config: Pick<PolicyEngineConfig, 'disputeOwnerEmails'>,
    private readonly policies: PoliciesInForce,
    private readonly events: EngineEvents,
    @Optional() @Inject(POLICY_ENGINE_METRICS) metrics: PolicyEngineMetrics = NO_POLICY_ENGINE_METRICS,
  ) {
    this.checkpoints = stores.checkpoints;
    this.outbox = stores.outbox;
    this.delivery = meteredDelivery(delivery, metrics);
    this.accounts = new AccountsAfterEvents(store);
    events.processor.add(this);
  }

  /** Writes the letters of every reminder and notice stored so far. */
  catchUp(): Promise<void> {
    return this.events.processor.catchUp([this.name]);
  }

  /** What is still to be delivered now, claims of runs that died included. */
  waiting(): Promise<PendingLetters> {
    return this.outbox.pendingLetters(this.clock.now());
  }

  /** A shutdown under way: `deliver()` ends after the batch in hand (the rest waits in the outbox). */
  private stopping = false;

  stopDelivering(): void {
    this.stopping = true;
  }

  /** Hands the pending letters that are due to the delivery port. */
  async deliver(): Promise<DeliveryRun> {
    const total: DeliveryRun = { delivered: [], failed: [] };
    while (!this.stopping) {
      const run = await this.outbox.deliverPending(this.delivery, { now: this.clock.now(), limit: 500 });
      total.delivered.push(...run.delivered);
      total.failed.push(...run.failed);
      for (const failure of run.failed) {
        this.logger.warn(
          `Letter ${failure.letterId} not delivered (attempt ${failure.attempts}, next ${failure.nextAttemptAt}): ${failure.error}`,
        );
      }
      if (run.delivered.length + run.failed.length < 500) return total;
    }
    return total;
  }

  async handle(events: readonly StoredCollectionEvent[]): Promise<void> {
    for (const stored of events) await this.write(stored);
  }

  private async write(stored: StoredCollectionEvent): Promise<void> {
    const { event, customerId } = stored;
    if (isStaffMailEvent(event)) return this.writeDisputeReminder(stored, event);
    if (!isLetterEvent(event)) return;
    // A letter once stored is the letter as sent: a redelivered event (or templates changed
    // since) must neither render it again nor conflict with it.
    const letterId =
      event.type === 'ReminderSent'
        ? letterIdFor(customerId, 'reminder', event.data.reminderId)
        : letterIdFor(customerId, 'final_notice', event.data.noticeId);
    if ((await this.outbox.letter(letterId)) !== undefined) return;
    const account = await this.accounts.after(stored);
    const { policy } = await this.policies.on(event.data.sentOn, { adopt: false });
    const recipient = this.recipients.recipientOf(customerId);
    const request: LetterRequest = {
      customerId,
      account,
      event,
      ...(recipient === undefined ? {} : { recipient }),
      ...letterPolicy(event, account, policy),
      // The link works for as long as the policy in force on the letter's date says.
      linkValidDays: selfServiceOf(policy).linkValidDays,
    };
    await this.storeRendered(stored, () => this.renderer.render(request));
  }

  /** The e-mail to a late dispute's owner: to the person's address if they have one, else the team's. */
  private async writeDisputeReminder(stored: StoredCollectionEvent, event: DisputeOwnerReminded): Promise<void> {
    const { customerId } = stored;
    const { disputeId, targetOn, ownerId, ownerTeam } = event.data;
    if ((await this.outbox.letter(disputeReminderIdFor(customerId, disputeId, targetOn))) !== undefined) return;
    const account = await this.accounts.after(stored);
    const addresses = this.config.disputeOwnerEmails;
    const to = (ownerId === undefined ? undefined : addresses[ownerId]) ?? addresses[ownerTeam];
    const customerName = this.recipients.recipientOf(customerId)?.name;
    await this.storeRendered(stored, () =>
      this.renderer.renderDisputeReminder({
        customerId,
        account,
        event,
        ...(customerName === undefined ? {} : { customerName }),
        ...(to === undefined ? {} : { to }),
      }),
    );
  }

  private async storeRendered(stored: StoredCollectionEvent, render: () => Letter): Promise<void> {
    try {
      await this.outbox.store(render());
    } catch (error) {
      // An event the letter cannot be written from stays unwritten, loudly; the rest go on.
      if (!(error instanceof LetterRenderError)) throw error;
      this.logger.error(`No letter for ${stored.event.type} at position ${stored.position}: ${error.message}`);
    }
  }
}

/** The tone the policy gives the reminder's level, and the step that follows it if unpaid. */
export function letterPolicy(
  event: ReminderSent | FinalNoticeSent,
  account: AccountState,
  policy: CollectionPolicy,
): Pick<LetterRequest, 'tone' | 'next'> {
  if (event.type === 'FinalNoticeSent' || account.status !== 'active') return {};
  const { level, invoiceIds, sentOn } = event.data;
  const dueDates = invoiceIds.flatMap((id) => account.invoices.get(id)?.dueOn ?? []).sort();
  const oldestDue = dueDates[0];
  // The next step's date: when it falls due for the oldest invoice, if that is still ahead.
  const on = (daysPastDue: number): { on?: BusinessDate } => {
    if (oldestDue === undefined) return {};
    const date = addDays(oldestDue, daysPastDue);
    return date > sentOn ? { on: date } : {};
  };
  const next = policy.levels.find((candidate) => candidate.level > level && candidate.channel !== 'call_task');
  const step: NextStep =
    next === undefined
      ? { step: 'final_notice', ...on(policy.finalNotice.daysPastDue) }
      : { step: 'reminder', level: next.level, ...on(next.daysPastDue) };
  const tone = policy.levels.find((candidate) => candidate.level === level)?.tone;
  return { next: step, ...(tone === undefined || tone === 'final' ? {} : { tone }) };
}
