import { Title } from '@mantine/core';

/** KPIs (issue 14: being built). */
export function KpisPage() {
  return <Title order={1}>KPIs</Title>;
}
