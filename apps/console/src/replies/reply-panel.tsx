import { Anchor, Button, CloseButton, Group, Modal, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { Link } from 'react-router';
import { CommandFormFrame } from '../actions/command-dialog';
import { useCommandForm } from '../actions/use-command-form';
import { useSession } from '../session';
import { ReplyItem, attachmentsInWords, kindInWords, receivedInWords, replyInWords, statusInWords } from './reply-words';

/**
 * One message opened: who wrote, about which letter, what it says and what came with it. Staff
 * read the text here (the feed never carries it); collectors and managers mark it handled.
 */
export function ReplyPanel({ item, onHandle, onClose }: { item: ReplyItem; onHandle(): void; onClose(): void }) {
  const { session } = useSession();
  const title = item.kind === 'link_request' ? `${item.customerId} asked for a new link` : `${item.subject ?? '(no subject)'}`;
  return (
    <Paper component="section" aria-label={`Message: ${replyInWords(item)}`} withBorder p="md">
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2}>{title}</Title>
          <CloseButton aria-label="Close the message" onClick={onClose} />
        </Group>
        <Text size="sm">
          {kindInWords(item.kind)}
          {item.from ? ` from ${item.from}` : ''}, received {receivedInWords(item)}
          {item.letterId ? `, about letter ${item.letterId}` : ''} · {statusInWords(item)}
          {item.note ? ` · Note: ${item.note}` : ''}
        </Text>
        <Text size="sm">
          Customer:{' '}
          <Anchor component={Link} to={`/customers/${encodeURIComponent(item.customerId)}`}>
            {item.customerId}
          </Anchor>
          {item.collectorId ? ` · Collector: ${item.collectorId}` : ' · No collector assigned'}
        </Text>
        {item.kind === 'link_request' ? (
          <Text>The link in letter {item.letterId} no longer opened the customer&apos;s page; the customer asked for a new one.</Text>
        ) : (
          <>
            <Text component="pre" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }} aria-label="What the customer wrote">
              {item.text || '(no text)'}
            </Text>
            <Text size="sm">Attachments: {attachmentsInWords(item)}</Text>
          </>
        )}
        {item.status === 'waiting' && session!.may('HandleReply') && (
          <Group>
            <Button onClick={onHandle}>Mark handled</Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Mark a waiting message handled, with an optional note: the customer's dunning goes on, the worklist item leaves reply waiting. */
export function HandleReplyModal({ item, onClose, onHandled }: { item: ReplyItem; onClose(): void; onHandled(message: string): void }) {
  const { session } = useSession();
  const form = useCommandForm({ note: '' }, () => onHandled(`Marked ${replyInWords(item)} handled.`));
  const send = (idempotencyKey: string) =>
    session!.client.POST('/customers/{customerId}/replies/{replyId}/handling', {
      params: { path: { customerId: item.customerId, replyId: item.replyId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: form.values.note.trim() ? { note: form.values.note.trim() } : {},
    });
  return (
    <Modal opened onClose={onClose} title="Mark handled" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <CommandFormFrame form={form} submitLabel="Mark handled" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          Once handled, {replyInWords(item)} no longer holds the customer&apos;s reminders back, and the account leaves reply waiting.
        </Text>
        <Textarea
          label="Note"
          description="Optional: what was answered or done"
          autosize
          minRows={2}
          data-autofocus
          {...form.field('note')}
        />
      </CommandFormFrame>
    </Modal>
  );
}
