import { LetterTemplateSource } from './template-source';

/** The first reminder: it assumes an oversight. Before the due date it is a courtesy. */
export const FRIENDLY: LetterTemplateSource = {
  subject:
    '{{#if isCourtesy}}Payment due soon to {{creditor.name}}: {{upcoming.count}} {{plural upcoming.count "invoice" "invoices"}}' +
    '{{else}}Payment reminder from {{creditor.name}}: {{overdue.count}} overdue {{plural overdue.count "invoice" "invoices"}}{{/if}}',
  body: `{{> letterhead}}

Dear {{> addressee}},

{{#if isCourtesy}}
{{> courtesy}}
{{else}}
Our records show that the following {{plural overdue.count "invoice is" "invoices are"}} still unpaid after the due date.
Perhaps this has simply been overlooked.

{{> invoiceTable overdue}}

We would be grateful if you could pay the open amount of {{> totalOpen overdue}} soon.
{{#if next.reminder}}
If we have not received it{{#if next.reminder.on}} by {{next.reminder.on}}{{/if}}, we will send you a further reminder.
{{/if}}
{{#if next.finalNotice}}
If we have not received it{{#if next.finalNotice.on}} by {{next.finalNotice.on}}{{/if}}, we will send you a final notice.
{{/if}}
{{> dueSoon}}
{{/if}}

{{> howToPay}}

{{> selfService}}

{{#unless isCourtesy}}
If you have already paid, thank you, and please disregard this letter.
{{/unless}}
{{#if creditor.contact}}
If anything about these invoices is wrong, please tell us: {{creditor.contact}}.
{{/if}}

{{> signature}}`,
};
