/**
 * Parts every letter shares, as Handlebars partials: `{{> invoiceTable overdue}}` and so on. Each
 * tone's template decides what to say; these keep the layout of the facts the same in every letter.
 */

/**
 * The HTML letter is rendered from the same templates and the same view; only the table is a
 * table. Values are escaped (the HTML templates compile with escaping on).
 */
export const HTML_PARTIALS: Readonly<Record<string, string>> = {
  invoiceTable: `<table cellpadding="4" style="border-collapse:collapse">
<tr><th align="left">Invoice</th><th align="left">Due on</th><th align="right">Amount</th><th align="right">Open</th><th align="right">Days overdue</th></tr>
{{#each invoices}}
<tr><td>{{invoiceId}}</td><td>{{dueOn}}</td><td align="right">{{amount}}</td><td align="right">{{openBalance}}</td><td align="right">{{daysOverdue}}</td></tr>
{{/each}}
</table>
`,

  // The link as a link; the words are the text letter's.
  selfService: `{{#if selfService}}
Promise a payment date, dispute an invoice or tell us you have paid:
<a href="{{selfService.url}}">{{selfService.url}}</a>
(this link works until {{selfService.expiresOn}}).
{{/if}}`,
};

export const LETTER_PARTIALS: Readonly<Record<string, string>> = {
  letterhead: `{{creditor.name}}

{{#each recipient.lines}}
{{this}}
{{#if @last}}

{{/if}}
{{/each}}
{{sentOn}}
Customer number: {{customerId}}
`,

  addressee: `{{#if recipient.name}}{{recipient.name}}{{else}}customer{{/if}}`,

  // Called with a group of invoices (\`{{> invoiceTable overdue}}\`); the columns fit the longest value of the letter.
  invoiceTable: `  {{padEnd "Invoice" @root.columns.invoice}} {{padEnd "Due on" @root.columns.dueOn}} {{padStart "Amount" @root.columns.amount}} {{padStart "Open" @root.columns.open}}  Days overdue
{{#each invoices}}
  {{padEnd invoiceId @root.columns.invoice}} {{padEnd dueOn @root.columns.dueOn}} {{padStart amount @root.columns.amount}} {{padStart openBalance @root.columns.open}}  {{daysOverdue}}
{{/each}}
`,

  // Called with a group of invoices: its open balance per currency.
  totalOpen: `{{#each totals}}{{openBalance}}{{#unless @last}} and {{/unless}}{{/each}}`,

  // Invoices the letter lists that are not yet overdue: mentioned after the demand, never in it.
  dueSoon: `{{#if upcoming.count}}

{{plural upcoming.count "This invoice falls" "These invoices fall"}} due soon and {{plural upcoming.count "is" "are"}} not part of the amount above.
Please pay {{plural upcoming.count "it by its due date" "them by their due dates"}}:

{{> invoiceTable upcoming}}
{{/if}}`,

  // A letter with nothing overdue (the ladder's pre-due level): it speaks of due dates ahead, and
  // neither demands nor names a next step.
  courtesy: `This is a courtesy reminder: {{plural upcoming.count "an invoice falls" "invoices fall"}} due soon.
{{#each upcoming.invoices}}
Invoice {{invoiceId}} ({{openBalance}}) is due on {{dueOn}}.
{{/each}}

{{> invoiceTable upcoming}}

Please arrange for payment of {{> totalOpen upcoming}} by {{plural upcoming.count "the due date" "the due dates"}}.
If you have already paid, thank you, and please disregard this letter.
`,

  howToPay: `How to pay
{{#if payment.bankDetails}}
  By bank transfer to {{creditor.name}}: {{payment.bankDetails}}
{{/if}}
{{#if payment.paymentUrl}}
  Online: {{payment.paymentUrl}}
{{/if}}
  Please quote your customer number {{payment.reference}} as the payment reference.
`,

  // The customer's own page, in every letter: where to promise, dispute or report a payment, and until when.
  selfService: `{{#if selfService}}
Promise a payment date, dispute an invoice or tell us you have paid:
  {{selfService.url}}
(this link works until {{selfService.expiresOn}}).
{{/if}}`,

  signature: `Yours sincerely,
{{creditor.name}}
`,
};
