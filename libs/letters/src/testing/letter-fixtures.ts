import { Letter, letterIdFor } from '../letter';

/** A stored-ready letter for outbox and delivery tests; `n` varies its ids and sent date. */
export function aLetter(overrides: Partial<Letter> = {}): Letter {
  const customerId = overrides.customerId ?? 'ACME-1';
  const sourceId = `R-${overrides.level ?? 1}`;
  return {
    letterId: letterIdFor(customerId, 'reminder', sourceId),
    customerId,
    kind: 'reminder',
    level: 1,
    channel: 'email',
    tone: 'friendly',
    sentOn: '2024-02-20',
    invoiceIds: ['INV-1'],
    to: 'payables@buyer.example',
    subject: 'Payment reminder from Acme Supplies Ltd: 1 overdue invoice',
    text: 'Dear customer,\n\nInvoice INV-1 is open: €100.00.\n\nYours sincerely,\nAcme Supplies Ltd\n',
    ...overrides,
  };
}
