import { DomainError } from './errors';
import { FUTURE_DATE_TOLERANCE_DAYS, requireHappenedBy } from './happened';
import { contactLogged, given, invoiceRegistered, paymentPlanAgreed, promiseMade } from './testing/decider-specification';

describe('facts are dated no later than today', () => {
  const today = '2024-06-30';

  it('given events dated today and tomorrow, then they pass (a day of tolerance for time zones ahead of UTC)', () => {
    expect(FUTURE_DATE_TOLERANCE_DAYS).toBe(1);
    expect(() =>
      requireHappenedBy([contactLogged({ contactedOn: today }), contactLogged({ contactedOn: '2024-07-01' })], today),
    ).not.toThrow();
  });

  it('given an event dated the day after tomorrow, then it is refused, naming the date', () => {
    expect(() => requireHappenedBy([contactLogged({ contactedOn: '2024-07-02' })], today)).toThrow(
      expect.objectContaining({ code: 'date-in-future', message: expect.stringContaining('2024-07-02') }),
    );
    expect(() => requireHappenedBy([invoiceRegistered({ issuedOn: '2099-12-31', dueOn: '2099-12-31' })], today)).toThrow(DomainError);
  });

  it('given dates of what is to come (a promise, installments), then only the day it was made counts', () => {
    const promise = promiseMade({ madeOn: today, promisedFor: '2025-06-30' });
    const plan = paymentPlanAgreed({ agreedOn: today, installments: [{ number: 1, dueOn: '2026-01-01', amount: 10_000 }] });
    expect(() => requireHappenedBy([promise, plan], today)).not.toThrow();
  });
});

describe('the reserved collector id', () => {
  it('given an account, when it is assigned to "unassigned", then it is refused', () => {
    given([invoiceRegistered()])
      .when({ type: 'AssignCollector', data: { collectorId: 'unassigned', assignedOn: '2024-02-01' } })
      .thenThrows('reserved-id', /nobody is assigned/);
  });
});
