import { BusinessDate, CollectionCommand } from '@collections/domain';

/**
 * Deterministic ids for what the policy engine asks for. Each is derived from the rule, the
 * date and the invoices concerned (or from the arrangement it follows up), so a rerun for the
 * same date plans the same ids, while a different set of invoices on the same day gets its own.
 * The `P-` prefix keeps them apart from ids people type, and the API refuses ids of the engine's
 * shapes (`isPolicyEngineId`) for what the engine also records (reminders, notices, call tasks,
 * proposals, referrals): the ids are predictable, and one taken first would make the engine's
 * command a duplicate. Ids use only letters, digits and `. _ : -`, as the API's ids do.
 */
export const POLICY_ID_PREFIX = 'P-';

const DAY = '\\d{4}-\\d{2}-\\d{2}';
/** The start of every id `policyIds` makes: the engine's own, never a client's. */
export const POLICY_ENGINE_ID = new RegExp(`^${POLICY_ID_PREFIX}(R\\d+-${DAY}-|FN-${DAY}-|CT-|AR-${DAY}-|WO-${DAY}-|AG-${DAY}-)`);

/** True for an id of one of the shapes `policyIds` makes. */
export function isPolicyEngineId(id: string): boolean {
  return POLICY_ENGINE_ID.test(id);
}

/** A short, stable fingerprint of a set of invoice ids (FNV-1a, 32 bits, base 36). */
export function invoiceSetKey(invoiceIds: readonly string[]): string {
  let hash = 0x811c9dc5;
  for (const char of [...invoiceIds].sort().join('\n')) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, '0');
}

export const policyIds = {
  reminder: (on: BusinessDate, level: number, invoiceIds: readonly string[]) =>
    `${POLICY_ID_PREFIX}R${level}-${on}-${invoiceSetKey(invoiceIds)}`,
  finalNotice: (on: BusinessDate, invoiceIds: readonly string[]) => `${POLICY_ID_PREFIX}FN-${on}-${invoiceSetKey(invoiceIds)}`,
  dunningCall: (on: BusinessDate, level: number, invoiceIds: readonly string[]) =>
    `${POLICY_ID_PREFIX}CT-L${level}-${on}-${invoiceSetKey(invoiceIds)}`,
  installmentCall: (planId: string, installmentNumber: number) => `${POLICY_ID_PREFIX}CT-PLAN-${planId}-${installmentNumber}`,
  brokenPromiseCall: (promiseId: string) => `${POLICY_ID_PREFIX}CT-PROMISE-${promiseId}`,
  highValueCall: (on: BusinessDate) => `${POLICY_ID_PREFIX}CT-HV-${on}`,
  proposal: (kind: 'agency_referral' | 'write_off', on: BusinessDate, invoiceIds: readonly string[]) =>
    `${POLICY_ID_PREFIX}${kind === 'agency_referral' ? 'AR' : 'WO'}-${on}-${invoiceSetKey(invoiceIds)}`,
  referral: (on: BusinessDate, invoiceIds: readonly string[]) => `${POLICY_ID_PREFIX}AG-${on}-${invoiceSetKey(invoiceIds)}`,
};

/**
 * The idempotency key the engine sends a planned command with (the command side derives the
 * command id from the customer and this key, and event ids from the command id). Built from
 * the deterministic ids the command carries, so a rerun sends the same key and appends nothing.
 */
export function idempotencyKeyOf(command: CollectionCommand): string {
  const key = (...parts: (string | number)[]) => ['policy', command.type, ...parts].join(':');
  switch (command.type) {
    case 'MarkInvoiceOverdue':
      return key(command.data.invoiceId);
    case 'ConfirmPromiseKept':
    case 'DeclarePromiseBroken':
      return key(command.data.promiseId);
    case 'ConfirmInstallmentPaid':
    case 'DeclareInstallmentMissed':
      return key(command.data.planId, command.data.installmentNumber);
    case 'SendReminder':
      return key(command.data.reminderId);
    case 'SendFinalNotice':
      return key(command.data.noticeId);
    case 'ScheduleCallTask':
      return key(command.data.taskId);
    case 'ProposeEscalation':
      return key(command.data.proposalId);
    case 'ReferToAgency':
      return key(command.data.referralId);
    case 'PlaceCreditHold':
      return key(command.data.placedOn);
    // The saga assigns a dispute once, by the policy's routing.
    case 'AssignDispute':
      return key(command.data.disputeId);
    case 'RemindDisputeOwner':
      return key(command.data.disputeId, command.data.remindedOn);
    default:
      throw new Error(`The policy engine does not issue ${command.type}`);
  }
}
