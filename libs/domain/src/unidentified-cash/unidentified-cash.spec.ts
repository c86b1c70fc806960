import { DomainError } from '../errors';
import {
  UnidentifiedCashCommand,
  UnidentifiedCashEvent,
  UnidentifiedCashReceived,
  decideUnidentifiedCash,
  evolveUnidentifiedCash,
  initialUnidentifiedCash,
} from './unidentified-cash';

// Unidentified cash: 80.00 EUR booked 2024-03-04 from a payer nobody knows.
const received: UnidentifiedCashReceived = {
  type: 'UnidentifiedCashReceived',
  data: {
    paymentId: 'BNK-7',
    amount: 8_000,
    currency: 'EUR',
    receivedOn: '2024-03-04',
    payer: { name: 'J. Petraitis' },
    remittance: 'thanks',
    candidates: [{ customerId: 'CUST-1', reason: 'an open invoice of exactly 80.00 EUR' }],
  },
};
const assigned: UnidentifiedCashEvent = {
  type: 'UnidentifiedCashAssigned',
  data: { paymentId: 'BNK-7', customerId: 'CUST-1', assignedOn: '2024-03-05' },
};

function given(events: UnidentifiedCashEvent[]) {
  const state = events.reduce(evolveUnidentifiedCash, initialUnidentifiedCash());
  return {
    when: (command: UnidentifiedCashCommand) => ({
      then: (expected: UnidentifiedCashEvent[]) => expect(decideUnidentifiedCash(command, state)).toEqual(expected),
      thenThrows: (code: string) => {
        expect(() => decideUnidentifiedCash(command, state)).toThrow(DomainError);
        expect(() => decideUnidentifiedCash(command, state)).toThrow(expect.objectContaining({ code }));
      },
    }),
  };
}

describe('unidentified cash', () => {
  it('given nothing, when cash nobody is known for arrives, then it waits with the candidates found', () => {
    given([]).when({ type: 'ReceiveUnidentifiedCash', data: received.data }).then([received]);
  });

  it('given it was received, when the same payment arrives again, then it is refused', () => {
    given([received]).when({ type: 'ReceiveUnidentifiedCash', data: received.data }).thenThrows('duplicate-id');
  });

  it('given it waits, when a person assigns it to a customer, then it is assigned once', () => {
    given([received])
      .when({ type: 'AssignUnidentifiedCash', data: assigned.data as never })
      .then([assigned]);
    given([received, assigned])
      .when({ type: 'AssignUnidentifiedCash', data: assigned.data as never })
      .thenThrows('cash-not-waiting');
  });

  it('given it was assigned, when someone refunds it, then it is refused: the money is on the account now', () => {
    given([received, assigned])
      .when({ type: 'RefundUnidentifiedCash', data: { paymentId: 'BNK-7', refundedOn: '2024-03-06', reason: 'unknown payer' } })
      .thenThrows('cash-not-waiting');
  });

  it('given it waits, when it is refunded, then it cannot be assigned any more', () => {
    const refunded: UnidentifiedCashEvent = {
      type: 'UnidentifiedCashRefunded',
      data: { paymentId: 'BNK-7', refundedOn: '2024-03-06', reason: 'unknown payer' },
    };
    given([received])
      .when({ type: 'RefundUnidentifiedCash', data: refunded.data as never })
      .then([refunded]);
    given([received, refunded])
      .when({ type: 'AssignUnidentifiedCash', data: assigned.data as never })
      .thenThrows('cash-not-waiting');
  });

  it('given nothing, when a person assigns a payment, then it is not found; and a date before receipt is refused', () => {
    given([])
      .when({ type: 'AssignUnidentifiedCash', data: assigned.data as never })
      .thenThrows('payment-not-found');
    given([received])
      .when({ type: 'AssignUnidentifiedCash', data: { paymentId: 'BNK-7', customerId: 'CUST-1', assignedOn: '2024-03-01' } })
      .thenThrows('invalid-date');
  });
});
