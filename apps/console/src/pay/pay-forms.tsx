import { Checkbox, NativeSelect, Stack, TextInput, Textarea } from '@mantine/core';
import { CommandFormFrame } from '../actions/command-dialog';
import { CommandForm, refuse, useCommandForm } from '../actions/use-command-form';
import { formatMoney, parseMoney, words } from '../format';
import { PayAccount, PayClient, PayInvoice, placedByCode } from './pay-client';

/** What each form needs: the account as last read, the calls, and what to say once the api took it. */
export interface PayFormProps {
  account: PayAccount;
  client: PayClient;
  onSent(confirmation: string): void;
}

/** The currencies the customer owes in, in the order their invoices come. */
export const currenciesOf = (invoices: readonly PayInvoice[]): string[] => [...new Set(invoices.map(({ currency }) => currency))];

/** A choice of currency, shown only when the customer owes in more than one. */
function CurrencyChoice({ currencies, field }: { currencies: string[]; field: ReturnType<CommandForm<{ currency: string }>['field']> }) {
  if (currencies.length < 2) return null;
  return <NativeSelect label="Currency" data={currencies} {...field} />;
}

/** "€250.00", or why the amount typed is not one: the form refuses it before sending. */
const amountOf = (typed: string, currency: string): { minorUnits: number } | { refused: string } =>
  typed.trim() === '' ? { refused: 'Write the amount' } : parseMoney(typed, currency);

/** The promise limits the api names by code, each next to the field it is about. */
const PROMISE_FIELDS: Record<string, string> = {
  'promise-date-past': 'promisedFor',
  'promise-date-too-late': 'promisedFor',
  'promise-too-small': 'amount',
  'promise-too-large': 'amount',
};

/** Promise to pay: an amount and the day it will be paid, within the limits the page was given. */
export function PromiseForm({ account, client, onSent }: PayFormProps) {
  const currencies = currenciesOf(account.invoices);
  const form = useCommandForm({ amount: '', currency: currencies[0] ?? 'EUR', promisedFor: '' }, () =>
    onSent(
      `Thank you: your promise to pay ${amountText(values.amount, values.currency)} by ${values.promisedFor} is recorded. No reminder will be sent for it meanwhile.`,
    ),
  );
  const { values } = form;
  const minimum = account.promise.minimum.find(({ currency }) => currency === values.currency);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Send promise"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          const amount = amountOf(values.amount, values.currency);
          if ('refused' in amount) return refuse({ amount: amount.refused });
          if (values.promisedFor === '') return refuse({ promisedFor: 'Choose the day you will pay by' });
          return placedByCode(
            client.promise({ amount: amount.minorUnits, currency: values.currency, promisedFor: values.promisedFor }, idempotencyKey),
            PROMISE_FIELDS,
          );
        })
      }
    >
      <CurrencyChoice currencies={currencies} field={form.field('currency')} />
      <TextInput
        label="Amount"
        inputMode="decimal"
        withAsterisk
        description={`In ${values.currency}${minimum ? `, at least ${formatMoney(minimum.amount, minimum.currency)}` : ''}`}
        {...form.field('amount')}
      />
      <TextInput
        type="date"
        label="Date"
        withAsterisk
        description={`The day you will pay by: ${account.promise.latestOn} at the latest`}
        max={account.promise.latestOn}
        {...form.field('promisedFor')}
      />
    </CommandFormFrame>
  );
}

/** Dispute an invoice, or part of it: which, why (the categories the api offers) and what happened. */
export function DisputeForm({ account, client, onSent }: PayFormProps) {
  const open = account.invoices;
  const form = useCommandForm(
    { invoiceId: open[0]?.invoiceId ?? '', category: account.disputeCategories[0] ?? '', description: '', amount: '' },
    () => onSent(`Thank you: your dispute of ${values.invoiceId} is recorded. We will look into it and come back to you.`),
  );
  const { values } = form;
  const invoice = open.find(({ invoiceId }) => invoiceId === values.invoiceId);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Send dispute"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          if (!invoice) return refuse({ invoiceId: 'Choose the invoice you dispute' });
          if (values.description.trim() === '') return refuse({ description: 'Say what is wrong with the invoice' });
          const amount = values.amount.trim() === '' ? undefined : parseMoney(values.amount, invoice.currency);
          if (amount && 'refused' in amount) return refuse({ amount: amount.refused });
          return client.dispute(
            {
              invoiceId: invoice.invoiceId,
              category: values.category,
              description: values.description.trim(),
              ...(amount && { amount: amount.minorUnits }),
            },
            idempotencyKey,
          );
        })
      }
    >
      <NativeSelect
        label="Invoice"
        withAsterisk
        data={open.map(({ invoiceId, openBalance, currency }) => ({
          value: invoiceId,
          label: `${invoiceId} (${formatMoney(openBalance, currency)} open)`,
        }))}
        {...form.field('invoiceId')}
      />
      <NativeSelect
        label="Category"
        withAsterisk
        data={account.disputeCategories.map((category) => ({ value: category, label: words(category) }))}
        {...form.field('category')}
      />
      <Textarea
        label="Description"
        withAsterisk
        autosize
        minRows={3}
        description="What is wrong with the invoice"
        {...form.field('description')}
      />
      <TextInput
        label="Amount disputed"
        inputMode="decimal"
        description={`Only if you dispute part of the invoice${invoice ? `, in ${invoice.currency}` : ''}; empty for all of it`}
        {...form.field('amount')}
      />
    </CommandFormFrame>
  );
}

/** I have paid: how much, on which day, with what reference, and for which invoices if the customer says. */
export function PaymentReportForm({ account, client, onSent }: PayFormProps) {
  const currencies = currenciesOf(account.invoices);
  const form = useCommandForm({ amount: '', currency: currencies[0] ?? 'EUR', paidOn: '', reference: '', invoiceIds: [] as string[] }, () =>
    onSent(
      `Thank you: your payment of ${amountText(values.amount, values.currency)} on ${values.paidOn} is noted. We will look for it before sending any reminder.`,
    ),
  );
  const { values } = form;
  const invoices = account.invoices.filter(({ currency }) => currency === values.currency);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Send"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          const amount = amountOf(values.amount, values.currency);
          if ('refused' in amount) return refuse({ amount: amount.refused });
          if (values.paidOn === '') return refuse({ paidOn: 'Choose the day you paid' });
          return client.reportPayment(
            {
              amount: amount.minorUnits,
              currency: values.currency,
              paidOn: values.paidOn,
              ...(values.reference.trim() && { reference: values.reference.trim() }),
              ...(values.invoiceIds.length > 0 && { invoiceIds: values.invoiceIds }),
            },
            idempotencyKey,
          );
        })
      }
    >
      <CurrencyChoice currencies={currencies} field={form.field('currency')} />
      <TextInput label="Amount" inputMode="decimal" withAsterisk description={`In ${values.currency}`} {...form.field('amount')} />
      <TextInput type="date" label="Paid on" withAsterisk {...form.field('paidOn')} />
      <TextInput label="Reference" description="The reference your bank shows for the transfer" {...form.field('reference')} />
      {invoices.length > 0 && (
        <Checkbox.Group
          label="Invoices it pays"
          description="Leave all unticked if you do not know"
          value={values.invoiceIds}
          onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
          error={form.errorOf('invoiceIds')}
        >
          <Stack gap="xs" mt="xs">
            {invoices.map(({ invoiceId, openBalance, currency }) => (
              <Checkbox key={invoiceId} value={invoiceId} label={invoiceId} description={`${formatMoney(openBalance, currency)} open`} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </CommandFormFrame>
  );
}

/** The amount as the customer typed it, formatted for the confirmation (it was accepted, so it parses). */
function amountText(typed: string, currency: string): string {
  const amount = parseMoney(typed, currency);
  return 'minorUnits' in amount ? formatMoney(amount.minorUnits, currency) : `${typed} ${currency}`;
}
