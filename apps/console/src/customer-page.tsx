import { Alert, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useRef, useState } from 'react';
import { CustomerActions } from './actions/customer-actions';
import { useParams } from 'react-router';
import { AccountSummary } from './customer/account-summary';
import { LegalActions, Referrals } from './customer/escalations';
import { Letters, revokedLinksOf } from './customer/letters';
import { TimelineSection } from './customer/timeline-section';
import { useLiveHistory } from './customer/use-live-history';
import { useSession } from './session';
import { dataOf, useRereadableAnswer } from './use-answer';

/**
 * The customer's account as of a day, its letters, and its whole recorded history, event by
 * event. The page is live: what anyone records shows within a second or two, without a reload.
 */
export function CustomerPage() {
  const { customerId = '' } = useParams();
  const { session } = useSession();
  const [asOf, setAsOf] = useState<string>();
  const [state, rereadState] = useRereadableAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/customers/{customerId}/state', { params: { path: { customerId }, query: asOf ? { asOf } : {} } }),
        'The account could not be read.',
      ),
    [session, customerId, asOf],
  );
  const [letters, rereadLetters] = useRereadableAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/customers/{customerId}/letters', { params: { path: { customerId } } }),
        'The letters could not be read.',
      ).letters,
    [session, customerId],
  );
  // Today by the service's clock: the day of the state read without a date.
  const today = useRef<string>(undefined);
  if (asOf === undefined && state && !(state instanceof Error)) today.current = state.asOf;
  const showsToday = asOf === undefined || asOf === today.current;
  const onNewEvents = useCallback(() => {
    // A state as of a past day does not change with new events; today's does.
    if (showsToday) rereadState();
    rereadLetters();
  }, [showsToday, rereadState, rereadLetters]);
  const [history, lookForNewEvents] = useLiveHistory(customerId, onNewEvents);
  const revoked = useMemo(() => revokedLinksOf(history), [history]);
  const onRecorded = useCallback(() => {
    setAsOf(undefined);
    rereadState();
    lookForNewEvents();
  }, [rereadState, lookForNewEvents]);

  return (
    <Stack>
      <Title order={1}>Customer {customerId}</Title>
      {state instanceof Error && <Alert color="red">{state.message}</Alert>}
      {state && !(state instanceof Error) && (
        <>
          <Group align="end">
            <TextInput
              type="date"
              label="State as of"
              description="The account as it stood at the end of this day"
              value={asOf ?? state.asOf}
              onChange={(event) => event.currentTarget.value && setAsOf(event.currentTarget.value)}
            />
            <Text>Collector: {state.collectorId ?? 'nobody'}</Text>
            {state.creditHold && <Text>On credit hold since {state.creditHold.placedOn}</Text>}
          </Group>
          <AccountSummary state={state} />
          <Referrals state={state} />
          <LegalActions state={state} />
          <CustomerActions customerId={customerId} state={state} onRecorded={onRecorded} />
        </>
      )}
      <Letters customerId={customerId} letters={letters} revoked={revoked} onRecorded={onRecorded} />
      <TimelineSection customerId={customerId} history={history} />
    </Stack>
  );
}
