import { Role } from '@collections/accounts';
import { CollectionsClient, components } from '@collections/api-client';

/** What a command answers through the typed client: the recorded revision, or the problem. */
export interface CommandAnswer {
  data?: components['schemas']['CommandRecorded'];
  error?: components['schemas']['Problem'];
  response: Response;
}

/** One command of the procedure: who sends it, what it does, how many events it appends. */
export interface ProcedureStep {
  role: Role;
  what: string;
  appends: number;
  send(client: CollectionsClient): Promise<CommandAnswer>;
}

const step = (role: Role, what: string, send: ProcedureStep['send'], appends = 1): ProcedureStep => ({ role, what, send, appends });

/**
 * ACME-1 through the whole collection procedure, every command typed by the OpenAPI document:
 * invoices and cash, dunning and calls, a promise broken, a plan defaulted, a dispute settled by
 * a credit, then credit hold, agency, court, write-off, recovery and post-mortem.
 */
export function acmeProcedure(customerId: string): ProcedureStep[] {
  const params = { path: { customerId } };
  return [
    step('integration', 'registers invoice INV-1', (client) =>
      client.POST('/customers/{customerId}/invoices', {
        params,
        body: { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' },
      }),
    ),
    step('integration', 'registers invoice INV-2', (client) =>
      client.POST('/customers/{customerId}/invoices', {
        params,
        body: { invoiceId: 'INV-2', amount: 50_000, currency: 'EUR', issuedOn: '2024-01-20', dueOn: '2024-02-19' },
      }),
    ),
    step('integration', 'registers invoice INV-3', (client) =>
      client.POST('/customers/{customerId}/invoices', {
        params,
        body: { invoiceId: 'INV-3', amount: 30_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' },
      }),
    ),
    step('integration', 'posts a payment on INV-1', (client) =>
      client.POST('/customers/{customerId}/payments', {
        params,
        body: { paymentId: 'PAY-1', invoiceId: 'INV-1', amount: 20_000, currency: 'EUR', receivedOn: '2024-02-05' },
      }),
    ),
    step('manager', 'assigns collector-1', (client) =>
      client.POST('/customers/{customerId}/assignment', { params, body: { collectorId: 'collector-1', assignedOn: '2024-02-10' } }),
    ),
    step('manager', 'marks INV-1 overdue', (client) =>
      client.POST('/customers/{customerId}/invoices/{invoiceId}/overdue', {
        params: { path: { customerId, invoiceId: 'INV-1' } },
        body: { detectedOn: '2024-02-10' },
      }),
    ),
    step('collector', 'sends the first dunning reminder', (client) =>
      client.POST('/customers/{customerId}/reminders', {
        params,
        body: {
          reminderId: 'REM-1',
          invoiceIds: ['INV-1', 'INV-2'],
          level: 1,
          channel: 'email',
          template: 'friendly-1',
          sentOn: '2024-02-20',
        },
      }),
    ),
    step('collector', 'schedules the dunning call', (client) =>
      client.POST('/customers/{customerId}/call-tasks', {
        params,
        body: {
          taskId: 'CT-1',
          reason: 'dunning',
          level: 1,
          invoiceIds: ['INV-1'],
          collectorId: 'collector-1',
          dueOn: '2024-02-25',
          scheduledOn: '2024-02-20',
        },
      }),
    ),
    step('collector', 'logs the call', (client) =>
      client.POST('/customers/{customerId}/contacts', {
        params,
        body: {
          contactId: 'CALL-1',
          contactedOn: '2024-02-25',
          channel: 'phone',
          person: 'Jonas Petraitis',
          outcome: 'reached',
          reasonForLateness: 'Waiting on their customer',
        },
      }),
    ),
    step('collector', 'records a promise to pay', (client) =>
      client.POST('/customers/{customerId}/promises', {
        params,
        body: {
          promiseId: 'PR-1',
          invoiceIds: ['INV-1'],
          amount: 80_000,
          currency: 'EUR',
          promisedFor: '2024-03-10',
          madeOn: '2024-02-25',
        },
      }),
    ),
    step('collector', 'raises a dispute on INV-2', (client) =>
      client.POST('/customers/{customerId}/disputes', {
        params,
        body: {
          disputeId: 'DSP-1',
          invoiceId: 'INV-2',
          amount: 20_000,
          currency: 'EUR',
          category: 'damaged_goods',
          raisedOn: '2024-03-01',
        },
      }),
    ),
    step('integration', 'posts a partial payment', (client) =>
      client.POST('/customers/{customerId}/payments', {
        params,
        body: { paymentId: 'PAY-2', invoiceId: 'INV-1', amount: 30_000, currency: 'EUR', receivedOn: '2024-03-08' },
      }),
    ),
    step('collector', 'declares the promise broken', (client) =>
      client.POST('/customers/{customerId}/promises/{promiseId}/broken', {
        params: { path: { customerId, promiseId: 'PR-1' } },
        body: { brokenOn: '2024-03-12' },
      }),
    ),
    step('collector', 'agrees a payment plan', (client) =>
      client.POST('/customers/{customerId}/payment-plans', {
        params,
        body: {
          planId: 'PLAN-1',
          invoiceIds: ['INV-1'],
          currency: 'EUR',
          installments: [
            { number: 1, dueOn: '2024-04-01', amount: 25_000 },
            { number: 2, dueOn: '2024-05-01', amount: 25_000 },
          ],
          agreedOn: '2024-03-15',
          guarantors: ['R. Petraitienė'],
        },
      }),
    ),
    step(
      'collector',
      'resolves the dispute with a credit (the resolution and its credit memo)',
      (client) =>
        client.POST('/customers/{customerId}/disputes/{disputeId}/resolution', {
          params: { path: { customerId, disputeId: 'DSP-1' } },
          body: { resolution: 'credit_issued', resolvedOn: '2024-03-20', credit: { creditMemoId: 'CM-1', amount: 20_000 } },
        }),
      2,
    ),
    step('integration', 'posts the first installment', (client) =>
      client.POST('/customers/{customerId}/payments', {
        params,
        body: { paymentId: 'PAY-3', invoiceId: 'INV-1', amount: 25_000, currency: 'EUR', receivedOn: '2024-03-30' },
      }),
    ),
    step('collector', 'confirms the installment paid', (client) =>
      client.POST('/customers/{customerId}/payment-plans/{planId}/installments/{number}/paid', {
        params: { path: { customerId, planId: 'PLAN-1', number: 1 } },
        body: { paidOn: '2024-04-01' },
      }),
    ),
    step('collector', 'declares the second installment missed', (client) =>
      client.POST('/customers/{customerId}/payment-plans/{planId}/installments/{number}/missed', {
        params: { path: { customerId, planId: 'PLAN-1', number: 2 } },
        body: { detectedOn: '2024-05-05' },
      }),
    ),
    step('collector', 'sends the final notice', (client) =>
      client.POST('/customers/{customerId}/final-notices', {
        params,
        body: { noticeId: 'FN-1', invoiceIds: ['INV-1', 'INV-2'], channel: 'letter', sentOn: '2024-05-05', referralOn: '2024-05-10' },
      }),
    ),
    step('collector', 'recommends a lower credit limit', (client) =>
      client.POST('/customers/{customerId}/credit-limit-recommendations', {
        params,
        body: {
          recommendationId: 'CL-1',
          recommendedLimit: 0,
          currency: 'EUR',
          reason: 'Broken promise, missed installment',
          recommendedOn: '2024-05-06',
        },
      }),
    ),
    step('manager', 'places a credit hold', (client) =>
      client.POST('/customers/{customerId}/credit-hold', { params, body: { reason: 'Referred to an agency', placedOn: '2024-05-06' } }),
    ),
    step('manager', 'proposes the agency referral', (client) =>
      client.POST('/customers/{customerId}/escalation-proposals', {
        params,
        body: {
          proposalId: 'EP-1',
          kind: 'agency_referral',
          invoiceIds: ['INV-1', 'INV-2'],
          reason: 'Final notice ignored',
          proposedOn: '2024-05-10',
        },
      }),
    ),
    step('manager', 'proposes writing off INV-3', (client) =>
      client.POST('/customers/{customerId}/escalation-proposals', {
        params,
        body: { proposalId: 'EP-2', kind: 'write_off', invoiceIds: ['INV-3'], reason: 'Long overdue', proposedOn: '2024-05-10' },
      }),
    ),
    step('manager', 'declines the write-off: the customer has assets', (client) =>
      client.POST('/customers/{customerId}/escalation-proposals/{proposalId}/decline', {
        params: { path: { customerId, proposalId: 'EP-2' } },
        body: { reason: 'Assets found: take it to court', declinedOn: '2024-05-10' },
      }),
    ),
    step('manager', 'accepts the referral: refers INV-1 and INV-2 to an agency', (client) =>
      client.POST('/customers/{customerId}/agency-referrals', {
        params,
        body: {
          referralId: 'AG-1',
          agency: 'Baltic Recovery UAB',
          invoiceIds: ['INV-1', 'INV-2'],
          reason: 'In-house steps exhausted',
          referredOn: '2024-05-10',
          proposalId: 'EP-1',
        },
      }),
    ),
    step('manager', 'takes INV-3 to court', (client) =>
      client.POST('/customers/{customerId}/legal-actions', {
        params,
        body: {
          caseId: 'CASE-1',
          invoiceIds: ['INV-3'],
          court: 'Small claims court',
          smallClaims: true,
          reason: 'Assets found',
          initiatedOn: '2024-05-20',
        },
      }),
    ),
    step('manager', 'writes off what the agency could not collect', (client) =>
      client.POST('/customers/{customerId}/write-offs', {
        params,
        body: { writeOffId: 'WO-1', invoiceIds: ['INV-1', 'INV-2'], reason: 'Agency could not collect', writtenOffOn: '2024-06-15' },
      }),
    ),
    step('integration', "books the agency's late recovery on INV-1", (client) =>
      client.POST('/customers/{customerId}/recoveries', {
        params,
        body: { recoveryId: 'REC-1', invoiceId: 'INV-1', amount: 5_000, currency: 'EUR', receivedOn: '2024-06-17' },
      }),
    ),
    step('manager', 'recalls the account from the agency', (client) =>
      client.POST('/customers/{customerId}/agency-referrals/{referralId}/recall', {
        params: { path: { customerId, referralId: 'AG-1' } },
        body: { reason: 'Closed after the write-off', recalledOn: '2024-06-18' },
      }),
    ),
    step('manager', 'records the post-mortem', (client) =>
      client.POST('/customers/{customerId}/post-mortems', {
        params,
        body: {
          postMortemId: 'PM-1',
          rootCause: 'credit_risk_misjudged',
          summary: 'Credit was extended without checking payment history',
          actionItems: [{ description: 'Check payment history before raising limits', owner: 'credit-team', dueOn: '2024-07-31' }],
          recordedOn: '2024-06-20',
        },
      }),
    ),
  ];
}

/** The event types ACME-1's history holds afterwards, in order. */
export const ACME_HISTORY = [
  'InvoiceRegistered',
  'InvoiceRegistered',
  'InvoiceRegistered',
  'PaymentReceived',
  'CollectorAssigned',
  'InvoiceOverdue',
  'ReminderSent',
  'CallTaskScheduled',
  'ContactLogged',
  'PromiseMade',
  'DisputeRaised',
  'PaymentReceived',
  'PromiseBroken',
  'PaymentPlanAgreed',
  'DisputeResolved',
  'CreditMemoIssued',
  'PaymentReceived',
  'InstallmentPaid',
  'InstallmentMissed',
  'FinalNoticeSent',
  'CreditLimitChangeRecommended',
  'CreditHoldPlaced',
  'EscalationProposed',
  'EscalationProposed',
  'EscalationDeclined',
  'ReferredToAgency',
  'LegalActionInitiated',
  'WrittenOff',
  'RecoveryReceived',
  'AgencyRecallMade',
  'PostMortemRecorded',
];

/**
 * GLOBEX-1 on the kinder path, for the commands ACME-1 never needs: a credit memo from billing, a
 * deduction, a promise kept, a credit hold lifted.
 */
export function globexProcedure(customerId: string): ProcedureStep[] {
  const params = { path: { customerId } };
  return [
    step('integration', 'registers invoice INV-10', (client) =>
      client.POST('/customers/{customerId}/invoices', {
        params,
        body: { invoiceId: 'INV-10', amount: 60_000, currency: 'EUR', issuedOn: '2024-03-01', dueOn: '2024-03-31' },
      }),
    ),
    step('integration', 'issues a credit memo for a price correction', (client) =>
      client.POST('/customers/{customerId}/credit-memos', {
        params,
        body: {
          creditMemoId: 'CM-10',
          invoiceId: 'INV-10',
          amount: 10_000,
          currency: 'EUR',
          issuedOn: '2024-03-05',
          reason: 'Price correction',
        },
      }),
    ),
    step('collector', 'records a co-op deduction', (client) =>
      client.POST('/customers/{customerId}/deductions', {
        params,
        body: {
          deductionId: 'DED-1',
          invoiceId: 'INV-10',
          amount: 5_000,
          currency: 'EUR',
          programme: 'Co-op advertising',
          claimedOn: '2024-03-10',
        },
      }),
    ),
    step('manager', 'places a credit hold while the deduction is checked', (client) =>
      client.POST('/customers/{customerId}/credit-hold', { params, body: { reason: 'Deduction under review', placedOn: '2024-04-01' } }),
    ),
    step('collector', 'records a promise to pay the rest', (client) =>
      client.POST('/customers/{customerId}/promises', {
        params,
        body: {
          promiseId: 'PR-10',
          invoiceIds: ['INV-10'],
          amount: 45_000,
          currency: 'EUR',
          promisedFor: '2024-04-15',
          madeOn: '2024-04-05',
        },
      }),
    ),
    step('integration', 'posts the promised payment', (client) =>
      client.POST('/customers/{customerId}/payments', {
        params,
        body: { paymentId: 'PAY-10', invoiceId: 'INV-10', amount: 45_000, currency: 'EUR', receivedOn: '2024-04-12' },
      }),
    ),
    step('collector', 'confirms the promise kept', (client) =>
      client.POST('/customers/{customerId}/promises/{promiseId}/kept', {
        params: { path: { customerId, promiseId: 'PR-10' } },
        body: { keptOn: '2024-04-15' },
      }),
    ),
    step('manager', 'lifts the credit hold', (client) =>
      client.POST('/customers/{customerId}/credit-hold/lift', { params, body: { reason: 'Paid as promised', liftedOn: '2024-04-16' } }),
    ),
  ];
}
