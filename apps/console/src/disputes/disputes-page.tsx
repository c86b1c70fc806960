import { Alert, Anchor, Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { LoadMore, QueueStatus, useCursorQueue } from '../cursor-queue';
import { formatDay } from '../format';
import { useSearchFilters } from '../search-filters';
import { useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { DisputeItem, OwnerCount, disputeInWords, disputedInWords, lateness, ownerHeading, ownerInWords, ownerKey } from './dispute-words';
import { ReassignModal } from './reassign-modal';

/** Disputes a page; more come with "Load more" (the API's cursor: resolved disputes leave the board). */
const PAGE_SIZE = 100;
/** The policy whose dispute routing names the teams (docs/policy-engine.md). */
const POLICY = 'default';

/** The teams the policy routes disputes to: offered for reassignment and filtering, beside those already owning some. */
function usePolicyTeams(): string[] {
  const { session } = useSession();
  const answer = useAnswer(async () => {
    const { data, response } = await session!.client.GET('/policies/{name}', { params: { path: { name: POLICY } } });
    // Never recorded (404), or not readable: the teams seen on the board are offered.
    if (!response.ok || data === undefined || !('current' in data)) return [];
    return data.current.policy.disputeRouting?.teams ?? [];
  }, [session]);
  return Array.isArray(answer) ? answer : [];
}

/** The open disputes grouped by owner, in the order of the owners' counts (most past target first). */
function byOwner(items: DisputeItem[], counts: OwnerCount[]): { key: string; owner: OwnerCount | DisputeItem; items: DisputeItem[] }[] {
  const groups = new Map<string, { key: string; owner: OwnerCount | DisputeItem; items: DisputeItem[] }>();
  for (const count of counts) groups.set(ownerKey(count), { key: ownerKey(count), owner: count, items: [] });
  for (const item of items) {
    const key = ownerKey(item);
    const group = groups.get(key) ?? { key, owner: item, items: [] };
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()].filter((group) => group.items.length > 0);
}

/**
 * The disputes board: every open dispute and deduction with the team (and person) that owns it and
 * the date it should be answered by, grouped by owner, those past their target first. A manager
 * reassigns one to another team, person or target date.
 */
export function DisputesPage() {
  const { session } = useSession();
  const [search, chooseFilters] = useSearchFilters();
  const ownerTeam = search.get('team') ?? undefined;
  const pastTarget = search.get('pastTarget') === 'true';
  const [summary, setSummary] = useState<{ asOf: string; byOwner: OwnerCount[] }>();
  const board = useCursorQueue<DisputeItem>(
    async (cursor) => {
      const page = dataOf(
        await session!.client.GET('/disputes', {
          params: { query: { status: 'open', ownerTeam, ...(pastTarget && { pastTarget: 'true' }), cursor, limit: PAGE_SIZE } },
        }),
        'The disputes could not be read.',
      );
      // Every page counts the same owners; the first one's (or a re-read's) is shown.
      if (cursor === undefined) setSummary({ asOf: page.asOf, byOwner: page.byOwner });
      return { items: page.items, next: page.nextCursor };
    },
    [session, ownerTeam, pastTarget],
  );
  const policyTeams = usePolicyTeams();
  const [reassigning, setReassigning] = useState<DisputeItem>();
  const [done, setDone] = useState<string>();
  const items = Array.isArray(board.items) ? board.items : [];
  const counts = summary?.byOwner ?? [];
  const teams = useMemo(
    () =>
      [...new Set([...policyTeams, ...counts.map((count) => count.ownerTeam), ...items.map((item) => item.ownerTeam)])]
        .filter((team): team is string => typeof team === 'string' && team !== '')
        .sort(),
    [policyTeams, counts, items],
  );
  const mayReassign = session!.may('AssignDispute');

  /** After a reassignment: read the board until it shows the new owner, then say what was done. */
  const reassigned = async (message: string, item: DisputeItem, owner: { ownerTeam: string; ownerId?: string }) => {
    setReassigning(undefined);
    await board.readAgain((fresh) => {
      const shown = fresh.find((other) => other.customerId === item.customerId && other.disputeId === item.disputeId);
      return shown === undefined || ownerKey(shown) === ownerKey(owner);
    });
    setDone(message);
  };

  return (
    <Stack>
      <Title order={1}>Disputes</Title>
      <Text>
        Open disputes and deductions by the team that answers them{summary ? ` as of ${summary.asOf}` : ''}, those past their target date
        first.
      </Text>
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(undefined)} closeButtonLabel="Dismiss">
          {done}
        </Alert>
      )}
      <Group align="end">
        <NativeSelect
          label="Team"
          data={[{ value: '', label: 'Any' }, ...teams]}
          value={ownerTeam ?? ''}
          onChange={(event) => chooseFilters({ team: event.currentTarget.value || null })}
        />
        {/* Uncontrolled, as the text filters are: the box follows the click at once, the URL a moment later. */}
        <Checkbox
          label="Past target only"
          defaultChecked={pastTarget}
          onChange={(event) => chooseFilters({ pastTarget: event.currentTarget.checked ? 'true' : null })}
        />
      </Group>

      {counts.length > 0 && (
        <Table aria-label="Open disputes by owner" striped withTableBorder maw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Open</Table.Th>
              <Table.Th>Past target</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {counts.map((count) => (
              <Table.Tr key={ownerKey(count)}>
                <Table.Td>{ownerInWords(count)}</Table.Td>
                <Table.Td>{count.open}</Table.Td>
                <Table.Td>{count.pastTarget}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <QueueStatus queue={board} what="the disputes" empty={pastTarget ? 'No open dispute is past its target.' : 'No dispute is open.'} />
      {byOwner(items, counts).map((group, index) => (
        <Stack component="section" key={group.key} aria-labelledby={`owner-${index}`} gap="xs">
          <Title order={2} size="h4" id={`owner-${index}`}>
            {ownerHeading(group.owner)}
          </Title>
          <Table aria-labelledby={`owner-${index}`} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Invoice</Table.Th>
                <Table.Th>Disputed</Table.Th>
                <Table.Th>Raised on</Table.Th>
                <Table.Th>Target</Table.Th>
                <Table.Th>Lateness</Table.Th>
                <Table.Th>Owner reminded</Table.Th>
                {mayReassign && (
                  <Table.Th>
                    <VisuallyHidden>Reassign</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.items.map((item) => (
                <Table.Tr key={`${item.customerId}/${item.disputeId}`}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
                      {item.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{item.invoiceId}</Table.Td>
                  <Table.Td>{disputedInWords(item)}</Table.Td>
                  <Table.Td>{formatDay(item.raisedOn)}</Table.Td>
                  <Table.Td>{formatDay(item.targetOn)}</Table.Td>
                  <Table.Td>
                    {item.daysPastTarget > 0 ? (
                      <Badge color="red" variant="light">
                        {lateness(item)}
                      </Badge>
                    ) : (
                      lateness(item)
                    )}
                  </Table.Td>
                  <Table.Td>{formatDay(item.remindedOn)}</Table.Td>
                  {mayReassign && (
                    <Table.Td>
                      <Button size="xs" variant="light" onClick={() => setReassigning(item)}>
                        Reassign
                        <VisuallyHidden> {disputeInWords(item)}</VisuallyHidden>
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
      <LoadMore queue={board} what="disputes" />
      {reassigning && (
        <ReassignModal
          item={reassigning}
          teams={teams}
          onClose={() => setReassigning(undefined)}
          onReassigned={(message, owner) => void reassigned(message, reassigning, owner)}
        />
      )}
    </Stack>
  );
}
