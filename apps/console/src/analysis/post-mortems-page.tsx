import { Title } from '@mantine/core';

/** Post-mortems (issue 14: being built). */
export function PostMortemsPage() {
  return <Title order={1}>Post-mortems</Title>;
}
