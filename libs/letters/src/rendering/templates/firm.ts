import { LetterTemplateSource } from './template-source';

/** Later reminders: the debt is overdue, payment is expected now, and the next step is named. */
export const FIRM: LetterTemplateSource = {
  subject:
    '{{#if isCourtesy}}Payment due soon to {{creditor.name}}: {{> totalOpen upcoming}}' +
    '{{else}}Reminder {{level}}: overdue payment of {{> totalOpen overdue}} to {{creditor.name}}{{/if}}',
  body: `{{> letterhead}}

Dear {{> addressee}},

{{#if isCourtesy}}
{{> courtesy}}
{{else}}
We have reminded you before, yet the following {{plural overdue.count "invoice remains" "invoices remain"}} unpaid after the due date.
{{plural overdue.count "It" "The oldest"}} is now {{mostDaysOverdue}} {{plural mostDaysOverdue "day" "days"}} overdue.

{{> invoiceTable overdue}}

Please pay the open amount of {{> totalOpen overdue}} immediately.
{{#if next.reminder}}
If we have not received it{{#if next.reminder.on}} by {{next.reminder.on}}{{/if}}, we will send you a further reminder
and consider the next steps of our collection procedure.
{{/if}}
{{#if next.finalNotice}}
If we have not received it{{#if next.finalNotice.on}} by {{next.finalNotice.on}}{{/if}}, we will send you a final notice,
after which your account will be referred to a collection agency.
{{/if}}
{{> dueSoon}}
{{/if}}

{{> howToPay}}

{{> selfService}}

{{#unless isCourtesy}}
If you cannot pay the full amount now, contact us at once to agree a payment plan.
{{/unless}}
{{#if creditor.contact}}
You can reach us at {{creditor.contact}}.
{{/if}}

{{> signature}}`,
};
