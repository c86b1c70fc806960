import { Alert, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { exhaustive } from './actions/choices';
import { useSearchFilters } from './search-filters';
import { words } from './format';
import { useSession } from './session';
import { AssignSelected } from './worklist/assign-selected';
import { Filters, Segment, useLiveWorklist, WorklistState } from './worklist/live-worklist';
import { Selection, WorklistTable } from './worklist/worklist-table';

/** Every state the API lists (exhaustive: a state it adds fails the console's type check until it is offered here). */
const STATES = exhaustive<WorklistState>()([
  'reply_waiting',
  'call_now',
  'cash_to_apply',
  'promised',
  'payment_plan',
  'disputed',
  'with_agency',
  'in_legal',
]);
const SEGMENTS: Segment[] = ['high', 'medium', 'low'];

/**
 * A collector's worklist: their own for a collector; any collector's, or `unassigned`, for the
 * roles that may read others'. It is live: what anyone records shows within a second or two.
 * Managers tick rows and assign them to a collector at once.
 */
export function WorklistPage() {
  const { session } = useSession();
  const [search, chooseFilters] = useSearchFilters();
  const ownOnly = session?.identity.role === 'collector';
  const filters: Filters = {
    collectorId: ownOnly ? session!.identity.actorId : (search.get('collector') ?? 'unassigned'),
    state: (search.get('state') as WorklistState | null) ?? undefined,
    segment: (search.get('segment') as Segment | null) ?? undefined,
    currency: search.get('currency') ?? undefined,
  };
  const filtersKey = JSON.stringify(filters);
  const result = useLiveWorklist(session!, filters, filtersKey);
  const assigns = session!.may('AssignCollector');

  // Ticked customers, for the filters they were ticked under: a new filter starts with none.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setSelected(new Set()), [filtersKey]);
  const toggle = useCallback(
    (customerIds: string[], tick: boolean) =>
      setSelected((before) => {
        const after = new Set(before);
        for (const customerId of customerIds) {
          if (tick) after.add(customerId);
          else after.delete(customerId);
        }
        return after;
      }),
    [],
  );
  const loaded = result === undefined || result instanceof Error ? undefined : result;
  const items = loaded?.items;
  // Only rows still listed count: a live list may have moved some away.
  const selectedShown = useMemo(
    () => [...new Set((items ?? []).map((item) => item.customerId))].filter((customerId) => selected.has(customerId)),
    [items, selected],
  );
  const selection: Selection | undefined = assigns ? { selected, toggle } : undefined;

  const choose = (name: string, value: string | null) => chooseFilters({ [name]: value });

  return (
    <Stack>
      <Title order={1}>Worklist {filters.collectorId === 'unassigned' ? '(unassigned accounts)' : `of ${filters.collectorId}`}</Title>
      <Group align="end">
        {!ownOnly && (
          <TextInput
            label="Collector"
            description="A collector's id, or unassigned"
            defaultValue={filters.collectorId}
            onKeyDown={(event) => event.key === 'Enter' && choose('collector', event.currentTarget.value.trim() || null)}
            onBlur={(event) => choose('collector', event.currentTarget.value.trim() || null)}
          />
        )}
        <Select
          label="State"
          placeholder="Any"
          clearable
          data={STATES.map((state) => ({ value: state, label: words(state) }))}
          value={filters.state ?? null}
          onChange={(value) => choose('state', value)}
        />
        <Select
          label="Segment"
          placeholder="Any"
          clearable
          data={SEGMENTS}
          value={filters.segment ?? null}
          onChange={(value) => choose('segment', value)}
        />
        <TextInput
          label="Currency"
          placeholder="Any"
          maxLength={3}
          defaultValue={filters.currency ?? ''}
          onBlur={(event) => choose('currency', event.currentTarget.value.trim().toUpperCase() || null)}
          onKeyDown={(event) => event.key === 'Enter' && choose('currency', event.currentTarget.value.trim().toUpperCase() || null)}
        />
      </Group>
      {assigns && <AssignSelected selected={selectedShown} onAssigned={(customerIds) => toggle(customerIds, false)} />}
      {result === undefined && <Text>Loading the worklist…</Text>}
      {result instanceof Error && (
        <Alert color="red" title="The worklist could not be read">
          {result.message}
        </Alert>
      )}
      {loaded && <WorklistTable items={loaded.items} asOf={loaded.asOf} selection={selection} />}
    </Stack>
  );
}
