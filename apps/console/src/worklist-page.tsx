import type { components } from '@collections/api-client';
import { Alert, Anchor, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatDay, formatMoney, words } from './format';
import { Session, useSession } from './session';
import { dataOf, useAnswer } from './use-answer';

type WorklistItem = components['schemas']['WorklistItem'];
type Worklist = components['schemas']['Worklist'];
type WorklistState = WorklistItem['state'];
type Segment = WorklistItem['segment'];

const STATES: WorklistState[] = ['call_now', 'promised', 'payment_plan', 'disputed', 'with_agency', 'in_legal'];
const SEGMENTS: Segment[] = ['high', 'medium', 'low'];
/** The API's largest page: a worklist of a few thousand accounts comes in a few requests. */
const PAGE_SIZE = 500;
const ROW_HEIGHT = 37;

interface Filters {
  collectorId: string;
  state?: WorklistState;
  segment?: Segment;
  currency?: string;
}

/** Every page of a worklist, in the order the API sorts it. */
async function loadWorklist(
  session: Session,
  { collectorId, state, segment, currency }: Filters,
): Promise<{ items: WorklistItem[]; asOf: string }> {
  const items: WorklistItem[] = [];
  for (let page = 1; ; page++) {
    const data: Worklist = dataOf(
      await session.client.GET('/worklists/{collectorId}', {
        params: { path: { collectorId }, query: { page, pageSize: PAGE_SIZE, state, segment, currency } },
      }),
      'The worklist could not be read.',
    );
    items.push(...data.items);
    if (items.length >= data.total || data.items.length === 0) return { items, asOf: data.asOf };
  }
}

/**
 * A collector's worklist: their own for a collector; any collector's, or `unassigned`, for the
 * roles that may read others'. Rows are rendered as they scroll into view, so thousands stay smooth.
 */
export function WorklistPage() {
  const { session } = useSession();
  const [search, setSearch] = useSearchParams();
  const ownOnly = session?.identity.role === 'collector';
  const filters: Filters = {
    collectorId: ownOnly ? session!.identity.actorId : (search.get('collector') ?? 'unassigned'),
    state: (search.get('state') as WorklistState | null) ?? undefined,
    segment: (search.get('segment') as Segment | null) ?? undefined,
    currency: search.get('currency') ?? undefined,
  };
  // The filters are read from the URL: their value, not the object made each render, is what changes.
  const result = useAnswer(() => loadWorklist(session!, filters), [session, JSON.stringify(filters)]);

  const choose = (name: string, value: string | null) => {
    const next = new URLSearchParams(search);
    if (value) next.set(name, value);
    else next.delete(name);
    setSearch(next, { replace: true });
  };

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
      {result === undefined && <Text>Loading the worklist…</Text>}
      {result instanceof Error && (
        <Alert color="red" title="The worklist could not be read">
          {result.message}
        </Alert>
      )}
      {result !== undefined && !(result instanceof Error) && <WorklistTable items={result.items} asOf={result.asOf} />}
    </Stack>
  );
}

const COLUMNS = [
  'Customer',
  'Balance',
  'Days overdue',
  'State',
  'Next action',
  'Next action on',
  'Priority',
  'Segment',
  'Last contact',
  'Broken promises',
];

function WorklistTable({ items, asOf }: { items: WorklistItem[]; asOf: string }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const rows = virtualizer.getVirtualItems();
  const before = rows.length > 0 ? rows[0].start : 0;
  const after = rows.length > 0 ? virtualizer.getTotalSize() - rows[rows.length - 1].end : 0;
  if (items.length === 0) return <Text>Nothing to work on as of {asOf}.</Text>;
  return (
    <>
      <Text>
        {items.length.toLocaleString()} items as of {asOf}, in the order to work them.
      </Text>
      <div ref={scroller} style={{ height: '70vh', overflow: 'auto' }} tabIndex={0} role="region" aria-label="Worklist items">
        <Table stickyHeader striped aria-rowcount={items.length + 1}>
          <Table.Thead>
            <Table.Tr aria-rowindex={1}>
              {COLUMNS.map((column) => (
                <Table.Th key={column}>{column}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {before > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: before, padding: 0 }} />
              </tr>
            )}
            {rows.map((row) => {
              const item = items[row.index];
              return (
                <Table.Tr key={`${item.customerId} ${item.currency}`} aria-rowindex={row.index + 2} style={{ height: ROW_HEIGHT }}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
                      {item.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatMoney(item.balance, item.currency)}</Table.Td>
                  <Table.Td>{item.daysOverdue}</Table.Td>
                  <Table.Td>{words(item.state)}</Table.Td>
                  <Table.Td>{words(item.nextAction)}</Table.Td>
                  <Table.Td>{formatDay(item.nextActionOn)}</Table.Td>
                  <Table.Td>{item.priority}</Table.Td>
                  <Table.Td>{item.segment}</Table.Td>
                  <Table.Td>{formatDay(item.lastContactOn)}</Table.Td>
                  <Table.Td>{item.brokenPromises}</Table.Td>
                </Table.Tr>
              );
            })}
            {after > 0 && (
              <tr aria-hidden="true">
                <td colSpan={COLUMNS.length} style={{ height: after, padding: 0 }} />
              </tr>
            )}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
