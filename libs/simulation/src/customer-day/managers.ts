import { EscalationKind, InvoiceState, RootCause, addDays, idKey } from '@collections/domain';
import { AGENCIES, ROOT_CAUSE_MIX } from '../profiles';
import type { CustomerDay } from './customer-day';
import { sortedBy } from './ordering';

// Managers: agency referral, write-off, post-mortem (steps 8, 10, 11), and what the agency collects.

export function referToAgency(day: CustomerDay): void {
  for (const proposal of day.proposals(['agency_referral'])) {
    const referralId = `${day.id}-REF-${proposal.proposedOn.replace(/-/g, '')}`;
    if (day.account.agencyReferrals.has(referralId)) continue;
    if (day.date < addDays(proposal.proposedOn, day.draws.int([day.id, proposal.proposalId, 'refer-delay'], 2, 7))) continue;
    const referred = new Set(
      [...day.account.agencyReferrals.values()]
        .filter((referral) => referral.status === 'active')
        .flatMap((referral) => referral.invoiceIds),
    );
    const invoiceIds = day.stillOpen(proposal.invoiceIds).filter((invoiceId) => !referred.has(invoiceId));
    if (invoiceIds.length === 0) continue;
    day.emit('manager', referralId, {
      type: 'ReferToAgency',
      data: {
        referralId,
        agency: day.draws.pick([day.id, 'agency'], AGENCIES),
        invoiceIds,
        reason: `Approved proposal ${proposal.proposalId}: in-house collection exhausted`,
        referredOn: day.date,
      },
    });
  }
}

/** The agency remits part of a referred invoice before anything is written off: a payment. */
export function agencyCollections(day: CustomerDay): void {
  for (const referral of sortedBy([...day.account.agencyReferrals.values()], (r) => r.referralId)) {
    const key = [day.id, referral.referralId];
    const paymentId = `${referral.referralId}-AGY`;
    if (referral.status !== 'active' || day.account.usedIds.has(idKey('payment', paymentId))) continue;
    if (!day.draws.chance([...key, 'collects'], 0.4)) continue;
    if (day.date < addDays(referral.referredOn, day.draws.int([...key, 'collects-after'], 30, 90))) continue;
    const invoice = day.stillOpen(referral.invoiceIds).map((invoiceId) => day.invoice(invoiceId) as InvoiceState)[0];
    if (invoice === undefined) continue;
    day.pay(invoice.invoiceId, Math.max(1, Math.round(invoice.balance * day.draws.between([...key, 'share'], 0.2, 0.6))), paymentId);
  }
}

export function writeOff(day: CustomerDay, kinds: readonly EscalationKind[]): void {
  for (const proposal of day.proposals(kinds)) {
    const writeOffId = `${day.id}-WO-${proposal.proposedOn.replace(/-/g, '')}-${proposal.kind === 'write_off' ? 'W' : 'R'}`;
    if (day.account.writeOffs.has(writeOffId)) continue;
    if (day.date < addDays(proposal.proposedOn, day.draws.int([day.id, proposal.proposalId, 'write-off-delay'], 3, 10))) continue;
    // The account is lost: the manager writes off its whole balance, not only what the proposal names.
    const insolvent = day.plan.profile === 'write_off';
    const invoiceIds = day.openInvoices().map((invoice) => invoice.invoiceId);
    if (invoiceIds.length === 0) continue;
    if (insolvent && day.account.creditHold === undefined) {
      day.emit('manager', `${day.id}:${day.date}`, {
        type: 'PlaceCreditHold',
        data: { reason: 'Customer insolvent: no further deliveries', placedOn: day.date },
      });
    }
    day.emit('manager', writeOffId, {
      type: 'WriteOff',
      data: {
        writeOffId,
        invoiceIds,
        reason: insolvent
          ? `Customer insolvent; proposal ${proposal.proposalId} (${proposal.kind}) answered with a write-off`
          : `Agency could not collect; approved proposal ${proposal.proposalId}`,
        writtenOffOn: day.date,
      },
    });
  }
}

export function postMortems(day: CustomerDay): void {
  for (const writeOff of sortedBy([...day.account.writeOffs.values()], (w) => w.writeOffId)) {
    const postMortemId = `${writeOff.writeOffId}-PM`;
    const key = [day.id, writeOff.writeOffId];
    if (day.account.postMortems.has(postMortemId)) continue;
    if (day.date < addDays(writeOff.writtenOffOn, day.draws.int([...key, 'post-mortem-delay'], 1, 10))) continue;
    const rootCause = day.draws.weighted([...key, 'root-cause'], ROOT_CAUSE_MIX as Record<RootCause, number>);
    const actionItems = [
      { description: 'Review the credit limit and terms of similar customers', owner: 'Credit team', dueOn: addDays(day.date, 14) },
    ];
    if (day.draws.chance([...key, 'second-item'], 0.5)) {
      actionItems.push({
        description: 'Escalate earlier when a customer stops answering calls',
        owner: day.plan.collectorId,
        dueOn: addDays(day.date, 30),
      });
    }
    day.emit('manager', postMortemId, {
      type: 'RecordPostMortem',
      data: {
        postMortemId,
        rootCause,
        summary: `Bad debt on ${writeOff.invoiceIds.length} invoice(s) of ${day.id}, written off on ${writeOff.writtenOffOn}`,
        actionItems,
        recordedOn: day.date,
      },
    });
  }
}

/** What the agency still recovers on referred invoices after they were written off. */
export function recoveries(day: CustomerDay): void {
  const referred = new Set([...day.account.agencyReferrals.values()].flatMap((referral) => referral.invoiceIds));
  for (const writeOff of sortedBy([...day.account.writeOffs.values()], (w) => w.writeOffId)) {
    for (const invoiceId of writeOff.invoiceIds) {
      const invoice = day.invoice(invoiceId);
      const recoveryId = `${invoiceId}-REC`;
      const key = [day.id, recoveryId];
      if (invoice === undefined || !referred.has(invoiceId) || day.account.usedIds.has(idKey('recovery', recoveryId))) continue;
      const recoverable = invoice.writtenOff - invoice.recovered;
      if (recoverable <= 0 || !day.draws.chance([...key, 'recovers'], 0.3)) continue;
      if (day.date < addDays(writeOff.writtenOffOn, day.draws.int([...key, 'recovers-after'], 20, 120))) continue;
      const amount = Math.min(recoverable, Math.max(1, Math.round(recoverable * day.draws.between([...key, 'share'], 0.1, 0.4))));
      day.emit('integration', recoveryId, {
        type: 'ReceiveRecovery',
        data: { recoveryId, invoiceId, amount, currency: invoice.currency, receivedOn: day.date },
      });
    }
  }
}
