import { LetterTemplateSource } from './template-source';

/**
 * The sternest tone. For the final notice it states the date the account goes to a collection
 * agency unless paid; a policy may also give a late reminder this tone, which then names the
 * step that follows instead. Neither threatens over what is not yet due: a letter with nothing
 * overdue is a courtesy, whatever its tone.
 */
export const FINAL: LetterTemplateSource = {
  subject:
    '{{#if isCourtesy}}Payment due soon to {{creditor.name}}: {{> totalOpen upcoming}}' +
    '{{else if next.agencyReferral}}FINAL NOTICE: referral to a collection agency on {{next.agencyReferral.on}}' +
    '{{else}}Final reminder: overdue payment of {{> totalOpen overdue}} to {{creditor.name}}{{/if}}',
  body: `{{> letterhead}}

{{#unless isCourtesy}}
{{#if isFinalNotice}}FINAL NOTICE{{else}}FINAL REMINDER{{/if}}

{{/unless}}
Dear {{> addressee}},

{{#if isCourtesy}}
{{> courtesy}}
{{else}}
We have reminded you about the following overdue {{plural overdue.count "invoice" "invoices"}} without receiving payment.
{{plural overdue.count "It" "The oldest"}} is now {{mostDaysOverdue}} {{plural mostDaysOverdue "day" "days"}} overdue.

{{> invoiceTable overdue}}

{{#if next.agencyReferral}}
Unless the open amount of {{> totalOpen overdue}} has reached us in full before {{next.agencyReferral.on}},
your account will be referred to a collection agency on {{next.agencyReferral.on}} without further notice.
The agency's costs may be charged to you, and we will supply no further goods or services on credit.
{{/if}}
{{#if next.finalNotice}}
Unless the open amount of {{> totalOpen overdue}} has reached us in full{{#if next.finalNotice.on}} by {{next.finalNotice.on}}{{/if}},
we will send you a final notice and then refer your account to a collection agency.
{{/if}}
{{#if next.reminder}}
Unless the open amount of {{> totalOpen overdue}} has reached us in full{{#if next.reminder.on}} by {{next.reminder.on}}{{/if}},
we will take further steps to collect it.
{{/if}}
{{> dueSoon}}
{{/if}}

{{> howToPay}}

{{> selfService}}

{{#unless isCourtesy}}
{{#if isFinalNotice}}
This is our last letter before the referral.
{{else}}
Please treat this letter as urgent.
{{/if}}
{{/unless}}
{{#if creditor.contact}}
If you believe this letter is wrong, contact us at once: {{creditor.contact}}.
{{/if}}

{{> signature}}`,
};
