import type { components } from '@collections/api-client';
import { Alert, Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { CSSProperties, FormEvent, useState } from 'react';
import { formatMoney } from '../format';
import { useSession } from '../session';

type Problem = components['schemas']['Problem'];
export type Proposal = components['schemas']['EscalationProposal'];

export const kindInWords = (kind: Proposal['kind']) => (kind === 'agency_referral' ? 'Agency referral' : 'Write-off');

/** A decision being made: which proposal, accepted or declined. */
export interface Decision {
  proposal: Proposal;
  action: 'accept' | 'decline';
}

/** What the person typed, by field name as the API names it. */
type Fields = Record<'agency' | 'referredOn' | 'writtenOffOn' | 'declinedOn' | 'reason', string>;

/** A fresh id for the referral or write-off: random, so two managers never collide (and never the engine's `P-` ids). */
function newId(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `${prefix}-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** Today on this computer, as a business date: the write-off's date must be given. */
function localToday(): string {
  const now = new Date();
  return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((part) => String(part).padStart(2, '0')).join('-');
}

/** The problem's field errors by field (`/body/reason` or `/reason` → reason); the rest go to the alert. */
function fieldErrorsOf(problem: Problem, fields: readonly string[]): { byField: Partial<Record<string, string>>; rest: string[] } {
  const byField: Partial<Record<string, string>> = {};
  const rest: string[] = [];
  for (const { pointer, detail } of problem.errors ?? []) {
    const field = pointer.replace(/^\/body/, '').split('/')[1] ?? '';
    if (fields.includes(field)) byField[field] = byField[field] ?? detail;
    else rest.push(detail);
  }
  return { byField, rest };
}

/**
 * Accepting (an agency referral or a write-off naming the proposal) or declining a proposal, in a
 * modal: labelled fields, each field's error from the server beside it, any other refusal above.
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
  const [fields, setFields] = useState<Fields>({
    agency: '',
    referredOn: '',
    writtenOffOn: localToday(),
    declinedOn: '',
    reason: action === 'accept' ? proposal.reason : '',
  });
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);
  const set = (field: keyof Fields) => (event: { currentTarget: { value: string } }) => {
    const { value } = event.currentTarget;
    setFields((current) => ({ ...current, [field]: value }));
  };
  const what = `${kindInWords(proposal.kind).toLowerCase()} of ${proposal.customerId}`;
  const title = action === 'accept' ? `Accept the ${what}` : `Decline the ${what}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSending(true);
    setErrors({});
    setRefusal(undefined);
    const customerId = proposal.customerId;
    const { proposalId, invoiceIds } = proposal;
    const reason = fields.reason;
    const answer = referral
      ? await session!.client.POST('/customers/{customerId}/agency-referrals', {
          params: { path: { customerId } },
          body: {
            referralId: newId('AG'),
            agency: fields.agency,
            invoiceIds,
            reason,
            proposalId,
            referredOn: fields.referredOn || undefined,
          },
        })
      : writeOff
        ? await session!.client.POST('/customers/{customerId}/write-offs', {
            params: { path: { customerId } },
            body: { writeOffId: newId('WO'), invoiceIds, reason, proposalId, writtenOffOn: fields.writtenOffOn },
          })
        : await session!.client.POST('/customers/{customerId}/escalation-proposals/{proposalId}/decline', {
            params: { path: { customerId, proposalId } },
            body: { reason, declinedOn: fields.declinedOn || undefined },
          });
    if (answer.error) {
      const { byField, rest } = fieldErrorsOf(answer.error, Object.keys(fields));
      setErrors(byField);
      setRefusal(rest.length > 0 ? rest.join('; ') : Object.keys(byField).length === 0 ? answer.error.detail : undefined);
      setSending(false);
      return;
    }
    await onDecided(referral ? `Referred to ${fields.agency}: ${what}.` : writeOff ? `Written off: ${what}.` : `Declined the ${what}.`);
  }

  return (
    <Modal opened onClose={onClose} title={title} closeButtonProps={{ 'aria-label': 'Close' }}>
      {/* Mantine's error red (red.6) is 3.3:1 on white; its ninth shade passes AA. Belongs in the theme's accessibleColors. */}
      <form onSubmit={submit} noValidate style={{ '--mantine-color-error': 'var(--mantine-color-red-9)' } as CSSProperties}>
        <Stack>
          <Text size="sm">
            Invoices {proposal.invoiceIds.join(', ')}:{' '}
            {proposal.balances.map((balance) => formatMoney(balance.amount, balance.currency)).join(', ')}, {proposal.daysPastDue} days past
            due.
          </Text>
          {refusal && (
            <Alert color="red" title="Not recorded">
              {refusal}
            </Alert>
          )}
          {referral && (
            <>
              <TextInput label="Agency" required value={fields.agency} onChange={set('agency')} error={errors.agency} data-autofocus />
              <TextInput
                type="date"
                label="Referral date"
                description="Leave empty for today"
                value={fields.referredOn}
                onChange={set('referredOn')}
                error={errors.referredOn}
              />
            </>
          )}
          {writeOff && (
            <TextInput
              type="date"
              label="Write-off date"
              required
              value={fields.writtenOffOn}
              onChange={set('writtenOffOn')}
              error={errors.writtenOffOn}
            />
          )}
          {action === 'decline' && (
            <TextInput
              type="date"
              label="Decline date"
              description="Leave empty for today"
              value={fields.declinedOn}
              onChange={set('declinedOn')}
              error={errors.declinedOn}
            />
          )}
          <Textarea
            label="Reason"
            required
            autosize
            minRows={2}
            value={fields.reason}
            onChange={set('reason')}
            error={errors.reason}
            data-autofocus={action === 'decline' ? true : undefined}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={sending}>
              {action === 'accept' ? (referral ? 'Refer to agency' : 'Write off') : 'Decline proposal'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
