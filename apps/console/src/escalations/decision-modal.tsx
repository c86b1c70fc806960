import type { components } from '@collections/api-client';
import { Modal, Text, TextInput, Textarea } from '@mantine/core';
import { CommandFormFrame } from '../actions/command-dialog';
import { useCommandForm, useNewId } from '../actions/use-command-form';
import { formatMoney } from '../format';
import { useSession } from '../session';

export type Proposal = components['schemas']['EscalationProposal'];

export const kindInWords = (kind: Proposal['kind']) => (kind === 'agency_referral' ? 'Agency referral' : 'Write-off');

/** A decision being made: which proposal, accepted or declined. */
export interface Decision {
  proposal: Proposal;
  action: 'accept' | 'decline';
}

/** Today on this computer, as a business date: the write-off's date must be given. */
function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
}

/**
 * Accepting (an agency referral or a write-off naming the proposal) or declining a proposal, in a
 * modal, with the form hook every action uses (useCommandForm): labelled fields, each field's
 * error from the server beside it, any other refusal in the form's alert.
 */
export function DecisionModal({
  decision: { proposal, action },
  onClose,
  onDecided,
}: {
  decision: Decision;
  onClose(): void;
  onDecided(message: string): Promise<void> | void;
}) {
  const { session } = useSession();
  const referral = action === 'accept' && proposal.kind === 'agency_referral';
  const writeOff = action === 'accept' && proposal.kind === 'write_off';
  const what = `${kindInWords(proposal.kind).toLowerCase()} of ${proposal.customerId}`;
  const title = action === 'accept' ? `Accept the ${what}` : `Decline the ${what}`;
  const referralId = useNewId('AG');
  const writeOffId = useNewId('WO');
  const form = useCommandForm(
    {
      agency: '',
      referredOn: '',
      writtenOffOn: localToday(),
      declinedOn: '',
      reason: action === 'accept' ? proposal.reason : '',
    },
    () =>
      void onDecided(
        referral ? `Referred to ${form.values.agency}: ${what}.` : writeOff ? `Written off: ${what}.` : `Declined the ${what}.`,
      ),
  );

  const send = (idempotencyKey: string) => {
    const { customerId, proposalId, invoiceIds } = proposal;
    const { agency, referredOn, writtenOffOn, declinedOn, reason } = form.values;
    const header = { 'Idempotency-Key': idempotencyKey };
    if (referral) {
      return session!.client.POST('/customers/{customerId}/agency-referrals', {
        params: { path: { customerId }, header },
        body: { referralId, agency, invoiceIds, reason, proposalId, referredOn: referredOn || undefined },
      });
    }
    if (writeOff) {
      return session!.client.POST('/customers/{customerId}/write-offs', {
        params: { path: { customerId }, header },
        body: { writeOffId, invoiceIds, reason, proposalId, writtenOffOn },
      });
    }
    return session!.client.POST('/customers/{customerId}/escalation-proposals/{proposalId}/decline', {
      params: { path: { customerId, proposalId }, header },
      body: { reason, declinedOn: declinedOn || undefined },
    });
  };

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      <CommandFormFrame
        form={form}
        submitLabel={action === 'accept' ? (referral ? 'Refer to agency' : 'Write off') : 'Decline proposal'}
        onSubmit={() => form.submit(send)}
      >
        <Text size="sm">
          Invoices {proposal.invoiceIds.join(', ')}:{' '}
          {proposal.balances.map((balance) => formatMoney(balance.amount, balance.currency)).join(', ')}, {proposal.daysPastDue} days past
          due.
        </Text>
        {referral && (
          <>
            <TextInput label="Agency" withAsterisk data-autofocus {...form.field('agency')} />
            <TextInput type="date" label="Referral date" description="Leave empty for today" {...form.field('referredOn')} />
          </>
        )}
        {writeOff && <TextInput type="date" label="Write-off date" withAsterisk {...form.field('writtenOffOn')} />}
        {action === 'decline' && (
          <TextInput type="date" label="Decline date" description="Leave empty for today" {...form.field('declinedOn')} />
        )}
        <Textarea
          label="Reason"
          withAsterisk
          autosize
          minRows={2}
          data-autofocus={action === 'decline' ? true : undefined}
          {...form.field('reason')}
        />
      </CommandFormFrame>
    </Modal>
  );
}
