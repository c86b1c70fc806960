import type { components } from '@collections/api-client';
import { Button, Grid, Stack, TextInput, Title } from '@mantine/core';
import { FormEvent, useState } from 'react';
import { JsonTextarea } from '../json-textarea';
import { PolicyProblems } from './policy-problems';
import { useSession } from '../session';
import { parseJsonText } from './json-text';

type CollectionPolicy = components['schemas']['CollectionPolicy'];
type PolicyVersion = components['schemas']['PolicyVersion'];

/** Why the policy was not replaced: the browser's or the server's words, and each field the server pointed at. */
interface Refusal {
  detail: string;
  problems: { pointer: string; detail: string }[];
}

/**
 * The whole policy document as JSON, replaced by a PUT. Nothing is replaced until the server has
 * checked it: its refusals are listed by JSON pointer next to the text, and the version in force
 * stays as it was.
 */
export function PolicyEditor({
  name,
  current,
  onReplaced,
}: {
  name: string;
  current: CollectionPolicy | undefined;
  onReplaced(version: PolicyVersion): void;
}) {
  const { session } = useSession();
  const [text, setText] = useState(() => (current ? JSON.stringify(current, null, 2) : ''));
  const [reason, setReason] = useState('');
  const [replacedOn, setReplacedOn] = useState('');
  const [refusal, setRefusal] = useState<Refusal>();
  const [sending, setSending] = useState(false);

  const replace = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseJsonText(text);
    if (!('value' in parsed)) {
      setRefusal({ detail: `The JSON does not parse at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`, problems: [] });
      return;
    }
    setSending(true);
    try {
      const { data, error } = await session!.client.PUT('/policies/{name}', {
        params: { path: { name } },
        body: {
          // The server checks the document against the policy's schema and names every problem.
          policy: parsed.value as CollectionPolicy,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
          ...(replacedOn ? { replacedOn } : {}),
        },
      });
      if (data) {
        setRefusal(undefined);
        setReason('');
        setText(JSON.stringify(data.policy, null, 2));
        onReplaced(data);
      } else setRefusal({ detail: error?.detail ?? 'The policy was not replaced.', problems: error?.errors ?? [] });
    } catch {
      setRefusal({ detail: 'The service cannot be reached.', problems: [] });
    } finally {
      setSending(false);
    }
  };

  return (
    <section aria-labelledby="editor-heading">
      <Title order={2} id="editor-heading" size="h3">
        Replace the policy
      </Title>
      <form onSubmit={(event) => void replace(event)}>
        <Grid>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Stack>
              <JsonTextarea
                label="Policy document (JSON)"
                description="The whole document, with a version above the one in force"
                value={text}
                onChange={(event) => setText(event.currentTarget.value)}
                minRows={12}
                maxRows={30}
                error={refusal ? 'Not replaced: see the problems listed' : undefined}
              />
              <TextInput
                label="Reason"
                description="Why it changes, for the audit trail"
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
              />
              <TextInput
                type="date"
                label="Takes effect on"
                description="Today when left empty"
                value={replacedOn}
                onChange={(event) => setReplacedOn(event.currentTarget.value)}
              />
              <Button type="submit" loading={sending} w="fit-content">
                Replace the policy
              </Button>
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            {refusal && (
              <PolicyProblems
                title="The policy was not replaced"
                detail={refusal.detail}
                problems={refusal.problems}
                listLabel="Problems by JSON pointer"
              />
            )}
          </Grid.Col>
        </Grid>
      </form>
    </section>
  );
}
