import {
  active,
  assignDispute,
  claimDeduction,
  creditMemoIssued,
  deductionClaimed,
  disputeAssigned,
  disputeOwnerReminded,
  disputeRaised,
  disputeResolved,
  fold,
  given,
  invoiceRegistered,
  paymentReceived,
  raiseDispute,
  remindDisputeOwner,
  resolveDispute,
} from '../../testing/decider-specification';

// Deductions and disputes (step 2), resolved with or without a credit memo.

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();

describe('decide', () => {
  describe('deductions and disputes', () => {
    describe('ClaimDeduction', () => {
      it('records a claimed deduction', () => {
        given([invoice]).when(claimDeduction()).then([deductionClaimed()]);
      });

      it('refuses a deduction above the open balance', () => {
        given([invoice, paymentReceived({ amount: 9_800 })])
          .when(claimDeduction({ amount: 300 }))
          .thenThrows('amount-exceeds-balance');
      });

      it('refuses a deduction on an unknown invoice', () => {
        given([invoice])
          .when(claimDeduction({ invoiceId: 'INV-9' }))
          .thenThrows('invoice-not-found');
      });

      it('refuses a deduction in another currency', () => {
        given([invoice])
          .when(claimDeduction({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });

      it('refuses a deduction dated before the invoice', () => {
        given([invoice])
          .when(claimDeduction({ claimedOn: '2024-01-05' }))
          .thenThrows('invalid-date');
      });

      it('refuses an id that a dispute already has (deductions and disputes share ids)', () => {
        given([invoice, disputeRaised()]).when(claimDeduction()).thenThrows('duplicate-id', 'D-1');
      });

      it('refuses a deduction of nothing', () => {
        given([invoice])
          .when(claimDeduction({ amount: 0 }))
          .thenThrows('invalid-amount');
      });
    });

    describe('RaiseDispute', () => {
      it('records a dispute with its category', () => {
        given([invoice])
          .when(raiseDispute({ category: 'wrong_item', description: 'Blue instead of red' }))
          .then([disputeRaised({ category: 'wrong_item', description: 'Blue instead of red' })]);
      });

      it('refuses a disputed amount above the open balance', () => {
        given([invoice])
          .when(raiseDispute({ amount: 10_001 }))
          .thenThrows('amount-exceeds-balance');
      });

      it('refuses a dispute on an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(raiseDispute()).thenThrows('invoice-settled');
      });

      it('refuses a dispute id used before', () => {
        given([invoice, deductionClaimed()]).when(raiseDispute()).thenThrows('duplicate-id');
      });

      it('refuses a dispute in another currency', () => {
        given([invoice])
          .when(raiseDispute({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });
    });

    describe('ResolveDispute', () => {
      it('resolves a dispute as customer_liable with no credit', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ note: 'Goods were fine' }))
          .then([disputeResolved({ note: 'Goods were fine' })]);
      });

      it('resolves a dispute with a credit memo that names the dispute', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 1_500 } }))
          .then([
            disputeResolved({ resolution: 'credit_issued' }),
            creditMemoIssued({
              creditMemoId: 'CM-5',
              amount: 1_500,
              issuedOn: '2024-02-20',
              reason: 'Dispute D-1 (damaged_goods)',
              disputeId: 'D-1',
            }),
          ]);
      });

      it('authorizes a deduction through the same resolution', () => {
        given([invoice, deductionClaimed()])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 500 } }))
          .then([
            disputeResolved({ resolution: 'credit_issued' }),
            creditMemoIssued({
              creditMemoId: 'CM-5',
              amount: 500,
              issuedOn: '2024-02-20',
              reason: 'Authorized deduction D-1',
              disputeId: 'D-1',
            }),
          ]);
      });

      it('rejects a deduction as customer_liable', () => {
        given([invoice, deductionClaimed()]).when(resolveDispute()).then([disputeResolved()]);
      });

      it('never credits more than the disputed amount', () => {
        given([invoice, disputeRaised({ amount: 2_000 })])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 2_001 } }))
          .thenThrows('amount-exceeds-balance', /in dispute D-1/);
      });

      it('never credits more than the open balance', () => {
        given([invoice, disputeRaised({ amount: 2_000 }), paymentReceived({ amount: 9_000 })])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 1_500 } }))
          .thenThrows('amount-exceeds-balance', /open balance of 10\.00 EUR/);
      });

      it('cannot credit an invoice that was paid in full meanwhile', () => {
        given([invoice, disputeRaised(), paymentReceived()])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 1_000 } }))
          .thenThrows('invoice-settled');
      });

      it('requires the credit memo for a credit_issued resolution', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ resolution: 'credit_issued' }))
          .thenThrows('invalid-amount', /needs the credit memo/);
      });

      it('refuses a credit with a customer_liable resolution', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ credit: { creditMemoId: 'CM-5', amount: 100 } }))
          .thenThrows('invalid-amount', /issues no credit/);
      });

      it('refuses a credit of nothing', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 0 } }))
          .thenThrows('invalid-amount');
      });

      it('refuses a credit memo id used before', () => {
        given([invoice, creditMemoIssued({ creditMemoId: 'CM-5' }), disputeRaised()])
          .when(resolveDispute({ resolution: 'credit_issued', credit: { creditMemoId: 'CM-5', amount: 100 } }))
          .thenThrows('duplicate-id');
      });

      it('refers to an existing dispute', () => {
        given([invoice])
          .when(resolveDispute({ disputeId: 'D-9' }))
          .thenThrows('dispute-not-found', 'D-9');
      });

      it('resolves a dispute only once', () => {
        given([invoice, disputeRaised(), disputeResolved()])
          .when(resolveDispute({ resolvedOn: '2024-03-01' }))
          .thenThrows('dispute-not-open', /2024-02-20/);
      });

      it('cannot resolve a dispute before it was raised', () => {
        given([invoice, disputeRaised()])
          .when(resolveDispute({ resolvedOn: '2024-02-11' }))
          .thenThrows('invalid-date');
      });
    });
  });
});

describe('evolve', () => {
  it('applies a settled dispute credit to the invoice and closes the dispute', () => {
    const account = active(
      fold([
        invoice,
        disputeRaised(),
        disputeResolved({ resolution: 'credit_issued' }),
        creditMemoIssued({ amount: 2_000, disputeId: 'D-1' }),
      ]),
    );
    expect(account.invoices.get('INV-1')).toMatchObject({ credited: 2_000, balance: 8_000 });
    expect(account.disputes.get('D-1')).toMatchObject({
      kind: 'dispute',
      status: 'resolved',
      resolution: 'credit_issued',
      resolvedOn: '2024-02-20',
    });
  });

  it('keeps deductions with disputes, as kind deduction', () => {
    const account = active(fold([invoice, deductionClaimed()]));
    expect(account.disputes.get('D-1')).toMatchObject({ kind: 'deduction', category: 'deduction', amount: 500, status: 'open' });
  });
});

describe('a dispute with an owner and a target date', () => {
  const raised = [invoice, disputeRaised()];

  it('given a dispute raised, when it is assigned to a team, then it has an owner and a target date', () => {
    given(raised).when(assignDispute()).then([disputeAssigned()]);
    expect(active(fold([...raised, disputeAssigned()])).disputes.get('D-1')?.owner).toEqual({
      team: 'logistics',
      targetOn: '2024-02-26',
      assignedOn: '2024-02-12',
    });
  });

  it('reassigns it to a person with a new target, but not to the same owner and target again', () => {
    const assigned = [...raised, disputeAssigned()];
    given(assigned)
      .when(assignDispute({ ownerId: 'lina', targetOn: '2024-03-01', assignedOn: '2024-02-20' }))
      .then([disputeAssigned({ ownerId: 'lina', targetOn: '2024-03-01', assignedOn: '2024-02-20' })]);
    given(assigned).when(assignDispute()).thenThrows('already-assigned');
  });

  it("given the policy's routing decided late, then it never overrides an owner someone already chose", () => {
    given(raised)
      .when(assignDispute({ onlyIfUnassigned: true }))
      .then([disputeAssigned()]);
    given([...raised, disputeAssigned({ ownerTeam: 'quality' })])
      .when(assignDispute({ onlyIfUnassigned: true }))
      .thenThrows('already-assigned', 'quality');
  });

  it('refuses a blank team, a target before the assignment, an assignment before the dispute, and a resolved or unknown dispute', () => {
    given(raised)
      .when(assignDispute({ ownerTeam: ' ' }))
      .thenThrows('invalid-owner');
    given(raised)
      .when(assignDispute({ targetOn: '2024-02-11' }))
      .thenThrows('invalid-date');
    given(raised)
      .when(assignDispute({ assignedOn: '2024-02-11', targetOn: '2024-02-20' }))
      .thenThrows('invalid-date');
    given([...raised, disputeResolved()])
      .when(assignDispute())
      .thenThrows('dispute-not-open');
    given([invoice]).when(assignDispute()).thenThrows('dispute-not-found');
  });

  it('given a dispute past its target date, when its owner is reminded, then once per target only', () => {
    const assigned = [...raised, disputeAssigned()];
    given(assigned).when(remindDisputeOwner()).then([disputeOwnerReminded()]);
    given([...assigned, disputeOwnerReminded()])
      .when(remindDisputeOwner({ remindedOn: '2024-02-28' }))
      .thenThrows('already-reminded');
    // A new target date (reassigned) may be reminded of again once it passes.
    const reassigned = [...assigned, disputeOwnerReminded(), disputeAssigned({ targetOn: '2024-03-05', assignedOn: '2024-02-28' })];
    given(reassigned)
      .when(remindDisputeOwner({ remindedOn: '2024-03-05' }))
      .thenThrows('dispute-not-late');
    given(reassigned)
      .when(remindDisputeOwner({ remindedOn: '2024-03-06' }))
      .then([disputeOwnerReminded({ targetOn: '2024-03-05', remindedOn: '2024-03-06' })]);
  });

  it('refuses to remind before the target has passed, or with no owner', () => {
    given([...raised, disputeAssigned()])
      .when(remindDisputeOwner({ remindedOn: '2024-02-26' }))
      .thenThrows('dispute-not-late');
    given(raised).when(remindDisputeOwner()).thenThrows('invalid-owner');
  });
});
