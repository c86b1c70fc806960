import type { components } from '@collections/api-client';
import { Alert, Button, Code, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { PolicyEditor } from './policy-editor';
import { WhatIfPanel } from './what-if-panel';

type PolicyVersionHistory = components['schemas']['PolicyVersionHistory'];
type PolicyVersionSummary = components['schemas']['PolicyVersionSummary'];

/** The policy the engine runs unless POLICY_NAME says otherwise (docs/policy-engine.md). */
const DEFAULT_POLICY = 'default';

/**
 * The collection policy in force and every version recorded, each viewable; the roles that may
 * replace it get the editor. `?name=` reads another policy (one an override sends customers to),
 * `?version=` shows one version's document.
 */
export function PolicyPage() {
  const { session } = useSession();
  const [search, setSearch] = useSearchParams();
  const name = search.get('name') ?? DEFAULT_POLICY;
  const viewed = search.get('version');
  // Bumped after a replacement, so the history is read again.
  const [replacements, setReplacements] = useState(0);
  const history = useAnswer(async () => {
    const { data, error, response } = await session!.client.GET('/policies/{name}', { params: { path: { name } } });
    if (response.status === 404) return null;
    // Without asOf the answer is the history (with it, the version in force on a day).
    return dataOf({ data: data as PolicyVersionHistory | undefined, error }, 'The policy could not be read.');
  }, [session, name, replacements]);
  const view = (version: number | null) => {
    const next = new URLSearchParams(search);
    if (version === null) next.delete('version');
    else next.set('version', String(version));
    setSearch(next, { replace: true });
  };

  return (
    <Stack>
      <Title order={1}>Policy {name}</Title>
      {history === undefined && <Text>Loading the policy…</Text>}
      {history instanceof Error && (
        <Alert color="red" title="The policy could not be read">
          {history.message}
        </Alert>
      )}
      {history === null && <Text>No version of policy {name} has been recorded yet.</Text>}
      {history && !(history instanceof Error) && (
        <>
          <Text>
            Version {history.current.version} is in force, since {history.current.replacedOn}
            {history.current.policy.description ? `: ${history.current.policy.description}` : ''}.
          </Text>
          <PolicyVersions versions={history.versions} onView={view} />
          {viewed !== null && <VersionDocument name={name} version={viewed} onClose={() => view(null)} />}
        </>
      )}
      {session!.may('ReplaceCollectionPolicy') && history !== undefined && !(history instanceof Error) && (
        <PolicyEditor
          // A new editor (with the new version's text) once the history is read again.
          key={`${name} ${history?.current.version ?? 0}`}
          name={name}
          current={history?.current.policy}
          onReplaced={() => setReplacements((count) => count + 1)}
        />
      )}
      {session!.may('RunPolicyWhatIf') && history !== undefined && !(history instanceof Error) && (
        <WhatIfPanel key={`what-if ${name} ${history?.current.version ?? 0}`} current={history?.current.policy} />
      )}
    </Stack>
  );
}

function PolicyVersions({ versions, onView }: { versions: PolicyVersionSummary[]; onView(version: number): void }) {
  return (
    <section aria-labelledby="versions-heading">
      <Title order={2} id="versions-heading" size="h3">
        Versions
      </Title>
      <Table aria-labelledby="versions-heading" striped>
        <Table.Thead>
          <Table.Tr>
            {['Version', 'In force from', 'Replaced by', 'Recorded at', 'Reason', 'Document'].map((column) => (
              <Table.Th key={column}>{column}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {[...versions].reverse().map((version) => (
            <Table.Tr key={version.version}>
              <Table.Th scope="row">{version.version}</Table.Th>
              <Table.Td>{version.replacedOn}</Table.Td>
              <Table.Td>
                {version.actor.id} ({version.actor.role})
              </Table.Td>
              <Table.Td>{new Date(version.recordedAt).toLocaleString()}</Table.Td>
              <Table.Td>{version.reason ?? '—'}</Table.Td>
              <Table.Td>
                <Button variant="subtle" size="compact-sm" onClick={() => onView(version.version)}>
                  View version {version.version}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

/** One recorded version's document, exactly as it was stored. */
function VersionDocument({ name, version, onClose }: { name: string; version: string; onClose(): void }) {
  const { session } = useSession();
  const answer = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/policies/{name}/versions/{version}', { params: { path: { name, version: Number(version) } } }),
        'The version could not be read.',
      ),
    [session, name, version],
  );
  if (answer === undefined) return <Text>Loading version {version}…</Text>;
  if (answer instanceof Error) return <Alert color="red">{answer.message}</Alert>;
  return (
    <section aria-labelledby="version-heading">
      <Title order={2} id="version-heading" size="h3">
        Version {answer.version}
      </Title>
      <Text>
        In force from {answer.replacedOn}, replaced by {answer.actor.id} ({answer.actor.role}){answer.reason ? `: ${answer.reason}` : ''}.
      </Text>
      <Code
        block
        tabIndex={0}
        role="region"
        aria-label={`The document of version ${answer.version}`}
        mah={400}
        style={{ overflow: 'auto' }}
      >
        {JSON.stringify(answer.policy, null, 2)}
      </Code>
      <Button variant="default" mt="xs" onClick={onClose}>
        Close version {answer.version}
      </Button>
    </section>
  );
}
