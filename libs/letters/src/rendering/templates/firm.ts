import { LetterTemplateSource } from './template-source';

/** Later reminders: the debt is overdue, payment is expected now, and the next step is named. */
export const FIRM: LetterTemplateSource = {
  subject: 'Reminder {{level}}: overdue payment of {{> totalOpen}} to {{creditor.name}}',
  body: `{{> letterhead}}

Dear {{> addressee}},

We have reminded you before, yet the following {{plural invoiceCount "invoice remains" "invoices remain"}} unpaid.
{{plural invoiceCount "It" "The oldest"}} is now {{mostDaysOverdue}} {{plural mostDaysOverdue "day" "days"}} overdue.

{{> invoiceTable}}

Please pay the open amount of {{> totalOpen}} immediately.
{{#if next.reminder}}
If we have not received it{{#if next.reminder.on}} by {{next.reminder.on}}{{/if}}, we will send you a further reminder
and consider the next steps of our collection procedure.
{{/if}}
{{#if next.finalNotice}}
If we have not received it{{#if next.finalNotice.on}} by {{next.finalNotice.on}}{{/if}}, we will send you a final notice,
after which your account will be referred to a collection agency.
{{/if}}

{{> howToPay}}

If you cannot pay the full amount now, contact us at once to agree a payment plan.
{{#if creditor.contact}}
You can reach us at {{creditor.contact}}.
{{/if}}

{{> signature}}`,
};
