import { Autocomplete, Modal, Text, TextInput } from '@mantine/core';
import { CommandFormFrame } from '../actions/command-dialog';
import { refuse, useCommandForm } from '../actions/use-command-form';
import { formatMoney, words } from '../format';
import { useSession } from '../session';
import { DisputeItem, disputeInWords, ownerInWords } from './dispute-words';

/**
 * Give a dispute another owner: a team (those of the policy's routing and those already owning
 * disputes are offered; the service judges any other), optionally a person in it, and a target
 * date (empty: the policy's for its category, counted from today).
 */
export function ReassignModal({
  item,
  teams,
  onClose,
  onReassigned,
}: {
  item: DisputeItem;
  teams: string[];
  onClose(): void;
  onReassigned(message: string, owner: { ownerTeam: string; ownerId?: string }): void;
}) {
  const { session } = useSession();
  const form = useCommandForm({ ownerTeam: item.ownerTeam ?? '', ownerId: item.ownerId ?? '', targetOn: '' }, () =>
    onReassigned(`Reassigned ${disputeInWords(item)} to ${ownerInWords(owner())}.`, owner()),
  );
  const owner = () => ({
    ownerTeam: form.values.ownerTeam.trim(),
    ...(form.values.ownerId.trim() && { ownerId: form.values.ownerId.trim() }),
  });
  const send = (idempotencyKey: string) => {
    if (form.values.ownerTeam.trim() === '') return refuse({ ownerTeam: 'Choose the team that answers it' });
    return session!.client.POST('/customers/{customerId}/disputes/{disputeId}/assignment', {
      params: { path: { customerId: item.customerId, disputeId: item.disputeId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: { ...owner(), ...(form.values.targetOn && { targetOn: form.values.targetOn }) },
    });
  };
  return (
    <Modal opened onClose={onClose} title={`Reassign ${disputeInWords(item)}`} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <CommandFormFrame form={form} submitLabel="Reassign" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          {formatMoney(item.amount, item.currency)} disputed ({words(item.category)}) since {item.raisedOn}; now with {ownerInWords(item)}
          {item.targetOn ? `, to answer by ${item.targetOn}` : ''}.
        </Text>
        <Autocomplete
          label="Team"
          withAsterisk
          description="The team that answers it"
          data={teams}
          data-autofocus
          value={form.values.ownerTeam}
          onChange={(value) => form.set('ownerTeam', value)}
          error={form.errorOf('ownerTeam')}
        />
        <TextInput label="Person" description="Optional: who in the team answers it" {...form.field('ownerId')} />
        <TextInput
          type="date"
          label="Target date"
          description="Optional: empty for the policy's target for its category"
          {...form.field('targetOn')}
        />
      </CommandFormFrame>
    </Modal>
  );
}
