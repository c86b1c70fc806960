import {
  agencyRecallMade,
  collectorAssigned,
  declineEscalation,
  escalationDeclined,
  escalationProposed,
  finalNoticeSent,
  given,
  initiateLegalAction,
  invoiceOverdue,
  invoiceRegistered,
  legalActionInitiated,
  paymentReceived,
  proposeEscalation,
  recallFromAgency,
  referToAgency,
  referredToAgency,
  writeOff,
  writtenOff,
} from '../../testing/decider-specification';

// Escalation: proposals to managers, agency referrals (step 8) and legal action (step 9).

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('agency', () => {
    describe('ReferToAgency', () => {
      it('refers open invoices to an agency', () => {
        given([invoice, finalNoticeSent()]).when(referToAgency()).then([referredToAgency()]);
      });

      it('refuses an invoice that is already with an agency', () => {
        given([invoice, secondInvoice, referredToAgency()])
          .when(referToAgency({ referralId: 'AG-2', agency: 'Other', invoiceIds: ['INV-2', 'INV-1'] }))
          .thenThrows('referral-conflict', /INV-1 is already with Acme Collections/);
      });

      it('refers the invoice again after a recall', () => {
        const next = { referralId: 'AG-2', agency: 'Other', referredOn: '2024-05-01' };
        given([invoice, referredToAgency(), agencyRecallMade()])
          .when(referToAgency(next))
          .then([referredToAgency(next)]);
      });

      it('refuses a referral id used before', () => {
        given([invoice, referredToAgency(), agencyRecallMade()])
          .when(referToAgency({ referredOn: '2024-05-01' }))
          .thenThrows('duplicate-id', 'AG-1');
      });

      it('refuses an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(referToAgency()).thenThrows('invoice-settled');
      });

      it('refuses a written-off invoice', () => {
        given([invoice, writtenOff()])
          .when(referToAgency({ referredOn: '2024-07-01' }))
          .thenThrows('invoice-settled');
      });

      it('refuses a referral before the invoice was issued', () => {
        given([invoice])
          .when(referToAgency({ referredOn: '2024-01-01' }))
          .thenThrows('invalid-date');
      });
    });

    describe('RecallFromAgency', () => {
      it('recalls an active referral', () => {
        given([invoice, referredToAgency()]).when(recallFromAgency()).then([agencyRecallMade()]);
      });

      it('refuses an unknown referral', () => {
        given([invoice]).when(recallFromAgency()).thenThrows('referral-not-found', 'AG-1');
      });

      it('refuses a referral already recalled', () => {
        given([invoice, referredToAgency(), agencyRecallMade()])
          .when(recallFromAgency({ recalledOn: '2024-05-01' }))
          .thenThrows('referral-conflict', /already recalled on 2024-04-15/);
      });

      it('refuses a recall dated before the referral', () => {
        given([invoice, referredToAgency()])
          .when(recallFromAgency({ recalledOn: '2024-03-31' }))
          .thenThrows('invalid-date');
      });
    });
  });

  describe('legal', () => {
    it('initiates legal action over open invoices', () => {
      given([invoice])
        .when(initiateLegalAction({ counsel: 'Law & Co' }))
        .then([legalActionInitiated({ counsel: 'Law & Co' })]);
    });

    it('refuses an invoice already in a legal case', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ caseId: 'LA-2', invoiceIds: ['INV-2', 'INV-1'] }))
        .thenThrows('legal-action-conflict', /INV-1 is already in legal case LA-1/);
    });

    it('accepts a case over another invoice', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ caseId: 'LA-2', invoiceIds: ['INV-2'] }))
        .then([legalActionInitiated({ caseId: 'LA-2', invoiceIds: ['INV-2'] })]);
    });

    it('refuses a case id used before', () => {
      given([invoice, secondInvoice, legalActionInitiated()])
        .when(initiateLegalAction({ invoiceIds: ['INV-2'] }))
        .thenThrows('duplicate-id', 'LA-1');
    });

    it('refuses an invoice paid in full', () => {
      given([invoice, paymentReceived()]).when(initiateLegalAction()).thenThrows('invoice-settled');
    });
  });
});

describe('call tasks and escalation proposals', () => {
  const overdue = [invoice, invoiceOverdue(), collectorAssigned()];

  describe('ProposeEscalation', () => {
    it('records the balances and days past due the proposal was based on', () => {
      given(overdue).when(proposeEscalation()).then([escalationProposed()]);
    });

    it('sums balances per currency over several invoices', () => {
      given([...overdue, secondInvoice, paymentReceived({ amount: 4_000 })])
        .when(proposeEscalation({ kind: 'write_off', invoiceIds: ['INV-1', 'INV-2'] }))
        .then([escalationProposed({ kind: 'write_off', invoiceIds: ['INV-1', 'INV-2'], balances: [{ amount: 12_000, currency: 'EUR' }] })]);
    });

    it('refuses a proposal for invoices that are not yet past due', () => {
      given(overdue)
        .when(proposeEscalation({ proposedOn: '2024-02-09' }))
        .thenThrows('not-overdue');
    });

    it('refuses an agency referral proposal for invoices already with an agency', () => {
      given([...overdue, referredToAgency()])
        .when(proposeEscalation())
        .thenThrows('escalation-conflict', /Acme Collections/);
    });

    it('refuses a proposal id used before', () => {
      given([...overdue, escalationProposed()])
        .when(proposeEscalation({ kind: 'write_off' }))
        .thenThrows('duplicate-id');
    });

    it('refuses a proposal for a settled invoice', () => {
      given([...overdue, paymentReceived()])
        .when(proposeEscalation())
        .thenThrows('invoice-settled');
    });
  });

  describe('DeclineEscalation', () => {
    it("declines a pending proposal with the manager's reason", () => {
      given([...overdue, escalationProposed()])
        .when(declineEscalation())
        .then([escalationDeclined()]);
    });

    it('refuses a proposal that does not exist', () => {
      given(overdue).when(declineEscalation()).thenThrows('proposal-not-found', 'ESC-1');
    });

    it('refuses a proposal already declined', () => {
      given([...overdue, escalationProposed(), escalationDeclined()])
        .when(declineEscalation({ declinedOn: '2024-05-21' }))
        .thenThrows('escalation-conflict', /already declined/);
    });

    it('refuses a proposal already accepted by a referral', () => {
      given([...overdue, escalationProposed(), referredToAgency({ referredOn: '2024-05-18', proposalId: 'ESC-1' })])
        .when(declineEscalation())
        .thenThrows('escalation-conflict', /already accepted/);
    });

    it('refuses a decline dated before the proposal', () => {
      given([...overdue, escalationProposed()])
        .when(declineEscalation({ declinedOn: '2024-05-16' }))
        .thenThrows('invalid-date');
    });
  });

  describe('accepting a proposal: the referral or write-off names it', () => {
    const proposed = [...overdue, escalationProposed()];
    const accepting = { referredOn: '2024-05-18', proposalId: 'ESC-1' };

    it('refers the invoices and records the proposal it accepts', () => {
      given(proposed)
        .when(referToAgency(accepting))
        .then([referredToAgency(accepting)]);
    });

    it('accepts a proposal once: a second referral naming it is refused', () => {
      given([...proposed, referredToAgency(accepting)])
        .when(referToAgency({ ...accepting, referralId: 'AG-2', invoiceIds: ['INV-2'] }))
        .thenThrows('escalation-conflict', /already accepted/);
    });

    it('refuses a referral naming a declined proposal', () => {
      given([...proposed, escalationDeclined()])
        .when(referToAgency({ ...accepting, referredOn: '2024-05-21' }))
        .thenThrows('escalation-conflict', /already declined/);
    });

    it('refuses a referral naming an unknown proposal', () => {
      given(overdue).when(referToAgency(accepting)).thenThrows('proposal-not-found', 'ESC-1');
    });

    it('refuses a referral naming a write-off proposal', () => {
      given([...overdue, escalationProposed({ kind: 'write_off' })])
        .when(referToAgency(accepting))
        .thenThrows('escalation-conflict', /proposes a write-off, not an agency referral/);
    });

    it('writes off the invoices and records the write-off proposal it accepts', () => {
      given([...overdue, escalationProposed({ kind: 'write_off' })])
        .when(writeOff({ proposalId: 'ESC-1' }))
        .then([writtenOff({ proposalId: 'ESC-1' })]);
    });

    it('refuses a write-off naming an agency-referral proposal', () => {
      given(proposed)
        .when(writeOff({ proposalId: 'ESC-1' }))
        .thenThrows('escalation-conflict', /not a write-off/);
    });

    it('marks the proposal a write-off names accepted: declining it afterwards is refused', () => {
      given([...overdue, escalationProposed({ kind: 'write_off' }), writtenOff({ proposalId: 'ESC-1', writtenOffOn: '2024-05-18' })])
        .when(declineEscalation())
        .thenThrows('escalation-conflict', /already accepted/);
    });

    it('without a proposal, refers and writes off as before and leaves pending proposals pending', () => {
      given([...proposed, referredToAgency({ referredOn: '2024-05-18' })])
        .when(declineEscalation())
        .then([escalationDeclined()]);
    });
  });
});
