import type { components } from '@collections/api-client';
import { Button, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { CommandFormFrame } from '../actions/command-dialog';
import { refuse, useCommandForm, useNewId } from '../actions/use-command-form';
import { formatMoney, parseMoney } from '../format';
import { useSession } from '../session';
import { decimalOf } from './allocations';
import type { UnappliedCashItem } from './apply-form';

export type UnappliedCashApplication = components['schemas']['UnappliedCashApplication'];
export type UnidentifiedCashItem = components['schemas']['UnidentifiedCashItem'];

/** A cash form in a dialog, mounted afresh on each opening (new ids, a new Idempotency-Key). */
function CashModal({ title, onClose, children }: { title: string; onClose(): void; children: ReactNode }) {
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      {children}
    </Modal>
  );
}

/** An amount the form checked before sending it. */
const minorUnitsOf = (typed: string, currency: string) => {
  const parsed = parseMoney(typed, currency);
  return 'minorUnits' in parsed ? parsed.minorUnits : 0;
};

/** The day field every cash command takes, empty for today by the service's clock. */
const dayField = (label: string) => ({ type: 'date', label, description: 'Leave empty for today' }) as const;

/** Pay back some or all of a payment's remaining cash (managers). */
export function RefundCashModal({
  item,
  onClose,
  onRecorded,
}: {
  item: UnappliedCashItem;
  onClose(): void;
  onRecorded(message: string): void;
}) {
  const { session } = useSession();
  const { customerId, paymentId, currency, unapplied } = item;
  const refundId = useNewId('RF');
  const form = useCommandForm({ amount: decimalOf(unapplied, currency), reason: '', refundedOn: '' }, () =>
    onRecorded(`Refunded ${formatMoney(minorUnitsOf(form.values.amount, currency), currency)} of the payment of ${customerId}.`),
  );
  const send = (idempotencyKey: string) => {
    const amount = parseMoney(form.values.amount, currency);
    if ('refused' in amount) return refuse({ amount: amount.refused });
    if (amount.minorUnits === 0) return refuse({ amount: 'Type more than 0' });
    if (amount.minorUnits > unapplied) return refuse({ amount: `More than the ${formatMoney(unapplied, currency)} remaining` });
    return session!.client.POST('/customers/{customerId}/cash/{paymentId}/refunds', {
      params: { path: { customerId, paymentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: {
        refundId,
        amount: amount.minorUnits,
        reason: form.values.reason,
        ...(form.values.refundedOn && { refundedOn: form.values.refundedOn }),
      },
    });
  };
  return (
    <CashModal title={`Refund cash of ${customerId}`} onClose={onClose}>
      <CommandFormFrame form={form} submitLabel="Refund" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          {formatMoney(unapplied, currency)} of this payment is not applied. A refund pays it back to the payer
          {item.payer?.account ? ` (${item.payer.account})` : ''}.
        </Text>
        <TextInput label="Amount" withAsterisk inputMode="decimal" data-autofocus {...form.field('amount')} />
        <Textarea label="Reason" withAsterisk autosize minRows={2} {...form.field('reason')} />
        <TextInput {...dayField('Refund date')} {...form.field('refundedOn')} />
      </CommandFormFrame>
    </CashModal>
  );
}

/** Take one application back whole: its invoices owe again, the cash is unapplied again (managers). */
export function ReverseApplicationModal({
  item,
  application,
  onClose,
  onRecorded,
}: {
  item: UnappliedCashItem;
  application: UnappliedCashApplication;
  onClose(): void;
  onRecorded(message: string): void;
}) {
  const { session } = useSession();
  const { customerId, paymentId, currency } = item;
  const { applicationId } = application;
  const form = useCommandForm({ reason: '', unappliedOn: '' }, () =>
    onRecorded(`Reversed application ${applicationId}: ${invoicesOf(application, currency)} owe again.`),
  );
  const send = (idempotencyKey: string) =>
    session!.client.POST('/customers/{customerId}/cash/{paymentId}/applications/{applicationId}/reversal', {
      params: { path: { customerId, paymentId, applicationId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { reason: form.values.reason, ...(form.values.unappliedOn && { unappliedOn: form.values.unappliedOn }) },
    });
  return (
    <CashModal title={`Reverse application ${applicationId}`} onClose={onClose}>
      <CommandFormFrame form={form} submitLabel="Reverse application" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          It put {invoicesOf(application, currency)} on {application.appliedOn} ({application.rule}). Reversed, those invoices owe it again
          and the cash is unapplied again.
        </Text>
        <Textarea label="Reason" withAsterisk autosize minRows={2} data-autofocus {...form.field('reason')} />
        <TextInput {...dayField('Reversal date')} {...form.field('unappliedOn')} />
      </CommandFormFrame>
    </CashModal>
  );
}

/** An application's allocations in words: `INV-1 €100.00, INV-2 €60.00`. */
export const invoicesOf = (application: UnappliedCashApplication, currency: string) =>
  application.allocations.map(({ invoiceId, amount }) => `${invoiceId} ${formatMoney(amount, currency)}`).join(', ');

/** What unidentified cash is, in a few words: `€45.00 received on 2024-06-10`. */
export const unidentifiedInWords = (item: UnidentifiedCashItem) =>
  `${formatMoney(item.amount, item.currency)} received on ${item.receivedOn}`;

/**
 * Give unidentified cash its customer (integration, managers): a customer's id, typed or taken
 * from a candidate the matcher found. The money then arrives on that account as unapplied cash.
 */
export function AssignUnidentifiedModal({
  item,
  onClose,
  onRecorded,
}: {
  item: UnidentifiedCashItem;
  onClose(): void;
  onRecorded(message: string, customerId: string): void;
}) {
  const { session } = useSession();
  const form = useCommandForm({ customerId: '', assignedOn: '' }, () =>
    onRecorded(`Assigned the ${unidentifiedInWords(item)} to ${form.values.customerId.trim()}.`, form.values.customerId.trim()),
  );
  const send = (idempotencyKey: string) => {
    const customerId = form.values.customerId.trim();
    if (customerId === '') return refuse({ customerId: 'Name the customer, or choose a candidate' });
    return session!.client.POST('/cash/unidentified/{paymentId}/assignment', {
      params: { path: { paymentId: item.paymentId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { customerId, ...(form.values.assignedOn && { assignedOn: form.values.assignedOn }) },
    });
  };
  return (
    <CashModal title={`Assign the ${unidentifiedInWords(item)} to a customer`} onClose={onClose}>
      <CommandFormFrame form={form} submitLabel="Assign" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          From {item.payer?.name ?? 'an unnamed payer'}
          {item.payer?.account ? ` (${item.payer.account})` : ''}
          {item.remittance ? `, “${item.remittance}”` : ''}.
        </Text>
        {item.candidates.length > 0 && (
          <Stack gap="xs" role="group" aria-label="Candidates">
            <Text size="sm" fw={500}>
              Candidates
            </Text>
            {item.candidates.map((candidate) => (
              <Group key={candidate.customerId} gap="xs" wrap="nowrap">
                <Button size="xs" variant="default" onClick={() => form.set('customerId', candidate.customerId)}>
                  {candidate.customerId}
                </Button>
                <Text size="sm">{candidate.reason}</Text>
              </Group>
            ))}
          </Stack>
        )}
        <TextInput
          label="Customer id"
          withAsterisk
          description="Choose a candidate above, or type the customer's id"
          data-autofocus
          {...form.field('customerId')}
        />
        <TextInput {...dayField('Assignment date')} {...form.field('assignedOn')} />
      </CommandFormFrame>
    </CashModal>
  );
}

/** Pay unidentified cash back to whoever sent it (managers). */
export function RefundUnidentifiedModal({
  item,
  onClose,
  onRecorded,
}: {
  item: UnidentifiedCashItem;
  onClose(): void;
  onRecorded(message: string): void;
}) {
  const { session } = useSession();
  const form = useCommandForm({ reason: '', refundedOn: '' }, () => onRecorded(`Refunded the ${unidentifiedInWords(item)}.`));
  // This endpoint takes no Idempotency-Key: a second refund of the same payment is refused by its stream.
  const send = () =>
    session!.client.POST('/cash/unidentified/{paymentId}/refund', {
      params: { path: { paymentId: item.paymentId } },
      body: { reason: form.values.reason, ...(form.values.refundedOn && { refundedOn: form.values.refundedOn }) },
    });
  return (
    <CashModal title={`Refund the ${unidentifiedInWords(item)}`} onClose={onClose}>
      <CommandFormFrame form={form} submitLabel="Refund" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          It is paid back to {item.payer?.name ?? 'the payer'}
          {item.payer?.account ? ` (${item.payer.account})` : ''}.
        </Text>
        <Textarea label="Reason" withAsterisk autosize minRows={2} data-autofocus {...form.field('reason')} />
        <TextInput {...dayField('Refund date')} {...form.field('refundedOn')} />
      </CommandFormFrame>
    </CashModal>
  );
}
