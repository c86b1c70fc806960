import {
  collectorAssigned,
  creditHoldPlaced,
  fold,
  invoiceOverdue,
  invoiceRegistered,
  paymentReceived,
  promiseBroken,
  promiseMade,
  referredToAgency,
} from '@collections/domain/testing/decider-specification';
import { CollectionEvent, decide } from '@collections/domain';
import { reactTo } from './reactions';
import { TEST_POLICY, appendDecided } from './testing/policy-specification';

const overdue = [invoiceRegistered(), invoiceOverdue(), collectorAssigned()];
const after = (events: CollectionEvent[]) => fold(events);

describe('reactTo', () => {
  it('puts the customer on credit hold when the account is referred to an agency', () => {
    const referral = referredToAgency();
    expect(reactTo(referral, after([...overdue, referral]), TEST_POLICY)).toEqual([
      { type: 'PlaceCreditHold', data: { reason: 'Referred to Acme Collections (referral AG-1)', placedOn: '2024-04-01' } },
    ]);
  });

  it('places no second hold', () => {
    const referral = referredToAgency();
    expect(reactTo(referral, after([...overdue, creditHoldPlaced({ placedOn: '2024-03-20' }), referral]), TEST_POLICY)).toEqual([]);
  });

  it('asks the collector to call back after a broken promise, once', () => {
    const broken = promiseBroken({ amountPaid: 4_000, shortfall: 6_000 });
    const history = [...overdue, promiseMade(), paymentReceived({ amount: 4_000, receivedOn: '2024-02-20' }), broken];
    const commands = reactTo(broken, after(history), TEST_POLICY);
    expect(commands).toEqual([
      {
        type: 'ScheduleCallTask',
        data: {
          taskId: 'P-CT-PROMISE-PR-1',
          reason: 'promise_broken',
          invoiceIds: ['INV-1'],
          collectorId: 'alice',
          dueOn: '2024-02-29',
          scheduledOn: '2024-02-29',
          promiseId: 'PR-1',
        },
      },
    ]);
    expect(() => decide(commands[0], after(history))).not.toThrow();
    expect(reactTo(broken, after(appendDecided(history, commands)), TEST_POLICY)).toEqual([]);
  });

  it('asks for no call for an excluded customer', () => {
    const broken = promiseBroken();
    const excluding = { ...TEST_POLICY, overrides: { 'ACME-1': { excluded: true as const } } };
    expect(reactTo(broken, after([...overdue, promiseMade(), broken]), excluding, { customerId: 'ACME-1' })).toEqual([]);
  });

  it('reacts to nothing else', () => {
    expect(reactTo(paymentReceived(), after([...overdue, paymentReceived()]), TEST_POLICY)).toEqual([]);
  });
});
