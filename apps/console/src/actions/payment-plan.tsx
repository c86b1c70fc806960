import { Text, TextInput, Textarea } from '@mantine/core';
import { formatMoney, parseDecimal, parseMoney } from '../format';
import { useSession } from '../session';
import { currencyOf, openInvoices } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { InvoiceCheckboxes, invoiceIdsError } from './invoice-picker';
import { RowList } from './row-list';
import { refuse, useCommandForm, useNewId } from './use-command-form';

interface InstallmentRow {
  dueOn: string;
  amount: string;
}

/** The api's bound on a plan's installments (AgreePaymentPlanBody) and on its guarantors. */
const MAX_INSTALLMENTS = 120;
const MAX_GUARANTORS = 10;

/** A typed amount in minor units, or undefined while it is not one (the running total leaves it out). */
const minorUnitsOf = (typed: string, currency: string | undefined) => {
  if (!currency || typed.trim() === '') return undefined;
  const parsed = parseMoney(typed, currency);
  return 'minorUnits' in parsed ? parsed.minorUnits : undefined;
};

/**
 * Agree a payment plan: installments that add up to the open balance of the chosen invoices,
 * documented interest, and who guaranteed it. The running total is shown as rows are typed, and
 * the form refuses to send a plan that does not add up.
 */
export function PaymentPlanForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const planId = useNewId('plan');
  const form = useCommandForm(
    {
      invoiceIds: [] as string[],
      installments: [{ dueOn: state.asOf, amount: '' }] as InstallmentRow[],
      interestRateBasisPoints: '',
      guarantors: [] as string[],
      terms: '',
      agreedOn: state.asOf,
    },
    done,
    ['invoiceIds.*', 'currency', 'installments.*.dueOn', 'installments.*.amount', 'guarantors.*'],
  );
  const { values } = form;
  const currency = currencyOf(state, values.invoiceIds);
  const balance = openInvoices(state)
    .filter((invoice) => values.invoiceIds.includes(invoice.invoiceId))
    .reduce((sum, invoice) => sum + invoice.balance, 0);
  const scheduled = values.installments.reduce((sum, row) => sum + (minorUnitsOf(row.amount, currency) ?? 0), 0);
  const addsUp = values.invoiceIds.length > 0 && scheduled === balance;

  const send = (idempotencyKey: string) => {
    if (!currency) return refuse({ invoiceIds: 'Choose invoices in one currency' });
    const refusals: Record<string, string> = {};
    const installments = values.installments.map((row, index) => {
      const amount = parseMoney(row.amount, currency);
      if ('refused' in amount) refusals[`installments.${index}.amount`] = amount.refused;
      return { number: index + 1, dueOn: row.dueOn, amount: 'minorUnits' in amount ? amount.minorUnits : 0 };
    });
    const rate = values.interestRateBasisPoints.trim() === '' ? undefined : parseDecimal(values.interestRateBasisPoints, 2);
    if (rate && 'refused' in rate) refusals.interestRateBasisPoints = 'Write the rate in percent, e.g. 1.5, with 2 decimals at most';
    if (Object.keys(refusals).length > 0) return refuse(refusals);
    if (!addsUp) {
      return refuse({
        installments: `The installments add up to ${formatMoney(scheduled, currency)}; the invoices have ${formatMoney(balance, currency)} open`,
      });
    }
    const guarantors = values.guarantors.map((name) => name.trim()).filter(Boolean);
    return session!.client.POST('/customers/{customerId}/payment-plans', {
      params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: {
        planId,
        invoiceIds: values.invoiceIds,
        currency,
        installments,
        agreedOn: values.agreedOn,
        ...(rate && 'scaled' in rate && { interestRateBasisPoints: rate.scaled }),
        ...(guarantors.length > 0 && { guarantors }),
        ...(values.terms.trim() && { terms: values.terms.trim() }),
      },
    });
  };

  return (
    <CommandFormFrame form={form} submitLabel="Save plan" onSubmit={() => form.submit(send)}>
      <InvoiceCheckboxes
        state={state}
        value={values.invoiceIds}
        onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
        error={invoiceIdsError(form.errorOf, values.invoiceIds) ?? form.errorOf('currency')}
      />
      <RowList
        legend="Installments"
        rows={values.installments}
        onChange={(installments) => form.set('installments', installments)}
        newRow={() => ({ dueOn: '', amount: '' })}
        rowName="installment"
        addLabel="Add an installment"
        min={1}
        max={MAX_INSTALLMENTS}
        error={form.errorOf('installments')}
        status={
          <Text size="sm" aria-live="polite" c={addsUp ? undefined : 'var(--mantine-color-error)'}>
            {currency
              ? `Scheduled ${formatMoney(scheduled, currency)} of ${formatMoney(balance, currency)} open`
              : 'Choose invoices in one currency'}
          </Text>
        }
      >
        {(row, index, set) => (
          <>
            <TextInput
              type="date"
              label={`Installment ${index + 1} due on`}
              value={row.dueOn}
              onChange={(event) => set({ ...row, dueOn: event.currentTarget.value })}
              error={form.errorOf(`installments.${index}.dueOn`)}
            />
            <TextInput
              label={`Installment ${index + 1} amount`}
              inputMode="decimal"
              value={row.amount}
              onChange={(event) => set({ ...row, amount: event.currentTarget.value })}
              error={form.errorOf(`installments.${index}.amount`)}
            />
          </>
        )}
      </RowList>
      <TextInput
        label="Interest rate (%)"
        description="Documented on the plan; interest is invoiced separately. 1.5 is 150 basis points"
        inputMode="decimal"
        {...form.field('interestRateBasisPoints')}
      />
      <RowList
        legend="Guarantors"
        rows={values.guarantors}
        onChange={(guarantors) => form.set('guarantors', guarantors)}
        newRow={() => ''}
        rowName="guarantor"
        addLabel="Add a guarantor"
        max={MAX_GUARANTORS}
        error={form.errorOf('guarantors')}
      >
        {(name, index, set) => (
          <TextInput
            label={`Guarantor ${index + 1}`}
            value={name}
            onChange={(event) => set(event.currentTarget.value)}
            error={form.errorOf(`guarantors.${index}`)}
          />
        )}
      </RowList>
      <Textarea label="Terms" autosize minRows={2} {...form.field('terms')} />
      <TextInput type="date" label="Agreed on" {...form.field('agreedOn')} />
    </CommandFormFrame>
  );
}
