import type { components } from '@collections/api-client';
import { Alert, Button, Group, NumberInput, Radio, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { JsonTextarea } from '../json-textarea';
import { Session, useSession } from '../session';
import { forgetQuery, loadSavedQueries, READ_MODEL_NAMES, ReadModel, SavedQuery, saveQuery } from './saved-queries';

type Answer = components['schemas']['ReadModelQueryAnswer'];
type Body = components['schemas']['ReadModelQueryBody'];
type Field = 'filter' | 'sort' | 'projection' | 'pipeline' | 'limit';

/** Rows drawn in the table; the CSV download has every row the answer has. */
const SHOWN_ROWS = 200;

const BLANK: SavedQuery = {
  name: '',
  collection: 'invoices',
  shape: 'filter',
  filter: '{ "balance": { "$gt": 0 } }',
  sort: '',
  projection: '',
  pipeline: '[\n  { "$match": { "balance": { "$gt": 0 } } },\n  { "$group": { "_id": "$currency", "open": { "$sum": "$balance" } } }\n]',
  limit: 1000,
};

/** The request body the form says, or the fields whose text is not the JSON it must be. */
function bodyOf(query: SavedQuery): { body: Body } | { errors: Partial<Record<Field, string>> } {
  const errors: Partial<Record<Field, string>> = {};
  const parse = (field: Field, text: string, kind: 'object' | 'array'): unknown => {
    if (text.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(text);
      const isKind = kind === 'array' ? Array.isArray(value) : typeof value === 'object' && value !== null && !Array.isArray(value);
      if (isKind) return value;
      errors[field] = `Must be a JSON ${kind}`;
    } catch (error) {
      errors[field] = `Not JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
    return undefined;
  };
  if (query.shape === 'pipeline') {
    const pipeline = parse('pipeline', query.pipeline, 'array') as Body['pipeline'];
    if (pipeline === undefined && !errors.pipeline) errors.pipeline = 'Write the pipeline: a JSON array of stages';
    return Object.keys(errors).length > 0 ? { errors } : { body: { pipeline, limit: query.limit } };
  }
  const filter = (parse('filter', query.filter, 'object') ?? {}) as Body['filter'];
  const sort = parse('sort', query.sort, 'object') as Body['sort'];
  const projection = parse('projection', query.projection, 'object') as Body['projection'];
  return Object.keys(errors).length > 0 ? { errors } : { body: { filter, sort, projection, limit: query.limit } };
}

/** A refusal's field errors next to the fields (the rest of the pointer named), and what is about no field. */
function placeProblem(problem: { detail?: string; errors?: { pointer: string; detail: string }[] } | undefined) {
  const fields: Partial<Record<Field, string>> = {};
  const elsewhere: string[] = [];
  for (const { pointer, detail } of problem?.errors ?? []) {
    const [, top, ...rest] = pointer.split('/');
    if (['filter', 'sort', 'projection', 'pipeline', 'limit'].includes(top)) {
      const at = rest.length > 0 ? `at /${rest.join('/')}: ` : '';
      fields[top as Field] = [fields[top as Field], `${at}${detail}`].filter(Boolean).join('; ');
    } else elsewhere.push(`${pointer}: ${detail}`);
  }
  const message = Object.keys(fields).length === 0 ? (problem?.detail ?? 'The question was refused.') : elsewhere.join('; ') || undefined;
  return { fields, message };
}

async function downloadCsv(session: Session, collection: ReadModel, body: Body): Promise<void> {
  const { data, error } = await session.client.POST('/read-models/{collection}/query', {
    params: { path: { collection } },
    body,
    headers: { Accept: 'text/csv' },
    parseAs: 'blob',
  });
  if (!data) throw new Error(error?.detail ?? 'The rows could not be downloaded.');
  const url = URL.createObjectURL(data as unknown as Blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${collection}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Questions of one's own over the read models: a filter or a pipeline, the rows in a table or as CSV, saved by name. */
export function QueriesPage() {
  const { session } = useSession();
  const [query, setQuery] = useState<SavedQuery>(BLANK);
  const [saved, setSaved] = useState<SavedQuery[]>(loadSavedQueries);
  const [fields, setFields] = useState<Partial<Record<Field, string>>>({});
  const [message, setMessage] = useState<string>();
  const [answer, setAnswer] = useState<Answer>();
  const [running, setRunning] = useState(false);
  const change = (part: Partial<SavedQuery>) => setQuery((current) => ({ ...current, ...part }));

  const ask = async (asked: SavedQuery, csv = false) => {
    setFields({});
    setMessage(undefined);
    const built = bodyOf(asked);
    if ('errors' in built) return setFields(built.errors);
    setRunning(true);
    try {
      if (csv) return await downloadCsv(session!, asked.collection, built.body);
      const { data, error } = await session!.client.POST('/read-models/{collection}/query', {
        params: { path: { collection: asked.collection } },
        body: built.body,
      });
      if (data && typeof data !== 'string') return setAnswer(data);
      const placed = placeProblem(error);
      setFields(placed.fields);
      setMessage(placed.message);
      setAnswer(undefined);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Stack>
      <Title order={1}>Ask the read models</Title>
      <Text size="sm">
        A MongoDB filter or a read-only aggregation pipeline over one read model; at most 10,000 rows and 5 seconds a question.
      </Text>
      <form
        aria-label="Question"
        onSubmit={(event) => {
          event.preventDefault();
          void ask(query);
        }}
      >
        <Stack>
          <Group align="end">
            <Select
              label="Read model"
              data={READ_MODEL_NAMES}
              value={query.collection}
              allowDeselect={false}
              onChange={(value) => value && change({ collection: value as ReadModel })}
              w={240}
            />
            <Radio.Group
              label="Ask with"
              value={query.shape}
              onChange={(value) => change({ shape: value === 'pipeline' ? 'pipeline' : 'filter' })}
            >
              <Group mt={6}>
                <Radio value="filter" label="Filter" />
                <Radio value="pipeline" label="Pipeline" />
              </Group>
            </Radio.Group>
            <NumberInput
              label="Rows at most"
              min={1}
              max={10_000}
              value={query.limit}
              onChange={(value) => change({ limit: typeof value === 'number' ? value : 1000 })}
              error={fields.limit}
              w={140}
            />
          </Group>
          {query.shape === 'filter' ? (
            <>
              <JsonTextarea
                label="Filter (JSON)"
                minRows={3}
                value={query.filter}
                onChange={(e) => change({ filter: e.currentTarget.value })}
                error={fields.filter}
              />
              <Group grow align="start">
                <JsonTextarea
                  label="Sort (JSON, optional)"
                  value={query.sort}
                  onChange={(e) => change({ sort: e.currentTarget.value })}
                  error={fields.sort}
                />
                <JsonTextarea
                  label="Fields (JSON projection, optional)"
                  value={query.projection}
                  onChange={(e) => change({ projection: e.currentTarget.value })}
                  error={fields.projection}
                />
              </Group>
            </>
          ) : (
            <JsonTextarea
              label="Pipeline (JSON)"
              minRows={6}
              value={query.pipeline}
              onChange={(e) => change({ pipeline: e.currentTarget.value })}
              error={fields.pipeline}
            />
          )}
          <Group>
            <Button type="submit" loading={running}>
              Run
            </Button>
            <Button variant="default" onClick={() => void ask(query, true)} disabled={running}>
              Download CSV
            </Button>
          </Group>
          {message && (
            <Alert color="red" title="The question was refused">
              {message}
            </Alert>
          )}
        </Stack>
      </form>
      <SaveQuery query={query} saved={saved} onSaved={setSaved} />
      <SavedQueries
        saved={saved}
        onRun={(chosen) => {
          setQuery(chosen);
          void ask(chosen);
        }}
        onForget={(name) => setSaved(forgetQuery(saved, name))}
      />
      {answer && <Rows answer={answer} />}
    </Stack>
  );
}

function SaveQuery({ query, saved, onSaved }: { query: SavedQuery; saved: SavedQuery[]; onSaved(next: SavedQuery[]): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  return (
    <form
      aria-label="Save the question"
      onSubmit={(event) => {
        event.preventDefault();
        if (name.trim() === '') return setError('Name the question to save it');
        setError(undefined);
        onSaved(saveQuery(saved, { ...query, name: name.trim() }));
        setName('');
      }}
    >
      <Group align="end">
        <TextInput label="Name of the question" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} w={320} />
        <Button type="submit" variant="default">
          Save the question
        </Button>
      </Group>
    </form>
  );
}

function SavedQueries({ saved, onRun, onForget }: { saved: SavedQuery[]; onRun(query: SavedQuery): void; onForget(name: string): void }) {
  if (saved.length === 0) return <Text size="sm">No saved questions yet: they are kept in this browser.</Text>;
  return (
    <section aria-labelledby="saved-heading">
      <Title order={2} id="saved-heading">
        Saved questions
      </Title>
      <Table>
        <Table.Tbody>
          {saved.map((query) => (
            <Table.Tr key={query.name}>
              <Table.Td>{query.name}</Table.Td>
              <Table.Td>{query.collection}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" onClick={() => onRun(query)} aria-label={`Run ${query.name}`}>
                    Run
                  </Button>
                  <Button size="xs" variant="default" onClick={() => onForget(query.name)} aria-label={`Forget ${query.name}`}>
                    Forget
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

const cell = (value: unknown) => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? ''));

function Rows({ answer }: { answer: Answer }) {
  const columns = [...new Set(answer.rows.flatMap((row) => Object.keys(row)))];
  const shown = answer.rows.slice(0, SHOWN_ROWS);
  return (
    <section aria-labelledby="rows-heading">
      <Title order={2} id="rows-heading">
        {answer.rows.length === 1 ? '1 row' : `${answer.rows.length} rows`} from {answer.collection}
      </Title>
      {answer.truncated && (
        <Alert color="yellow" title="More rows answer">
          {answer.truncation}
        </Alert>
      )}
      {shown.length < answer.rows.length && <Text size="sm">The first {SHOWN_ROWS} are shown; the CSV download has them all.</Text>}
      <Table.ScrollContainer minWidth={600}>
        <Table striped aria-labelledby="rows-heading">
          <Table.Thead>
            <Table.Tr>
              {columns.map((column) => (
                <Table.Th key={column}>{column}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((row, index) => (
              <Table.Tr key={index}>
                {columns.map((column) => (
                  <Table.Td key={column}>{cell(row[column])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
