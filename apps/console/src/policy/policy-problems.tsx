import { Alert, List, Text } from '@mantine/core';

/** The service's refusal of a policy document: its detail, and each problem by JSON pointer. */
export function PolicyProblems({
  title,
  detail,
  problems,
  listLabel,
}: {
  title: string;
  detail: string;
  problems: readonly { pointer: string; detail: string }[];
  listLabel: string;
}) {
  return (
    <Alert color="red" title={title} role="alert">
      <Text size="sm">{detail}</Text>
      {problems.length > 0 && (
        <List aria-label={listLabel} size="sm" mt="xs">
          {problems.map(({ pointer, detail: problem }) => (
            <List.Item key={`${pointer} ${problem}`}>
              <code>{pointer}</code>: {problem}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
