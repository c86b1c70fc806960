import { NativeSelect, TextInput, Textarea } from '@mantine/core';
import { parseMoney } from '../format';
import { useSession } from '../session';
import { AccountState, CONTACT_CHANNELS, CONTACT_OUTCOMES, currencyOf, optionsOf } from './choices';
import { CommandFormFrame } from './command-dialog';
import { InvoiceCheckboxes, invoiceIdsError } from './invoice-picker';
import { refuse, useCommandForm, useNewId } from './use-command-form';

/** Reasons collectors hear most; the api takes any text, so the list only saves typing. */
const REASONS_FOR_LATENESS = ['cash flow', 'invoice not received', 'awaiting approval', 'disputes the invoice', 'paid already'];

export interface ActionFormProps {
  customerId: string;
  state: AccountState;
  done(): void;
}

/** Log a call (or any contact): who, how, what came of it and why the customer is late. */
export function LogCallForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const form = useCommandForm(
    {
      person: '',
      channel: 'phone' as (typeof CONTACT_CHANNELS)[number],
      outcome: 'reached' as (typeof CONTACT_OUTCOMES)[number],
      reasonForLateness: '',
      notes: '',
      contactedOn: state.asOf,
    },
    done,
  );
  const contactId = useNewId('contact');
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save call"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/contacts', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              contactId,
              channel: values.channel,
              person: values.person,
              outcome: values.outcome,
              contactedOn: values.contactedOn,
              // Optional texts are left out when empty: the api refuses an empty one.
              ...(values.reasonForLateness.trim() && { reasonForLateness: values.reasonForLateness.trim() }),
              ...(values.notes.trim() && { notes: values.notes.trim() }),
            },
          }),
        )
      }
    >
      <TextInput label="Person" description="Who you spoke to at the customer" withAsterisk {...form.field('person')} />
      <NativeSelect label="Channel" data={optionsOf(CONTACT_CHANNELS)} {...form.field('channel')} />
      <NativeSelect label="Outcome" data={optionsOf(CONTACT_OUTCOMES)} {...form.field('outcome')} />
      <TextInput
        label="Reason for lateness"
        description="In the customer's words, or one of the usual ones"
        list="reasons-for-lateness"
        {...form.field('reasonForLateness')}
      />
      <datalist id="reasons-for-lateness">
        {REASONS_FOR_LATENESS.map((reason) => (
          <option key={reason} value={reason} />
        ))}
      </datalist>
      <Textarea label="Notes" autosize minRows={2} {...form.field('notes')} />
      <TextInput type="date" label="Contacted on" {...form.field('contactedOn')} />
    </CommandFormFrame>
  );
}

/** Record a promise to pay: how much, by when, on which invoices. */
export function RecordPromiseForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const form = useCommandForm(
    {
      amount: '',
      promisedFor: state.asOf,
      invoiceIds: [] as string[],
      madeOn: state.asOf,
    },
    done,
    ['invoiceIds.*', 'currency'],
  );
  const { values } = form;
  const currency = currencyOf(state, values.invoiceIds);
  const promiseId = useNewId('promise');
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save promise"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          if (!currency) return refuse({ invoiceIds: 'Choose invoices in one currency' });
          const amount = parseMoney(values.amount, currency);
          if ('refused' in amount) return refuse({ amount: amount.refused });
          return session!.client.POST('/customers/{customerId}/promises', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              promiseId,
              invoiceIds: values.invoiceIds,
              amount: amount.minorUnits,
              currency,
              promisedFor: values.promisedFor,
              madeOn: values.madeOn,
            },
          });
        })
      }
    >
      <TextInput
        label="Amount"
        description={currency ? `In ${currency}, e.g. 600.00` : 'Choose invoices in one currency first'}
        inputMode="decimal"
        withAsterisk
        {...form.field('amount')}
      />
      <TextInput
        type="date"
        label="Promised for"
        description="The day the customer will pay by"
        withAsterisk
        {...form.field('promisedFor')}
      />
      <InvoiceCheckboxes
        state={state}
        value={values.invoiceIds}
        onChange={(invoiceIds) => form.set('invoiceIds', invoiceIds)}
        error={invoiceIdsError(form.errorOf, values.invoiceIds) ?? form.errorOf('currency')}
      />
      <TextInput type="date" label="Made on" {...form.field('madeOn')} />
    </CommandFormFrame>
  );
}
