import type { components } from '@collections/api-client';
import { Alert, Button, Card, Group, Modal, Stack, Text, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { CommandFormFrame } from '../actions/command-dialog';
import { useCommandForm } from '../actions/use-command-form';
import { formatDay, words } from '../format';
import { useSession } from '../session';
import type { HistoryEntry } from '../timeline';

type SentLetter = components['schemas']['SentLetter'];

/** A letter whose link a manager revoked: it no longer opens the customer's page. */
export interface RevokedLink {
  revokedOn: string;
  reason?: string;
}

/** The letters whose links were revoked, by letter id, from the customer's history. */
export function revokedLinksOf(history: HistoryEntry[] | Error | undefined): Map<string, RevokedLink> {
  const revoked = new Map<string, RevokedLink>();
  if (!Array.isArray(history)) return revoked;
  for (const { type, data } of history) {
    if (type !== 'CustomerLinkRevoked' || typeof data.letterId !== 'string') continue;
    revoked.set(data.letterId, { revokedOn: String(data.revokedOn), ...(typeof data.reason === 'string' && { reason: data.reason }) });
  }
  return revoked;
}

/** Where a letter's delivery stands, in words. */
function deliveryOf({ delivery }: SentLetter): string {
  if (delivery.state === 'delivered') return `delivered${delivery.deliveredAt ? ` at ${delivery.deliveredAt}` : ''}`;
  if (delivery.state === 'failed') return `failed: it came back${delivery.lastError ? ` (${delivery.lastError})` : ''}`;
  const failures = delivery.attempts === 0 ? '' : `, ${delivery.attempts} failed attempt${delivery.attempts === 1 ? '' : 's'}`;
  const lastError = delivery.lastError ? ` (last: ${delivery.lastError})` : '';
  const next = delivery.nextAttemptAt ? `; next attempt at ${delivery.nextAttemptAt}` : '';
  return `pending${failures}${lastError}${next}`;
}

/** Revoke a letter's link (managers): the customer's page no longer opens from it, whatever its expiry. */
function RevokeLinkModal({
  customerId,
  letter,
  onClose,
  onRevoked,
}: {
  customerId: string;
  letter: SentLetter;
  onClose(): void;
  onRevoked(): void;
}) {
  const { session } = useSession();
  const form = useCommandForm({ reason: '' }, onRevoked);
  const send = (idempotencyKey: string) =>
    session!.client.POST('/customers/{customerId}/letters/{letterId}/link-revocation', {
      params: { path: { customerId, letterId: letter.letterId }, header: { 'Idempotency-Key': idempotencyKey } },
      body: form.values.reason.trim() ? { reason: form.values.reason.trim() } : {},
    });
  return (
    <Modal opened onClose={onClose} title="Revoke link" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <CommandFormFrame form={form} submitLabel="Revoke link" onSubmit={() => void form.submit(send)}>
        <Text size="sm">
          The link in “{letter.subject}” of {letter.sentOn} will no longer open the customer&apos;s page. Whoever opens it may ask for a new
          one; the collector is told.
        </Text>
        <Textarea label="Reason" description="Optional: why it is revoked" autosize minRows={2} data-autofocus {...form.field('reason')} />
      </CommandFormFrame>
    </Modal>
  );
}

/**
 * The letters the customer was sent (GET letters): the text as it went out (with the customer's
 * link), the address its replies go to, and its delivery. Managers revoke a letter's link.
 */
export function Letters({
  customerId,
  letters,
  revoked,
  onRecorded,
}: {
  customerId: string;
  letters: SentLetter[] | Error | undefined;
  revoked: ReadonlyMap<string, RevokedLink>;
  onRecorded(): void;
}) {
  const { session } = useSession();
  const [revoking, setRevoking] = useState<SentLetter>();
  const mayRevoke = session!.may('RevokeCustomerLink');
  return (
    <section aria-labelledby="letters-heading">
      <Title order={2} id="letters-heading">
        Letters
      </Title>
      {letters instanceof Error && <Alert color="red">{letters.message}</Alert>}
      {letters !== undefined && !(letters instanceof Error) && letters.length === 0 && <Text>No letter sent.</Text>}
      {letters !== undefined && !(letters instanceof Error) && letters.length > 0 && (
        <Stack component="ul" aria-label="Letters" gap="sm" style={{ listStyle: 'none', padding: 0 }}>
          {letters.map((letter) => {
            const revokedLink = revoked.get(letter.letterId);
            return (
              <Card component="li" key={letter.letterId} withBorder>
                <Title order={3} size="h5">
                  {letter.subject}
                </Title>
                <Text size="sm">
                  {words(letter.kind)}, level {letter.level}, {words(letter.tone)}, by {letter.channel}, sent on {formatDay(letter.sentOn)}{' '}
                  for {letter.invoiceIds.join(', ')} · Delivery: {deliveryOf(letter)}
                </Text>
                <Text size="sm">Replies go to: {letter.replyTo ?? 'the sender’s address (sent before letters had their own)'}</Text>
                {revokedLink && (
                  <Text size="sm">
                    Link revoked on {revokedLink.revokedOn}
                    {revokedLink.reason ? `: ${revokedLink.reason}` : ''}
                  </Text>
                )}
                {mayRevoke && !revokedLink && (
                  <Group>
                    <Button size="xs" variant="outline" color="red" onClick={() => setRevoking(letter)}>
                      Revoke link
                      <VisuallyHidden>
                        {' '}
                        of the letter of {letter.sentOn}: {letter.subject}
                      </VisuallyHidden>
                    </Button>
                  </Group>
                )}
                <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
                  {letter.text}
                </Text>
              </Card>
            );
          })}
        </Stack>
      )}
      {revoking && (
        <RevokeLinkModal
          customerId={customerId}
          letter={revoking}
          onClose={() => setRevoking(undefined)}
          onRevoked={() => {
            setRevoking(undefined);
            onRecorded();
          }}
        />
      )}
    </section>
  );
}
