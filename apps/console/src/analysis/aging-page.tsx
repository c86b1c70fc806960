import { Title } from '@mantine/core';

/** Aging (issue 14: being built). */
export function AgingPage() {
  return <Title order={1}>Aging</Title>;
}
