import { LetterTemplateSource } from './template-source';

/** The first reminder: it assumes an oversight. */
export const FRIENDLY: LetterTemplateSource = {
  subject: 'Payment reminder from {{creditor.name}}: {{invoiceCount}} overdue {{plural invoiceCount "invoice" "invoices"}}',
  body: `{{> letterhead}}

Dear {{> addressee}},

Our records show that the following {{plural invoiceCount "invoice is" "invoices are"}} still unpaid after the due date.
Perhaps this has simply been overlooked.

{{> invoiceTable}}

We would be grateful if you could pay the open amount of {{> totalOpen}} soon.
{{#if next.reminder}}
If we have not received it{{#if next.reminder.on}} by {{next.reminder.on}}{{/if}}, we will send you a further reminder.
{{/if}}
{{#if next.finalNotice}}
If we have not received it{{#if next.finalNotice.on}} by {{next.finalNotice.on}}{{/if}}, we will send you a final notice.
{{/if}}

{{> howToPay}}

If you have already paid, thank you, and please disregard this letter.
{{#if creditor.contact}}
If anything about these invoices is wrong, please tell us: {{creditor.contact}}.
{{/if}}

{{> signature}}`,
};
