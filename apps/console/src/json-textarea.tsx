import { Textarea, TextareaProps } from '@mantine/core';

/**
 * A field for a JSON document a person types (a policy, a query's filter or pipeline): monospaced,
 * not spell-checked, growing with its text. The rest of a Textarea's props pass through.
 */
export function JsonTextarea({ styles, ...props }: TextareaProps) {
  return (
    <Textarea
      autosize
      spellCheck={false}
      styles={{ ...styles, input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
      {...props}
    />
  );
}
