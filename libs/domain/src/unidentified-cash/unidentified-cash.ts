import { BusinessDate } from '../business-date';
import { DomainError } from '../errors';
import { requireNotBefore, requirePositive } from '../guards';
import type { Command, Event } from '../message';
import type { ReceivedCash } from '../steps/cash-application/cash-application';

/**
 * Unidentified cash: money the bank reports whose customer nobody can tell yet (no known payer
 * account, no invoice reference). It cannot go on an account, and it must not be lost or sit
 * in a spreadsheet, so each such payment is its own small history, `unidentified-cash-<id>`:
 * received, then assigned to a customer by a person (the money then arrives on that account as
 * unapplied cash) or refunded. A decider of its own, beside the collection account's.
 */

/** A customer the matcher thinks the money might be from, and why (dunning them pauses while it waits). */
export interface CashCandidate {
  customerId: string;
  reason: string;
}

// Events

export type UnidentifiedCashReceived = Event<'UnidentifiedCashReceived', ReceivedCash & { candidates: CashCandidate[] }>;
export type UnidentifiedCashAssigned = Event<
  'UnidentifiedCashAssigned',
  { paymentId: string; customerId: string; assignedOn: BusinessDate }
>;
export type UnidentifiedCashRefunded = Event<'UnidentifiedCashRefunded', { paymentId: string; refundedOn: BusinessDate; reason: string }>;

export type UnidentifiedCashEvent = UnidentifiedCashReceived | UnidentifiedCashAssigned | UnidentifiedCashRefunded;

export const UNIDENTIFIED_CASH_EVENT_TYPES = [
  'UnidentifiedCashReceived',
  'UnidentifiedCashAssigned',
  'UnidentifiedCashRefunded',
] as const satisfies readonly UnidentifiedCashEvent['type'][];

// Commands

export type ReceiveUnidentifiedCash = Command<'ReceiveUnidentifiedCash', UnidentifiedCashReceived['data']>;
export type AssignUnidentifiedCash = Command<'AssignUnidentifiedCash', UnidentifiedCashAssigned['data']>;
export type RefundUnidentifiedCash = Command<'RefundUnidentifiedCash', UnidentifiedCashRefunded['data']>;

export type UnidentifiedCashCommand = ReceiveUnidentifiedCash | AssignUnidentifiedCash | RefundUnidentifiedCash;

// State

export type UnidentifiedCashState =
  | { status: 'none' }
  | {
      status: 'waiting' | 'assigned' | 'refunded';
      received: UnidentifiedCashReceived['data'];
      assignedTo?: string;
    };

export const initialUnidentifiedCash = (): UnidentifiedCashState => ({ status: 'none' });

const isUnidentifiedCashType = new Set<string>(UNIDENTIFIED_CASH_EVENT_TYPES);

export function isUnidentifiedCashEvent(event: { type: string }): event is UnidentifiedCashEvent {
  return isUnidentifiedCashType.has(event.type);
}

// Decide

export function decideUnidentifiedCash(command: UnidentifiedCashCommand, state: UnidentifiedCashState): UnidentifiedCashEvent[] {
  switch (command.type) {
    case 'ReceiveUnidentifiedCash': {
      if (state.status !== 'none') {
        throw new DomainError('duplicate-id', `Unidentified cash ${command.data.paymentId} was already received`);
      }
      requirePositive(command.data.amount, 'A payment');
      return [{ type: 'UnidentifiedCashReceived', data: command.data }];
    }
    case 'AssignUnidentifiedCash': {
      const received = waiting(state, command.data.paymentId, 'assign');
      requireNotBefore(
        command.data.assignedOn,
        received.receivedOn,
        `Payment ${received.paymentId} cannot be assigned before it was received on ${received.receivedOn}`,
      );
      return [{ type: 'UnidentifiedCashAssigned', data: command.data }];
    }
    case 'RefundUnidentifiedCash': {
      const received = waiting(state, command.data.paymentId, 'refund');
      requireNotBefore(
        command.data.refundedOn,
        received.receivedOn,
        `Payment ${received.paymentId} cannot be refunded before it was received on ${received.receivedOn}`,
      );
      return [{ type: 'UnidentifiedCashRefunded', data: command.data }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`Unknown command ${JSON.stringify(unknown)}`);
    }
  }
}

function waiting(state: UnidentifiedCashState, paymentId: string, action: string): UnidentifiedCashReceived['data'] {
  if (state.status === 'none') throw new DomainError('payment-not-found', `There is no unidentified cash ${paymentId}`);
  if (state.status !== 'waiting') {
    const done = state.status === 'assigned' ? `assigned to customer ${state.assignedTo}` : 'refunded';
    throw new DomainError('cash-not-waiting', `Cannot ${action} payment ${paymentId}: it was already ${done}`);
  }
  return state.received;
}

// Evolve: total, as the account's

export function evolveUnidentifiedCash(state: UnidentifiedCashState, event: UnidentifiedCashEvent): UnidentifiedCashState {
  switch (event.type) {
    case 'UnidentifiedCashReceived':
      return { status: 'waiting', received: event.data };
    case 'UnidentifiedCashAssigned':
      return state.status === 'none' ? state : { ...state, status: 'assigned', assignedTo: event.data.customerId };
    case 'UnidentifiedCashRefunded':
      return state.status === 'none' ? state : { ...state, status: 'refunded' };
    default: {
      const unknown: never = event;
      void unknown;
      return state;
    }
  }
}

/** The business day each of its events happened on. */
export function unidentifiedCashOccurredOn(event: UnidentifiedCashEvent): BusinessDate {
  switch (event.type) {
    case 'UnidentifiedCashReceived':
      return event.data.receivedOn;
    case 'UnidentifiedCashAssigned':
      return event.data.assignedOn;
    case 'UnidentifiedCashRefunded':
      return event.data.refundedOn;
  }
}
