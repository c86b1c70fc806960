import { replyAddressFor } from '@collections/customer-links';
import { Letter } from '../letter';
import { DisputeReminderRequest, buildDisputeReminderView, disputeReminderLetter } from './dispute-reminder';
import { LetterTemplates } from './letter-templates';
import { LetterRequest, LetterSettings, buildLetterView } from './letter-view';

/**
 * Renders the letter for a reminder or final notice: a pure function of the request, the
 * settings and the templates (no clock, no random ids), so the same event renders the same letter.
 */
export function renderLetter(request: LetterRequest, settings: LetterSettings, templates: LetterTemplates): Letter {
  const view = buildLetterView(request, settings);
  const { subject, text, html } = templates.render(view);
  const { event, recipient } = request;
  const { channel, invoiceIds, sentOn } = event.data;
  // Only an e-mail has an address on the envelope; a postal letter prints its address in the text.
  const to = channel === 'email' ? recipient?.email : undefined;
  // A reply names its letter by the address it goes to, whatever the customer's mail program does to the rest.
  const replyTo = settings.customerLinks && replyAddressFor(view.letterId, settings.customerLinks.replyDomain);
  return {
    letterId: view.letterId,
    customerId: request.customerId,
    kind: view.kind,
    level: view.level,
    channel,
    tone: view.tone,
    sentOn,
    invoiceIds: [...invoiceIds],
    ...(to === undefined ? {} : { to }),
    ...(replyTo === undefined ? {} : { replyTo }),
    subject,
    text,
    html,
  };
}

/** Settings and checked templates together: what the policy engine holds to write letters. */
export class LetterRenderer {
  constructor(
    private readonly settings: LetterSettings,
    private readonly templates: LetterTemplates = new LetterTemplates(),
  ) {}

  render(request: LetterRequest): Letter {
    return renderLetter(request, this.settings, this.templates);
  }

  /** The staff mail to a late dispute's owner: as pure as a letter (the same event, the same mail). */
  renderDisputeReminder(request: DisputeReminderRequest): Letter {
    const view = buildDisputeReminderView(request, this.settings);
    return disputeReminderLetter(request, view, this.templates.renderDisputeReminder(view));
  }
}
