/**
 * Parts every letter shares, as Handlebars partials: `{{> invoiceTable}}` and so on. Each tone's
 * template decides what to say; these keep the layout of the facts the same in every letter.
 */
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

  invoiceTable: `  {{padEnd "Invoice" 14}} {{padEnd "Due on" 18}} {{padStart "Amount" 15}} {{padStart "Open" 15}}  Days overdue
{{#each invoices}}
  {{padEnd invoiceId 14}} {{padEnd dueOn 18}} {{padStart amount 15}} {{padStart openBalance 15}}  {{daysOverdue}}
{{/each}}
`,

  totalOpen: `{{#each totals}}{{openBalance}}{{#unless @last}} and {{/unless}}{{/each}}`,

  howToPay: `How to pay
{{#if payment.bankDetails}}
  By bank transfer to {{creditor.name}}: {{payment.bankDetails}}
{{/if}}
{{#if payment.paymentUrl}}
  Online: {{payment.paymentUrl}}
{{/if}}
  Please quote your customer number {{payment.reference}} as the payment reference.
`,

  signature: `Yours sincerely,
{{creditor.name}}
`,
};
