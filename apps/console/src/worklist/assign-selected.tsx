import { Alert, Button, Group, List, Text, TextInput } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { useSession } from '../session';

interface Outcome {
  collectorId: string;
  assigned: string[];
  failures: { customerId: string; detail: string }[];
}

/**
 * Assigns the ticked customers to one collector: one AssignCollector (POST assignment) per
 * customer, so each succeeds or fails on its own, and each failure is named. The rows move to
 * the collector's list once the read models have the assignment (the worklist is live).
 */
export function AssignSelected({ selected, onAssigned }: { selected: string[]; onAssigned(customerIds: string[]): void }) {
  const { session } = useSession();
  const [collectorId, setCollectorId] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  const assign = async (event: FormEvent) => {
    event.preventDefault();
    const to = collectorId.trim();
    if (!to || selected.length === 0) return;
    setBusy(true);
    setOutcome(undefined);
    const result: Outcome = { collectorId: to, assigned: [], failures: [] };
    for (const customerId of selected) {
      try {
        const { error, response } = await session!.client.POST('/customers/{customerId}/assignment', {
          params: { path: { customerId }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: { collectorId: to },
        });
        if (response.ok) result.assigned.push(customerId);
        else result.failures.push({ customerId, detail: error?.detail ?? `The service answered ${response.status}.` });
      } catch {
        result.failures.push({ customerId, detail: 'The service cannot be reached.' });
      }
    }
    setOutcome(result);
    setBusy(false);
    onAssigned(result.assigned);
  };

  return (
    <form onSubmit={(event) => void assign(event)} aria-label="Assign the selected customers">
      <Group align="end">
        <TextInput
          label="Assign to"
          description="The collector's id"
          value={collectorId}
          onChange={(event) => setCollectorId(event.currentTarget.value)}
          required
        />
        <Button type="submit" loading={busy} disabled={selected.length === 0 || collectorId.trim() === ''}>
          Assign
        </Button>
        <Text aria-live="polite">
          {selected.length} customer{selected.length === 1 ? '' : 's'} selected
        </Text>
      </Group>
      {outcome && outcome.assigned.length > 0 && (
        <Text role="status" mt="xs">
          Assigned {outcome.assigned.join(', ')} to {outcome.collectorId}. They move to that list as soon as the worklists have it.
        </Text>
      )}
      {outcome && outcome.failures.length > 0 && (
        <Alert color="red" title="Some customers were not assigned" mt="xs">
          <List>
            {outcome.failures.map(({ customerId, detail }) => (
              <List.Item key={customerId}>
                {customerId}: {detail}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </form>
  );
}
