import { Title } from '@mantine/core';

/** Policy (issue 14: being built). */
export function PolicyPage() {
  return <Title order={1}>Policy</Title>;
}
