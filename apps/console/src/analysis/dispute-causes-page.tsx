import { Title } from '@mantine/core';

/** Dispute causes (issue 14: being built). */
export function DisputeCausesPage() {
  return <Title order={1}>Dispute causes</Title>;
}
