import {
  active,
  callTaskScheduled,
  collectorAssigned,
  confirmPromiseKept,
  contactLogged,
  creditMemoIssued,
  declarePromiseBroken,
  fold,
  given,
  invoiceOverdue,
  invoiceRegistered,
  logContact,
  makePromise,
  paymentPlanAgreed,
  paymentReceived,
  promiseBroken,
  promiseKept,
  promiseMade,
  scheduleCallTask,
  writtenOff,
} from '../../testing/decider-specification';

// Direct contact (step 4), promises to pay and how they are judged (step 7), and call tasks.

// The default invoice: INV-1, 100.00 EUR, issued 2024-01-10, due 2024-02-09.
const invoice = invoiceRegistered();
const secondInvoice = invoiceRegistered({ invoiceId: 'INV-2', amount: 6_000, issuedOn: '2024-01-20', dueOn: '2024-02-19' });

describe('decide', () => {
  describe('contacts', () => {
    it('logs a contact with the person, the reason for lateness and the outcome', () => {
      const data = { reasonForLateness: 'Waiting on their customer', notes: 'Call back Friday' };
      given([invoice])
        .when(logContact(data))
        .then([contactLogged(data)]);
    });

    it('refuses a contact id used before', () => {
      given([invoice, contactLogged()])
        .when(logContact({ contactedOn: '2024-02-20' }))
        .thenThrows('duplicate-id', 'C-1');
    });
  });

  describe('promises', () => {
    describe('MakePromise', () => {
      it('records a promise for the open balance', () => {
        given([invoice]).when(makePromise()).then([promiseMade()]);
      });

      it('records a promise for part of the balance, due the day it is made', () => {
        given([invoice])
          .when(makePromise({ amount: 3_000, promisedFor: '2024-02-16' }))
          .then([promiseMade({ amount: 3_000, promisedFor: '2024-02-16' })]);
      });

      it('records a promise covering several invoices up to their combined balance', () => {
        given([invoice, secondInvoice])
          .when(makePromise({ invoiceIds: ['INV-1', 'INV-2'], amount: 16_000 }))
          .then([promiseMade({ invoiceIds: ['INV-1', 'INV-2'], amount: 16_000 })]);
      });

      it.each([0, -5])('refuses a promised amount of %p', (amount) => {
        given([invoice]).when(makePromise({ amount })).thenThrows('invalid-amount');
      });

      it('refuses a promise above the open balance', () => {
        given([invoice, paymentReceived({ amount: 4_000 })])
          .when(makePromise({ amount: 6_001 }))
          .thenThrows('amount-exceeds-balance', /60\.01 EUR.*60\.00 EUR/);
      });

      it('refuses a promise for a day before it was made', () => {
        given([invoice])
          .when(makePromise({ promisedFor: '2024-02-15' }))
          .thenThrows('invalid-date');
      });

      it('refuses a promise on an unknown invoice', () => {
        given([invoice])
          .when(makePromise({ invoiceIds: ['INV-9'] }))
          .thenThrows('invoice-not-found');
      });

      it('refuses a promise on an invoice paid in full', () => {
        given([invoice, paymentReceived()]).when(makePromise()).thenThrows('invoice-settled');
      });

      it('refuses a promise on a written-off invoice', () => {
        given([invoice, writtenOff()])
          .when(makePromise({ madeOn: '2024-06-02', promisedFor: '2024-06-30' }))
          .thenThrows('invoice-settled');
      });

      it('refuses a promise in another currency', () => {
        given([invoice])
          .when(makePromise({ currency: 'USD' }))
          .thenThrows('currency-mismatch');
      });

      it('refuses a promise overlapping an open promise', () => {
        given([invoice, secondInvoice, promiseMade({ amount: 5_000 })])
          .when(makePromise({ promiseId: 'PR-2', invoiceIds: ['INV-2', 'INV-1'], amount: 1_000 }))
          .thenThrows('promise-conflict', /INV-1.*PR-1/);
      });

      it('accepts a new promise once the earlier one is broken', () => {
        const next = { promiseId: 'PR-2', amount: 10_000, madeOn: '2024-03-01', promisedFor: '2024-03-15' };
        given([invoice, promiseMade(), promiseBroken()])
          .when(makePromise(next))
          .then([promiseMade(next)]);
      });

      it('refuses a promise id used before', () => {
        given([invoice, promiseMade(), promiseBroken()])
          .when(makePromise({ madeOn: '2024-03-01', promisedFor: '2024-03-15' }))
          .thenThrows('duplicate-id', 'PR-1');
      });
    });

    describe('ConfirmPromiseKept', () => {
      it('confirms a promise paid in full after it was made', () => {
        given([invoice, promiseMade({ amount: 6_000 }), paymentReceived({ amount: 6_000, receivedOn: '2024-02-27' })])
          .when(confirmPromiseKept())
          .then([promiseKept({ amountPaid: 6_000 })]);
      });

      it('adds up several payments made after the promise', () => {
        given([
          invoice,
          promiseMade({ amount: 6_000 }),
          paymentReceived({ paymentId: 'PAY-1', amount: 2_000, receivedOn: '2024-02-16' }),
          paymentReceived({ paymentId: 'PAY-2', amount: 5_000, receivedOn: '2024-02-27' }),
        ])
          .when(confirmPromiseKept())
          .then([promiseKept({ amountPaid: 7_000 })]);
      });

      it('does not count a payment received before the promise was made', () => {
        given([invoice, paymentReceived({ amount: 4_000, receivedOn: '2024-02-01' }), promiseMade({ amount: 4_000 })])
          .when(confirmPromiseKept())
          .thenThrows('promise-not-fulfilled', /40\.00 EUR of it is still unpaid/);
      });

      it('refuses while the promise is only partly paid', () => {
        given([invoice, promiseMade({ amount: 6_000 }), paymentReceived({ amount: 2_500, receivedOn: '2024-02-20' })])
          .when(confirmPromiseKept())
          .thenThrows('promise-not-fulfilled', /35\.00 EUR/);
      });

      it('counts a promise kept when its invoices were settled by a credit', () => {
        given([
          invoice,
          promiseMade({ amount: 10_000 }),
          paymentReceived({ amount: 4_000, receivedOn: '2024-02-20' }),
          creditMemoIssued({ amount: 6_000, issuedOn: '2024-02-21' }),
        ])
          .when(confirmPromiseKept())
          .then([promiseKept({ amountPaid: 4_000 })]);
      });

      it('refuses an unknown promise', () => {
        given([invoice]).when(confirmPromiseKept()).thenThrows('promise-not-found', 'PR-1');
      });

      it('refuses a promise that is no longer open', () => {
        given([invoice, promiseMade(), paymentReceived({ receivedOn: '2024-02-20' }), promiseKept()])
          .when(confirmPromiseKept())
          .thenThrows('promise-not-open', /kept/);
      });
    });

    describe('DeclarePromiseBroken', () => {
      it('declares an unpaid promise broken the day after it was due', () => {
        given([invoice, promiseMade()]).when(declarePromiseBroken()).then([promiseBroken()]);
      });

      it('computes the shortfall from what was paid after the promise', () => {
        given([
          invoice,
          paymentReceived({ paymentId: 'PAY-0', amount: 1_000, receivedOn: '2024-02-01' }),
          promiseMade({ amount: 8_000 }),
          paymentReceived({ paymentId: 'PAY-1', amount: 3_000, receivedOn: '2024-02-25' }),
        ])
          .when(declarePromiseBroken())
          .then([promiseBroken({ amountPaid: 3_000, shortfall: 5_000 })]);
      });

      it('cannot break a promise on the day it is due', () => {
        given([invoice, promiseMade()])
          .when(declarePromiseBroken({ brokenOn: '2024-02-28' }))
          .thenThrows('promise-not-due', /2024-02-28/);
      });

      it('cannot break a promise that was paid in full', () => {
        given([invoice, promiseMade({ amount: 5_000 }), paymentReceived({ amount: 5_000, receivedOn: '2024-02-28' })])
          .when(declarePromiseBroken())
          .thenThrows('promise-fulfilled');
      });

      it('refuses a promise that is no longer open', () => {
        given([invoice, promiseMade(), promiseBroken()])
          .when(declarePromiseBroken({ brokenOn: '2024-03-05' }))
          .thenThrows('promise-not-open');
      });

      it('refuses an unknown promise', () => {
        given([invoice])
          .when(declarePromiseBroken({ promiseId: 'PR-9' }))
          .thenThrows('promise-not-found');
      });
    });
  });
});

describe('evolve', () => {
  it('counts toward a promise only payments on its invoices received since it was made', () => {
    const account = active(
      fold([
        invoice,
        secondInvoice,
        paymentReceived({ paymentId: 'PAY-0', amount: 1_000, receivedOn: '2024-02-01' }),
        promiseMade({ amount: 6_000 }),
        paymentReceived({ paymentId: 'PAY-1', amount: 1_500, receivedOn: '2024-02-15' }),
        paymentReceived({ paymentId: 'PAY-2', amount: 2_000, receivedOn: '2024-02-16' }),
        paymentReceived({ paymentId: 'PAY-3', invoiceId: 'INV-2', amount: 3_000, receivedOn: '2024-02-20' }),
        paymentReceived({ paymentId: 'PAY-4', amount: 2_500, receivedOn: '2024-02-27' }),
      ]),
    );
    expect(account.promises.get('PR-1')).toMatchObject({ paid: 4_500, status: 'open' });
  });

  it('stops counting payments once a promise is settled', () => {
    const afterKept = active(
      fold([
        invoice,
        promiseMade({ amount: 2_000 }),
        paymentReceived({ amount: 2_000, receivedOn: '2024-02-20' }),
        promiseKept({ amountPaid: 2_000 }),
        paymentReceived({ paymentId: 'PAY-2', amount: 1_000, receivedOn: '2024-03-01' }),
      ]),
    );
    expect(afterKept.promises.get('PR-1')).toMatchObject({ paid: 2_000, status: 'kept' });
    const afterBroken = active(fold([invoice, promiseMade(), promiseBroken()]));
    expect(afterBroken.promises.get('PR-1')).toMatchObject({ paid: 0, status: 'broken' });
  });
});

describe('rules tightened after review', () => {
  it('does not count a written-off promise as kept', () => {
    given([invoice, promiseMade(), writtenOff()])
      .when(confirmPromiseKept())
      .thenThrows('promise-not-fulfilled', /10000?\.00 EUR|100\.00 EUR/);
  });

  it('breaks a written-off promise for its whole amount', () => {
    given([invoice, promiseMade(), writtenOff()])
      .when(declarePromiseBroken({ brokenOn: '2024-06-02' }))
      .then([promiseBroken({ brokenOn: '2024-06-02', amountPaid: 0, shortfall: 10_000 })]);
  });

  it('lowers a broken promise to what a later credit left open', () => {
    given([
      invoice,
      promiseMade({ amount: 5_000 }),
      creditMemoIssued({ amount: 8_000, issuedOn: '2024-02-20' }),
      paymentReceived({ amount: 1_000, receivedOn: '2024-02-21' }),
    ])
      .when(declarePromiseBroken())
      .then([promiseBroken({ amountPaid: 1_000, shortfall: 1_000 })]);
  });

  it('counts a promise whose invoice a credit and a payment settled as kept', () => {
    given([
      invoice,
      promiseMade({ amount: 5_000 }),
      creditMemoIssued({ amount: 8_000, issuedOn: '2024-02-20' }),
      paymentReceived({ amount: 2_000, receivedOn: '2024-02-21' }),
    ])
      .when(declarePromiseBroken())
      .thenThrows('promise-fulfilled');
  });

  it('refuses to keep a promise before it was made', () => {
    given([invoice, promiseMade(), paymentReceived({ receivedOn: '2024-02-20' })])
      .when(confirmPromiseKept({ keptOn: '2024-02-01' }))
      .thenThrows('invalid-date', /made on 2024-02-16/);
  });

  it('refuses an empty invoice id where an overlap is checked', () => {
    given([invoiceRegistered({ invoiceId: '' }), promiseMade({ invoiceIds: [''] })])
      .when(makePromise({ promiseId: 'PR-2', invoiceIds: [''] }))
      .thenThrows('promise-conflict');
  });
});

describe('call tasks and escalation proposals', () => {
  const overdue = [invoice, invoiceOverdue(), collectorAssigned()];

  describe('ScheduleCallTask', () => {
    it('schedules a call that stands for a dunning level', () => {
      given(overdue).when(scheduleCallTask()).then([callTaskScheduled()]);
    });

    it('schedules a call before a plan installment falls due', () => {
      const task = {
        reason: 'installment_due' as const,
        level: undefined,
        planId: 'PL-1',
        installmentNumber: 2,
        dueOn: '2024-03-29',
        scheduledOn: '2024-03-29',
      };
      const { level: _level, ...data } = callTaskScheduled(task).data;
      given([...overdue, paymentPlanAgreed()])
        .when({ type: 'ScheduleCallTask', data })
        .then([{ type: 'CallTaskScheduled', data }]);
    });

    it('refuses a task id used before', () => {
      given([...overdue, callTaskScheduled()])
        .when(scheduleCallTask())
        .thenThrows('duplicate-id', /CT-1/);
    });

    it('refuses a call about a settled invoice', () => {
      given([...overdue, paymentReceived()])
        .when(scheduleCallTask())
        .thenThrows('invoice-settled');
    });

    it('refuses a task due before it is scheduled', () => {
      given(overdue)
        .when(scheduleCallTask({ dueOn: '2024-02-19' }))
        .thenThrows('invalid-date', /before it is scheduled/);
    });

    it('refuses a dunning call without a level', () => {
      given(overdue)
        .when(scheduleCallTask({ level: 0 }))
        .thenThrows('invalid-level');
    });

    it('refuses a call about a promise the account does not have', () => {
      given(overdue)
        .when(scheduleCallTask({ reason: 'promise_broken', promiseId: 'PR-9' }))
        .thenThrows('promise-not-found');
    });

    it('refuses a call about an installment the plan does not have', () => {
      given([...overdue, paymentPlanAgreed()])
        .when(scheduleCallTask({ reason: 'installment_due', planId: 'PL-1', installmentNumber: 3 }))
        .thenThrows('installment-invalid');
    });

    it('refuses an unknown reason', () => {
      const command = scheduleCallTask();
      given(overdue)
        .when({ ...command, data: { ...command.data, reason: 'gossip' as never } })
        .thenThrows('invalid-call-task');
    });

    it('refuses a malformed due date', () => {
      given(overdue)
        .when(scheduleCallTask({ dueOn: '2024-02-30' }))
        .thenThrows('invalid-date', /dueOn/);
    });
  });
});
