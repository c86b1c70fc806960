import { Alert, Badge, Box, Button, Group, MultiSelect, Text, Title } from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { Session, useSession } from '../session';
import { describeEvent, HistoryEntry, typeInWords } from '../timeline';
import { dataOf } from '../use-answer';

type ExportFormat = 'jsonl' | 'csv';

/**
 * Downloads the history as GET history/export answers it. The request needs the person's key,
 * which a plain link cannot send: it is fetched through the client and saved from an object URL.
 */
async function exportHistory(session: Session, customerId: string, format: ExportFormat): Promise<void> {
  const file = dataOf(
    await session.client.GET('/customers/{customerId}/history/export', {
      params: { path: { customerId }, query: { format } },
      parseAs: 'blob',
    }),
    'The history could not be exported.',
  );
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = `collection-history-${customerId}.${format}`;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by then; it is only memory after that.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * A reply's text, for staff only (the feed never carries it): folded under a button, as a letter's
 * worth of text would drown the timeline.
 */
function ReplyText({ entry }: { entry: HistoryEntry }) {
  const [shown, setShown] = useState(false);
  const id = useId();
  const body = typeof entry.data.text === 'string' ? entry.data.text : '';
  const attachments = Array.isArray(entry.data.attachments) ? (entry.data.attachments as { name?: unknown }[]) : [];
  if (body === '' && attachments.length === 0) return null;
  return (
    <>
      <Button
        variant="default"
        size="compact-sm"
        aria-expanded={shown}
        aria-controls={shown ? id : undefined}
        onClick={() => setShown((was) => !was)}
      >
        {shown ? 'Hide the reply' : 'Show the reply'}
      </Button>
      {shown && (
        <Box id={id}>
          <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
            {body}
          </Text>
          {attachments.length > 0 && <Text size="sm">Attachments: {attachments.map(({ name }) => String(name)).join(', ')}</Text>}
        </Box>
      )}
    </>
  );
}

/** Every event of the stream in order, filterable by kind, and the whole history as a download. */
export function TimelineSection({ customerId, history }: { customerId: string; history: HistoryEntry[] | Error | undefined }) {
  const { session } = useSession();
  const [kinds, setKinds] = useState<string[]>([]);
  const [exportFailure, setExportFailure] = useState<string>();
  const events = history instanceof Error ? undefined : history;
  const present = useMemo(() => [...new Set((events ?? []).map((entry) => entry.type))].sort(), [events]);
  // None chosen is every kind.
  const shown = kinds.length === 0 ? events : events?.filter((entry) => kinds.includes(entry.type));

  const download = (format: ExportFormat) => {
    setExportFailure(undefined);
    exportHistory(session!, customerId, format).catch((error: unknown) =>
      setExportFailure(error instanceof Error ? error.message : String(error)),
    );
  };

  return (
    <section aria-labelledby="timeline-heading">
      <Title order={2} id="timeline-heading">
        Timeline
      </Title>
      <Group align="end" mb="sm">
        <MultiSelect
          label="Kinds of event"
          description="Show only these; none chosen shows every event"
          placeholder={kinds.length === 0 ? 'All kinds' : undefined}
          data={present.map((type) => ({ value: type, label: typeInWords(type) }))}
          value={kinds}
          onChange={setKinds}
          clearable
          miw={260}
        />
        <Button variant="default" onClick={() => download('jsonl')}>
          Export JSONL
        </Button>
        <Button variant="default" onClick={() => download('csv')}>
          Export CSV
        </Button>
      </Group>
      {exportFailure && <Alert color="red">{exportFailure}</Alert>}
      {history instanceof Error && <Alert color="red">{history.message}</Alert>}
      {shown && (
        <ol aria-label="Timeline">
          {shown.map((entry) => (
            <li key={entry.revision}>
              <Group gap="xs">
                {/* What the customer did on its own page, told apart from what staff and the engine recorded. */}
                {entry.metadata.actor?.role === 'customer' && (
                  <Badge color="grape" variant="light" title="Done by the customer on its page">
                    customer
                  </Badge>
                )}
                <Text fw={600}>{describeEvent(entry)}</Text>
              </Group>
              <Text size="sm">
                {entry.type} · on {entry.occurredAt} · by{' '}
                {entry.metadata.actor ? `${entry.metadata.actor.id} (${entry.metadata.actor.role})` : 'an unrecorded actor'} · recorded{' '}
                {entry.recordedAt}
              </Text>
              {entry.type === 'CustomerReplied' && <ReplyText entry={entry} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
