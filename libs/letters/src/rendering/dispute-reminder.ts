import { AccountState, DisputeOwnerReminded, daysBetween, evolve, initialState } from '@collections/domain';
import { LetterRenderError } from '../errors';
import { Letter, letterIdFor } from '../letter';
import { formatBusinessDate, formatMinorUnits } from './formatting';
import { DEFAULT_LOCALE, LetterSettings } from './letter-view';

/** What the reminder to a late dispute's owner is rendered from. */
export interface DisputeReminderRequest {
  customerId: string;
  /** The account as of the reminder: the stream folded up to and including its event. */
  account: AccountState;
  event: DisputeOwnerReminded;
  /** The customer's name, from the customer master, when it has one. */
  customerName?: string;
  /** The owner's address (DISPUTE_OWNER_EMAILS, by person, else by team); without one the mail is stored but goes nowhere by SMTP. */
  to?: string;
}

/** Everything the dispute reminder's template may use, already formatted; absent values are null. */
export interface DisputeReminderView {
  letterId: string;
  customerId: string;
  customer: { name: string | null };
  dispute: { id: string; invoiceId: string; category: string; amount: string; raisedOn: string };
  owner: { team: string; person: string | null };
  targetOn: string;
  remindedOn: string;
  /** Days from the target date to the reminder's date (at least 1: an owner is reminded only past it). */
  daysLate: number;
  creditor: { name: string };
}

/**
 * One reminder per dispute and target date (a dispute assigned again with a new target may be
 * late again): the same event always stores the same mail, delivered once.
 */
export const disputeReminderIdFor = (customerId: string, disputeId: string, targetOn: string): string =>
  letterIdFor(customerId, 'dispute_reminder', `${disputeId}:${targetOn}`);

export function buildDisputeReminderView(request: DisputeReminderRequest, settings: LetterSettings): DisputeReminderView {
  const { customerId, account, event } = request;
  const { disputeId, invoiceId, ownerTeam, ownerId, targetOn, remindedOn } = event.data;
  const letterId = disputeReminderIdFor(customerId, disputeId, targetOn);
  const dispute = account.status === 'active' ? account.disputes.get(disputeId) : undefined;
  if (dispute === undefined) throw new LetterRenderError(`Customer ${customerId} has no dispute ${disputeId} (mail ${letterId})`);
  const locale = settings.locale ?? DEFAULT_LOCALE;
  const date = (day: string) => formatBusinessDate(day, locale);
  return {
    letterId,
    customerId,
    customer: { name: request.customerName ?? null },
    dispute: {
      id: disputeId,
      invoiceId,
      // "damaged_goods" reads as "damaged goods".
      category: dispute.category.replace(/_/g, ' '),
      amount: formatMinorUnits(dispute.amount, dispute.currency, locale),
      raisedOn: date(dispute.raisedOn),
    },
    owner: { team: ownerTeam, person: ownerId ?? null },
    targetOn: date(targetOn),
    remindedOn: date(remindedOn),
    daysLate: daysBetween(targetOn, remindedOn),
    creditor: { name: settings.creditor.name },
  };
}

/** The reminder as a letter of the outbox: e-mail to the owner, no customer link, replies to the sender's address. */
export function disputeReminderLetter(
  request: DisputeReminderRequest,
  view: DisputeReminderView,
  rendered: { subject: string; text: string; html: string },
): Letter {
  return {
    letterId: view.letterId,
    customerId: request.customerId,
    kind: 'dispute_reminder',
    level: 0,
    channel: 'email',
    tone: 'internal',
    sentOn: request.event.data.remindedOn,
    invoiceIds: [request.event.data.invoiceId],
    ...(request.to === undefined ? {} : { to: request.to }),
    ...rendered,
  };
}

/** Sample reminders, to and not to a person, with and without the customer's name: what loading the templates checks. */
export function sampleDisputeReminderViews(): DisputeReminderView[] {
  const account = [
    {
      type: 'InvoiceRegistered' as const,
      data: { invoiceId: 'S-1', amount: 125_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
    },
    {
      type: 'DisputeRaised' as const,
      data: {
        disputeId: 'D-1',
        invoiceId: 'S-1',
        amount: 5_000,
        currency: 'EUR',
        category: 'damaged_goods' as const,
        raisedOn: '2024-02-01',
      },
    },
  ].reduce(evolve, initialState());
  const event = (ownerId?: string): DisputeOwnerReminded => ({
    type: 'DisputeOwnerReminded',
    data: {
      disputeId: 'D-1',
      invoiceId: 'S-1',
      ownerTeam: 'logistics',
      ...(ownerId && { ownerId }),
      targetOn: '2024-02-11',
      remindedOn: '2024-02-12',
    },
  });
  const settings = { creditor: { name: 'Sample Ltd' } };
  return [
    buildDisputeReminderView({ customerId: 'SAMPLE-1', account, event: event('lina'), customerName: 'Sample Customer' }, settings),
    buildDisputeReminderView({ customerId: 'SAMPLE-1', account, event: event() }, settings),
  ];
}
