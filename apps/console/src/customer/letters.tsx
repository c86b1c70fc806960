import type { components } from '@collections/api-client';
import { Alert, Card, Stack, Text, Title } from '@mantine/core';
import { formatDay, words } from '../format';

type SentLetter = components['schemas']['SentLetter'];

/** Where a letter's delivery stands, in words. */
function deliveryOf({ delivery }: SentLetter): string {
  if (delivery.state === 'delivered') return `delivered${delivery.deliveredAt ? ` at ${delivery.deliveredAt}` : ''}`;
  if (delivery.state === 'failed') return `failed: it came back${delivery.lastError ? ` (${delivery.lastError})` : ''}`;
  const failures = delivery.attempts === 0 ? '' : `, ${delivery.attempts} failed attempt${delivery.attempts === 1 ? '' : 's'}`;
  const lastError = delivery.lastError ? ` (last: ${delivery.lastError})` : '';
  const next = delivery.nextAttemptAt ? `; next attempt at ${delivery.nextAttemptAt}` : '';
  return `pending${failures}${lastError}${next}`;
}

/** The letters the customer was sent (GET letters): the text as it went out, and its delivery. */
export function Letters({ letters }: { letters: SentLetter[] | Error | undefined }) {
  return (
    <section aria-labelledby="letters-heading">
      <Title order={2} id="letters-heading">
        Letters
      </Title>
      {letters instanceof Error && <Alert color="red">{letters.message}</Alert>}
      {letters !== undefined && !(letters instanceof Error) && letters.length === 0 && <Text>No letter sent.</Text>}
      {letters !== undefined && !(letters instanceof Error) && letters.length > 0 && (
        <Stack component="ul" aria-label="Letters" gap="sm" style={{ listStyle: 'none', padding: 0 }}>
          {letters.map((letter) => (
            <Card component="li" key={letter.letterId} withBorder>
              <Title order={3} size="h5">
                {letter.subject}
              </Title>
              <Text size="sm">
                {words(letter.kind)}, level {letter.level}, {words(letter.tone)}, by {letter.channel}, sent on {formatDay(letter.sentOn)}{' '}
                for {letter.invoiceIds.join(', ')} · Delivery: {deliveryOf(letter)}
              </Text>
              <Text component="pre" size="sm" style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>
                {letter.text}
              </Text>
            </Card>
          ))}
        </Stack>
      )}
    </section>
  );
}
