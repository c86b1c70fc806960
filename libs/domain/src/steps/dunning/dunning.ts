import { ActiveAccount, withId } from '../../account-state';
import { BusinessDate, latestOf } from '../../business-date';
import { DomainError } from '../../errors';
import { openInvoices, requireNewId } from '../../guards';
import type { Command, Event } from '../../message';
import { procedureStep } from '../../procedure-step';

/**
 * Step 3: dunning. Reminders at set intervals, each listing the overdue invoices and sterner
 * with each level, and the final notice that names the day the account goes to an agency. The
 * dunning state is kept per invoice, so that no level is sent for one twice (a call that stands
 * for a level counts too: see the call tasks in contacts-and-promises).
 */

// Events

export const REMINDER_CHANNELS = ['email', 'letter', 'sms'] as const;
export type ReminderChannel = (typeof REMINDER_CHANNELS)[number];
export type ReminderSent = Event<
  'ReminderSent',
  {
    reminderId: string;
    invoiceIds: string[];
    /** 1 is the friendliest; higher levels are sterner. */
    level: number;
    channel: ReminderChannel;
    template: string;
    sentOn: BusinessDate;
  }
>;
export type FinalNoticeSent = Event<
  'FinalNoticeSent',
  {
    noticeId: string;
    invoiceIds: string[];
    channel: ReminderChannel;
    sentOn: BusinessDate;
    /** The date by which the account goes to an agency if still unpaid. */
    referralOn: BusinessDate;
  }
>;

/** The events this step records. */
export type DunningEvent = ReminderSent | FinalNoticeSent;

// Commands

export type SendReminder = Command<'SendReminder', ReminderSent['data']>;
export type SendFinalNotice = Command<'SendFinalNotice', FinalNoticeSent['data']>;

/** The commands this step decides. */
export type DunningCommand = SendReminder | SendFinalNotice;

// State

/** Where dunning stands for one invoice, so that no level is sent for it twice. */
export interface InvoiceDunningState {
  /** The highest dunning level sent for it (a reminder, or a call standing for a level); 0 for none. */
  level: number;
  lastReminderOn?: BusinessDate;
  finalNoticeOn?: BusinessDate;
  /** The agency-referral date its final notice announced. */
  referralOn?: BusinessDate;
}

// Decide

export function sendReminder(command: SendReminder, account: ActiveAccount): ReminderSent[] {
  const { reminderId, invoiceIds, level, sentOn } = command.data;
  requireNewId(account, 'reminder', reminderId);
  if (!Number.isSafeInteger(level) || level < 1) {
    throw new DomainError('invalid-level', `Reminder level must be a whole number from 1 up, not ${level}`);
  }
  openInvoices(account, invoiceIds, 'send a reminder for', sentOn);
  return [{ type: 'ReminderSent', data: command.data }];
}

export function sendFinalNotice(command: SendFinalNotice, account: ActiveAccount): FinalNoticeSent[] {
  const { noticeId, invoiceIds, sentOn, referralOn } = command.data;
  requireNewId(account, 'notice', noticeId);
  openInvoices(account, invoiceIds, 'send a final notice for', sentOn);
  if (referralOn <= sentOn) {
    throw new DomainError('invalid-date', `A final notice must give the customer time: referral date ${referralOn} is not after ${sentOn}`);
  }
  return [{ type: 'FinalNoticeSent', data: command.data }];
}

// Evolve

export function reminderSent(account: ActiveAccount, event: ReminderSent): ActiveAccount {
  return {
    ...account,
    highestReminderLevel: Math.max(account.highestReminderLevel, event.data.level),
    lastReminderOn: latestOf(account.lastReminderOn, event.data.sentOn),
    dunning: updateDunning(account.dunning, event.data.invoiceIds, (entry) => ({
      ...entry,
      level: Math.max(entry.level, event.data.level),
      lastReminderOn: latestOf(entry.lastReminderOn, event.data.sentOn),
    })),
    usedIds: withId(account, 'reminder', event.data.reminderId),
  };
}

export function finalNoticeSent(account: ActiveAccount, event: FinalNoticeSent): ActiveAccount {
  return {
    ...account,
    finalNotice: { sentOn: event.data.sentOn, referralOn: event.data.referralOn },
    dunning: updateDunning(account.dunning, event.data.invoiceIds, (entry) => ({
      ...entry,
      finalNoticeOn: event.data.sentOn,
      referralOn: event.data.referralOn,
    })),
    usedIds: withId(account, 'notice', event.data.noticeId),
  };
}

/** Applies `change` to the dunning entry of each invoice, starting from level 0 where there is none. */
export function updateDunning(
  dunning: ReadonlyMap<string, InvoiceDunningState>,
  invoiceIds: readonly string[],
  change: (entry: InvoiceDunningState) => InvoiceDunningState,
): ReadonlyMap<string, InvoiceDunningState> {
  const next = new Map(dunning);
  for (const invoiceId of invoiceIds) next.set(invoiceId, change(next.get(invoiceId) ?? { level: 0 }));
  return next;
}

// The step as decide, evolve and occurredOn dispatch to it

export const dunning = procedureStep<DunningCommand, DunningEvent>({
  decide: { SendReminder: sendReminder, SendFinalNotice: sendFinalNotice },
  evolve: { ReminderSent: reminderSent, FinalNoticeSent: finalNoticeSent },
  occurredOn: { ReminderSent: 'sentOn', FinalNoticeSent: 'sentOn' },
});
