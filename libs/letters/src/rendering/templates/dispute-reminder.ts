import { LetterTemplateSource } from './template-source';

/**
 * To a dispute's owner (a team, or a person in it) once the dispute is past its target date:
 * staff mail, plain and short, with what they need to find the case and no customer link.
 */
export const DISPUTE_REMINDER: LetterTemplateSource = {
  subject:
    'Dispute {{dispute.id}} of {{#if customer.name}}{{customer.name}}{{else}}customer {{customerId}}{{/if}} is {{daysLate}} {{plural daysLate "day" "days"}} past its target date',
  body: `To {{#if owner.person}}{{owner.person}} ({{owner.team}}){{else}}the {{owner.team}} team{{/if}},

the dispute below was to be resolved by {{targetOn}}. On {{remindedOn}} it is still open,
{{daysLate}} {{plural daysLate "day" "days"}} past that date.

  Customer:   {{#if customer.name}}{{customer.name}}{{else}}customer {{customerId}}{{/if}} (customer number {{customerId}})
  Dispute:    {{dispute.id}}
  Invoice:    {{dispute.invoiceId}}
  Category:   {{dispute.category}}
  Amount:     {{dispute.amount}}
  Raised on:  {{dispute.raisedOn}}
  Target:     {{targetOn}}

While it is open the invoice's dunning waits, and the customer waits for an answer.
Please resolve it, or tell the collections team when it will be.

{{creditor.name}} collections`,
};
