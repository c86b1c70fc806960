import { Title } from '@mantine/core';

/** Escalation proposals (issue 14: being built). */
export function EscalationsPage() {
  return <Title order={1}>Escalation proposals</Title>;
}
