import { NativeSelect, TextInput, Textarea } from '@mantine/core';
import { formatMoney, parseMoney, words } from '../format';
import { useSession } from '../session';
import { AccountState, DISPUTE_CATEGORIES, DISPUTE_RESOLUTIONS, openInvoices, optionsOf } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { InvoiceSelect } from './invoice-picker';
import { refuse, useCommandForm, useNewId } from './use-command-form';

/** The disputes and deductions still open, to resolve. */
export const openDisputes = (state: AccountState) => state.disputes.filter((dispute) => dispute.status === 'open');

const currencyOfInvoice = (state: AccountState, invoiceId: string) =>
  state.invoices.find((invoice) => invoice.invoiceId === invoiceId)?.currency ?? '';

/** Raise a dispute: the customer contests part of an invoice. */
export function RaiseDisputeForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const disputeId = useNewId('dispute');
  const form = useCommandForm(
    {
      invoiceId: openInvoices(state)[0]?.invoiceId ?? '',
      amount: '',
      category: DISPUTE_CATEGORIES[0] as (typeof DISPUTE_CATEGORIES)[number],
      description: '',
      raisedOn: state.asOf,
    },
    done,
    ['currency'],
  );
  const { values } = form;
  const currency = currencyOfInvoice(state, values.invoiceId);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save dispute"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          const amount = parseMoney(values.amount, currency);
          if ('refused' in amount) return refuse({ amount: amount.refused });
          return session!.client.POST('/customers/{customerId}/disputes', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              disputeId,
              invoiceId: values.invoiceId,
              amount: amount.minorUnits,
              currency,
              category: values.category,
              raisedOn: values.raisedOn,
              ...(values.description.trim() && { description: values.description.trim() }),
            },
          });
        })
      }
    >
      <InvoiceSelect
        state={state}
        value={values.invoiceId}
        onChange={(id) => form.set('invoiceId', id)}
        error={form.errorOf('invoiceId')}
      />
      <TextInput
        label="Amount"
        description={`The disputed part, in ${currency}`}
        inputMode="decimal"
        withAsterisk
        {...form.field('amount')}
      />
      <NativeSelect label="Category" data={optionsOf(DISPUTE_CATEGORIES)} {...form.field('category')} />
      <Textarea label="Description" autosize minRows={2} {...form.field('description')} />
      <TextInput type="date" label="Raised on" withAsterisk {...form.field('raisedOn')} />
    </CommandFormFrame>
  );
}

/** Claim a deduction: the customer paid short under a programme (co-op marketing, a rebate). */
export function ClaimDeductionForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const deductionId = useNewId('deduction');
  const form = useCommandForm(
    { invoiceId: openInvoices(state)[0]?.invoiceId ?? '', amount: '', programme: '', claimedOn: state.asOf },
    done,
    ['currency'],
  );
  const { values } = form;
  const currency = currencyOfInvoice(state, values.invoiceId);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save deduction"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          const amount = parseMoney(values.amount, currency);
          if ('refused' in amount) return refuse({ amount: amount.refused });
          return session!.client.POST('/customers/{customerId}/deductions', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              deductionId,
              invoiceId: values.invoiceId,
              amount: amount.minorUnits,
              currency,
              programme: values.programme,
              claimedOn: values.claimedOn,
            },
          });
        })
      }
    >
      <InvoiceSelect
        state={state}
        value={values.invoiceId}
        onChange={(id) => form.set('invoiceId', id)}
        error={form.errorOf('invoiceId')}
      />
      <TextInput label="Amount" description={`Deducted, in ${currency}`} inputMode="decimal" withAsterisk {...form.field('amount')} />
      <TextInput
        label="Programme"
        description="What the customer deducts under, e.g. a co-op marketing agreement"
        withAsterisk
        {...form.field('programme')}
      />
      <TextInput type="date" label="Claimed on" {...form.field('claimedOn')} />
    </CommandFormFrame>
  );
}

/** Resolve an open dispute or deduction: a credit memo for the customer, or the invoice stands. */
export function ResolveDisputeForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const creditMemoId = useNewId('credit');
  const open = openDisputes(state);
  const form = useCommandForm(
    {
      disputeId: open[0]?.disputeId ?? '',
      resolution: 'customer_liable' as (typeof DISPUTE_RESOLUTIONS)[number],
      creditAmount: '',
      note: '',
      resolvedOn: state.asOf,
    },
    done,
    ['credit', 'credit.amount'],
  );
  const { values } = form;
  const dispute = open.find((candidate) => candidate.disputeId === values.disputeId);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save resolution"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          if (!dispute) return refuse({ disputeId: 'Choose an open dispute or deduction' });
          let credit: { creditMemoId: string; amount: number } | undefined;
          if (values.resolution === 'credit_issued') {
            const amount = parseMoney(values.creditAmount, dispute.currency);
            if ('refused' in amount) return refuse({ 'credit.amount': amount.refused });
            credit = { creditMemoId, amount: amount.minorUnits };
          }
          return session!.client.POST('/customers/{customerId}/disputes/{disputeId}/resolution', {
            params: { path: { customerId, disputeId: dispute.disputeId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              resolution: values.resolution,
              resolvedOn: values.resolvedOn,
              ...(credit && { credit }),
              ...(values.note.trim() && { note: values.note.trim() }),
            },
          });
        })
      }
    >
      <NativeSelect
        label="Dispute or deduction"
        withAsterisk
        data={open.map((candidate) => ({
          value: candidate.disputeId,
          label: `${words(candidate.kind)} of ${formatMoney(candidate.amount, candidate.currency)} on ${candidate.invoiceId}, raised ${candidate.raisedOn} (${words(candidate.category)})`,
        }))}
        {...form.field('disputeId')}
      />
      <NativeSelect
        label="Resolution"
        description="Credit issued: the customer was right. Customer liable: the invoice stands"
        data={optionsOf(DISPUTE_RESOLUTIONS)}
        {...form.field('resolution')}
      />
      {values.resolution === 'credit_issued' && (
        <TextInput
          label="Credit amount"
          description={dispute ? `Credited on the invoice, in ${dispute.currency}` : undefined}
          inputMode="decimal"
          withAsterisk
          {...form.field('creditAmount')}
          error={form.errorOf('credit.amount') ?? form.errorOf('credit')}
        />
      )}
      <Textarea label="Note" autosize minRows={2} {...form.field('note')} />
      <TextInput type="date" label="Resolved on" {...form.field('resolvedOn')} />
    </CommandFormFrame>
  );
}
