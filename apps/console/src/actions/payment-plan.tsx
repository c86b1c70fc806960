import { ActionIcon, Button, Fieldset, Group, Text, TextInput, Textarea } from '@mantine/core';
import { formatMoney, parseDecimal, parseMoney } from '../format';
import { useSession } from '../session';
import { currencyOf, openInvoices } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { InvoiceCheckboxes, invoiceIdsError } from './invoice-picker';
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

  const setRow = (index: number, change: Partial<InstallmentRow>) =>
    form.set(
      'installments',
      values.installments.map((row, at) => (at === index ? { ...row, ...change } : row)),
    );
  const setGuarantor = (index: number, name: string) =>
    form.set(
      'guarantors',
      values.guarantors.map((guarantor, at) => (at === index ? name : guarantor)),
    );

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
      <Fieldset legend="Installments">
        {values.installments.map((row, index) => (
          <Group key={index} align="start" wrap="nowrap">
            <TextInput
              type="date"
              label={`Installment ${index + 1} due on`}
              value={row.dueOn}
              onChange={(event) => setRow(index, { dueOn: event.currentTarget.value })}
              error={form.errorOf(`installments.${index}.dueOn`)}
            />
            <TextInput
              label={`Installment ${index + 1} amount`}
              inputMode="decimal"
              value={row.amount}
              onChange={(event) => setRow(index, { amount: event.currentTarget.value })}
              error={form.errorOf(`installments.${index}.amount`)}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove installment ${index + 1}`}
              disabled={values.installments.length === 1}
              onClick={() =>
                form.set(
                  'installments',
                  values.installments.filter((_, at) => at !== index),
                )
              }
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group justify="space-between" mt="sm">
          <Button
            variant="default"
            size="xs"
            disabled={values.installments.length >= MAX_INSTALLMENTS}
            onClick={() => form.set('installments', [...values.installments, { dueOn: '', amount: '' }])}
          >
            Add an installment
          </Button>
          <Text size="sm" aria-live="polite" c={addsUp ? undefined : 'red.9'}>
            {currency
              ? `Scheduled ${formatMoney(scheduled, currency)} of ${formatMoney(balance, currency)} open`
              : 'Choose invoices in one currency'}
          </Text>
        </Group>
        {form.errorOf('installments') && (
          <Text size="sm" c="red.9" role="alert">
            {form.errorOf('installments')}
          </Text>
        )}
      </Fieldset>
      <TextInput
        label="Interest rate (%)"
        description="Documented on the plan; interest is invoiced separately. 1.5 is 150 basis points"
        inputMode="decimal"
        {...form.field('interestRateBasisPoints')}
      />
      <Fieldset legend="Guarantors">
        {values.guarantors.map((name, index) => (
          <Group key={index} align="start" wrap="nowrap">
            <TextInput
              label={`Guarantor ${index + 1}`}
              value={name}
              onChange={(event) => setGuarantor(index, event.currentTarget.value)}
              error={form.errorOf(`guarantors.${index}`)}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove guarantor ${index + 1}`}
              onClick={() =>
                form.set(
                  'guarantors',
                  values.guarantors.filter((_, at) => at !== index),
                )
              }
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="default"
          size="xs"
          mt="sm"
          disabled={values.guarantors.length >= MAX_GUARANTORS}
          onClick={() => form.set('guarantors', [...values.guarantors, ''])}
        >
          Add a guarantor
        </Button>
        {form.errorOf('guarantors') && (
          <Text size="sm" c="red.9">
            {form.errorOf('guarantors')}
          </Text>
        )}
      </Fieldset>
      <Textarea label="Terms" autosize minRows={2} {...form.field('terms')} />
      <TextInput type="date" label="Agreed on" {...form.field('agreedOn')} />
    </CommandFormFrame>
  );
}
