import { Alert, Anchor, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { exhaustive } from '../actions/choices';
import { LoadMore, QueueStatus, useCursorQueue } from '../cursor-queue';
import { useSearchFilters } from '../search-filters';
import { useSession } from '../session';
import { dataOf } from '../use-answer';
import { HandleReplyModal, ReplyPanel } from './reply-panel';
import { ReplyItem, ReplyKind, attachmentsInWords, kindInWords, receivedInWords, replyInWords, statusInWords } from './reply-words';

/** Messages a page; more come with "Load more" (the API's cursor: handled messages leave the queue). */
const PAGE_SIZE = 50;

/** The statuses the page filters by: `all` shows every message, automatic ones included. */
const STATUSES = [
  { value: 'waiting', label: 'Waiting for a collector' },
  { value: 'handled', label: 'Handled' },
  { value: 'recorded', label: 'Automatic, nothing to answer' },
  { value: 'all', label: 'All' },
] as const;
type StatusFilter = (typeof STATUSES)[number]['value'];
const KINDS = exhaustive<ReplyKind>()(['reply', 'auto_reply', 'bounce', 'link_request']);

const sameMessage = (one: ReplyItem, other: { customerId: string; replyId: string }) =>
  one.customerId === other.customerId && one.replyId === other.replyId;

/**
 * The reply queue: what customers sent back to their letters, and their requests for a new link,
 * the longest-waiting first. While a message waits, the customer gets no reminder; a collector
 * reads it, answers it where it belongs, and marks it handled.
 */
export function RepliesPage() {
  const { session } = useSession();
  const [search, chooseFilters] = useSearchFilters();
  const status = (STATUSES.find(({ value }) => value === search.get('status'))?.value ?? 'waiting') satisfies StatusFilter;
  const kind = KINDS.find((value) => value === search.get('kind'));
  // A collector reads their own customers' messages only (the API answers them without asking).
  const ownOnly = session?.identity.role === 'collector';
  const collectorId = ownOnly ? undefined : (search.get('collector') ?? undefined);
  const queue = useCursorQueue<ReplyItem>(
    async (cursor) => {
      const page = dataOf(
        await session!.client.GET('/replies', { params: { query: { status, kind, collectorId, cursor, limit: PAGE_SIZE } } }),
        'The replies could not be read.',
      );
      return { items: page.items, next: page.nextCursor };
    },
    [session, status, kind, collectorId],
  );
  const [opened, setOpened] = useState<{ customerId: string; replyId: string }>();
  const [handling, setHandling] = useState<ReplyItem>();
  const [done, setDone] = useState<string>();
  const items = Array.isArray(queue.items) ? queue.items : [];
  const openedItem = opened && items.find((item) => sameMessage(item, opened));

  /** After marking one handled: read the queue until it shows (it leaves the waiting queue, or says handled). */
  const handled = async (message: string, item: ReplyItem) => {
    setHandling(undefined);
    await queue.readAgain((fresh) => !fresh.some((other) => sameMessage(other, item) && other.status === 'waiting'));
    setDone(message);
  };

  return (
    <Stack>
      <Title order={1}>Replies</Title>
      <Text>
        What customers wrote back to their letters, and their requests for a new link, the longest-waiting first. While a reply waits, the
        customer gets no reminder.
      </Text>
      {done && (
        <Alert color="green" role="status" withCloseButton onClose={() => setDone(undefined)} closeButtonLabel="Dismiss">
          {done}
        </Alert>
      )}
      <Group align="end">
        <NativeSelect
          label="Status"
          data={STATUSES.map(({ value, label }) => ({ value, label }))}
          value={status}
          onChange={(event) => chooseFilters({ status: event.currentTarget.value === 'waiting' ? null : event.currentTarget.value })}
        />
        <NativeSelect
          label="Kind"
          data={[{ value: '', label: 'Any' }, ...KINDS.map((value) => ({ value, label: kindInWords(value) }))]}
          value={kind ?? ''}
          onChange={(event) => chooseFilters({ kind: event.currentTarget.value || null })}
        />
        {!ownOnly && (
          <TextInput
            label="Collector"
            placeholder="Any"
            description="A collector's id, or unassigned"
            defaultValue={collectorId ?? ''}
            onBlur={(event) => chooseFilters({ collector: event.currentTarget.value.trim() || null })}
            onKeyDown={(event) => event.key === 'Enter' && chooseFilters({ collector: event.currentTarget.value.trim() || null })}
          />
        )}
      </Group>
      <QueueStatus queue={queue} what="the replies" empty={status === 'waiting' ? 'No reply is waiting.' : 'No message.'} />
      {items.length > 0 && (
        <Table aria-label="Replies" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th>From</Table.Th>
              <Table.Th>Subject</Table.Th>
              <Table.Th>Received</Table.Th>
              <Table.Th>Attachments</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>
                <VisuallyHidden>Message</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((item) => (
              <Table.Tr key={`${item.customerId}/${item.replyId}`}>
                <Table.Td>
                  <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
                    {item.customerId}
                  </Anchor>
                </Table.Td>
                <Table.Td>{kindInWords(item.kind)}</Table.Td>
                <Table.Td>{item.from ?? '—'}</Table.Td>
                <Table.Td>{item.kind === 'link_request' ? `letter ${item.letterId ?? '?'}` : (item.subject ?? '—')}</Table.Td>
                <Table.Td>{receivedInWords(item)}</Table.Td>
                <Table.Td>{attachmentsInWords(item)}</Table.Td>
                <Table.Td>{statusInWords(item)}</Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant={openedItem && sameMessage(openedItem, item) ? 'filled' : 'default'}
                    aria-pressed={openedItem !== undefined && sameMessage(openedItem, item)}
                    onClick={() => setOpened({ customerId: item.customerId, replyId: item.replyId })}
                  >
                    Open
                    <VisuallyHidden> {replyInWords(item)}</VisuallyHidden>
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <LoadMore queue={queue} what="replies" />
      {openedItem && <ReplyPanel item={openedItem} onHandle={() => setHandling(openedItem)} onClose={() => setOpened(undefined)} />}
      {handling && (
        <HandleReplyModal item={handling} onClose={() => setHandling(undefined)} onHandled={(message) => void handled(message, handling)} />
      )}
    </Stack>
  );
}
