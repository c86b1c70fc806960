import { ActionIcon, Button, Fieldset, Group, NativeSelect, Text, TextInput, Textarea } from '@mantine/core';
import { useSession } from '../session';
import { ROOT_CAUSES, optionsOf } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { useCommandForm, useNewId } from './use-command-form';

interface ActionItemRow {
  description: string;
  owner: string;
  dueOn: string;
}

/** The api's bound on a post-mortem's action items (RecordPostMortemBody). */
const MAX_ACTION_ITEMS = 100;

/** Record the post-mortem of a write-off: its root cause, what happened, and what is to change. */
export function PostMortemForm({ customerId, state, done }: ActionFormProps) {
  const { session } = useSession();
  const postMortemId = useNewId('post-mortem');
  const form = useCommandForm(
    {
      rootCause: ROOT_CAUSES[0] as (typeof ROOT_CAUSES)[number],
      summary: '',
      actionItems: [] as ActionItemRow[],
      recordedOn: state.asOf,
    },
    done,
    ['actionItems.*.description', 'actionItems.*.owner', 'actionItems.*.dueOn'],
  );
  const { values } = form;
  const setItem = (index: number, change: Partial<ActionItemRow>) =>
    form.set(
      'actionItems',
      values.actionItems.map((item, at) => (at === index ? { ...item, ...change } : item)),
    );
  return (
    <CommandFormFrame
      form={form}
      submitLabel="Save post-mortem"
      onSubmit={() =>
        form.submit((idempotencyKey) =>
          session!.client.POST('/customers/{customerId}/post-mortems', {
            params: { path: { customerId }, header: { 'Idempotency-Key': idempotencyKey } },
            body: { postMortemId, ...values },
          }),
        )
      }
    >
      <NativeSelect label="Root cause" data={optionsOf(ROOT_CAUSES)} {...form.field('rootCause')} />
      <Textarea label="Summary" autosize minRows={3} withAsterisk {...form.field('summary')} />
      <Fieldset legend="Action items">
        {values.actionItems.map((item, index) => (
          <Group key={index} align="start" wrap="nowrap">
            <TextInput
              label={`Action ${index + 1}`}
              value={item.description}
              onChange={(event) => setItem(index, { description: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.description`)}
            />
            <TextInput
              label={`Action ${index + 1} owner`}
              value={item.owner}
              onChange={(event) => setItem(index, { owner: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.owner`)}
            />
            <TextInput
              type="date"
              label={`Action ${index + 1} due on`}
              value={item.dueOn}
              onChange={(event) => setItem(index, { dueOn: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.dueOn`)}
            />
            <ActionIcon
              mt={28}
              variant="subtle"
              color="red"
              aria-label={`Remove action ${index + 1}`}
              onClick={() =>
                form.set(
                  'actionItems',
                  values.actionItems.filter((_, at) => at !== index),
                )
              }
            >
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Button
          variant="default"
          size="xs"
          mt="sm"
          disabled={values.actionItems.length >= MAX_ACTION_ITEMS}
          onClick={() => form.set('actionItems', [...values.actionItems, { description: '', owner: '', dueOn: state.asOf }])}
        >
          Add an action item
        </Button>
        {form.errorOf('actionItems') && (
          <Text size="sm" c="red.9">
            {form.errorOf('actionItems')}
          </Text>
        )}
      </Fieldset>
      <TextInput type="date" label="Recorded on" {...form.field('recordedOn')} />
    </CommandFormFrame>
  );
}
