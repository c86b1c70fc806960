import { Checkbox, NativeSelect, TextInput, Textarea } from '@mantine/core';
import { useSession } from '../session';
import { AccountState } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { InvoiceCheckboxes, invoiceIdsError } from './invoice-picker';
import { refuse, useCommandForm, useNewId } from './use-command-form';

/** The referrals still with their agency, to recall. */
export const activeReferrals = (state: AccountState) => state.agencyReferrals.filter((referral) => referral.status === 'active');

/** Refer invoices to a collection agency. */
export function ReferToAgencyForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const referralId = useNewId('referral');
  const form = useCommandForm({ agency: '', invoiceIds: [] as string[], reason: '', referredOn: state.asOf }, done, ['invoiceIds.*']);
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Refer"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/agency-referrals', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: { referralId, ...values },
          }),
        )
      }
    >
      <TextInput label="Agency" withAsterisk {...form.field('agency')} />
      <InvoiceCheckboxes
        state={state}
        value={values.invoiceIds}
        onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
        error={invoiceIdsError(form.errorOf, values.invoiceIds)}
      />
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Referred on" {...form.field('referredOn')} />
    </CommandFormFrame>
  );
}

/** Recall an active referral from its agency. */
export function RecallReferralForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const active = activeReferrals(state);
  const form = useCommandForm({ referralId: active[0]?.referralId ?? '', reason: '', recalledOn: state.asOf }, done);
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Recall"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          if (!values.referralId) return refuse({ referralId: 'Choose a referral' });
          return session!.client.POST('/customers/{customerId}/agency-referrals/{referralId}/recall', {
            params: { path: { customerId, referralId: values.referralId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: { reason: values.reason, recalledOn: values.recalledOn },
          });
        })
      }
    >
      <NativeSelect
        label="Referral"
        withAsterisk
        data={active.map((referral) => ({
          value: referral.referralId,
          label: `${referral.agency}, since ${referral.referredOn} (${referral.invoiceIds.join(', ')})`,
        }))}
        {...form.field('referralId')}
      />
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Recalled on" {...form.field('recalledOn')} />
    </CommandFormFrame>
  );
}

/** Start legal action on invoices. */
export function LegalActionForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const caseId = useNewId('case');
  const form = useCommandForm(
    { invoiceIds: [] as string[], court: '', smallClaims: false, counsel: '', reason: '', initiatedOn: state.asOf },
    done,
    ['invoiceIds.*'],
  );
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Start legal action"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/legal-actions', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              caseId,
              invoiceIds: values.invoiceIds,
              court: values.court,
              smallClaims: values.smallClaims,
              reason: values.reason,
              initiatedOn: values.initiatedOn,
              ...(values.counsel.trim() && { counsel: values.counsel.trim() }),
            },
          }),
        )
      }
    >
      <InvoiceCheckboxes
        state={state}
        value={values.invoiceIds}
        onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
        error={invoiceIdsError(form.errorOf, values.invoiceIds)}
      />
      <TextInput label="Court" withAsterisk {...form.field('court')} />
      <Checkbox
        label="Small-claims court"
        checked={values.smallClaims}
        onChange={(event) => form.set('smallClaims', event.currentTarget.checked)}
        error={form.errorOf('smallClaims')}
      />
      <TextInput label="Counsel" {...form.field('counsel')} />
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Initiated on" {...form.field('initiatedOn')} />
    </CommandFormFrame>
  );
}

/** Write off invoices: each one's whole open balance. */
export function WriteOffForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const writeOffId = useNewId('write-off');
  const form = useCommandForm({ invoiceIds: [] as string[], reason: '', writtenOffOn: state.asOf }, done, ['invoiceIds.*']);
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Write off"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/write-offs', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: { writeOffId, ...values },
          }),
        )
      }
    >
      <InvoiceCheckboxes
        state={state}
        value={values.invoiceIds}
        onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
        error={invoiceIdsError(form.errorOf, values.invoiceIds)}
        label="Invoices to write off (their whole open balance)"
      />
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Written off on" withAsterisk {...form.field('writtenOffOn')} />
    </CommandFormFrame>
  );
}
