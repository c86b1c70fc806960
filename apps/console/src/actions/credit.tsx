import { NativeSelect, TextInput, Textarea } from '@mantine/core';
import { parseMoney } from '../format';
import { useSession } from '../session';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { refuse, useCommandForm, useNewId } from './use-command-form';

/** Recommend a new credit limit for the customer (zero stops credit). */
export function RecommendCreditLimitForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const recommendationId = useNewId('credit-limit');
  const currencies = [...new Set(state.balances.map((balance) => balance.currency))];
  const form = useCommandForm({ recommendedLimit: '', currency: currencies[0] ?? 'EUR', reason: '', recommendedOn: state.asOf }, done);
  const { values } = form;
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save recommendation"
      onSubmit={() =>
        form.submit((idempotencyKey) => {
          const limit = parseMoney(values.recommendedLimit, values.currency);
          if ('refused' in limit) return refuse({ recommendedLimit: limit.refused });
          return session!.client.POST('/customers/{customerId}/credit-limit-recommendations', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: {
              recommendationId,
              recommendedLimit: limit.minorUnits,
              currency: values.currency,
              reason: values.reason,
              recommendedOn: values.recommendedOn,
            },
          });
        })
      }
    >
      <TextInput
        label="Recommended limit"
        description={`In ${values.currency}; 0 stops credit`}
        inputMode="decimal"
        withAsterisk
        {...form.field('recommendedLimit')}
      />
      {currencies.length > 1 && <NativeSelect label="Currency" data={currencies} {...form.field('currency')} />}
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Recommended on" {...form.field('recommendedOn')} />
    </CommandFormFrame>
  );
}

/** Place the account on credit hold: no new sales on credit until it is lifted. */
export function PlaceCreditHoldForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const form = useCommandForm({ reason: '', placedOn: state.asOf }, done);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Place the hold"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/credit-hold', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: form.values,
          }),
        )
      }
    >
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Placed on" {...form.field('placedOn')} />
    </CommandFormFrame>
  );
}

/** Lift the account's credit hold. */
export function LiftCreditHoldForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const form = useCommandForm({ reason: '', liftedOn: state.asOf }, done);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Lift the hold"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/credit-hold/lift', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: form.values,
          }),
        )
      }
    >
      <Textarea label="Reason" autosize minRows={2} withAsterisk {...form.field('reason')} />
      <TextInput type="date" label="Lifted on" {...form.field('liftedOn')} />
    </CommandFormFrame>
  );
}

/** Assign the account to a collector (their worklist picks it up). */
export function AssignCollectorForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const form = useCommandForm({ collectorId: state.collectorId ?? '', assignedOn: state.asOf }, done);
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Assign"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/assignment', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: { collectorId: form.values.collectorId.trim(), assignedOn: form.values.assignedOn },
          }),
        )
      }
    >
      <TextInput label="Collector" description="The collector's id, e.g. collector-2" withAsterisk {...form.field('collectorId')} />
      <TextInput type="date" label="Assigned on" {...form.field('assignedOn')} />
    </CommandFormFrame>
  );
}
