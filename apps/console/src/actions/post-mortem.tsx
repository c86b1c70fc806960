import { NativeSelect, TextInput, Textarea } from '@mantine/core';
import { useSession } from '../session';
import { ROOT_CAUSES, optionsOf } from './choices';
import { CommandFormFrame } from './command-dialog';
import type { ActionFormProps } from './contact-and-promise';
import { RowList } from './row-list';
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
      <RowList
        legend="Action items"
        rows={values.actionItems}
        onChange={(actionItems) => form.set('actionItems', actionItems)}
        newRow={() => ({ description: '', owner: '', dueOn: state.asOf })}
        rowName="action"
        addLabel="Add an action item"
        max={MAX_ACTION_ITEMS}
        error={form.errorOf('actionItems')}
      >
        {(item, index, set) => (
          <>
            <TextInput
              label={`Action ${index + 1}`}
              value={item.description}
              onChange={(event) => set({ ...item, description: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.description`)}
            />
            <TextInput
              label={`Action ${index + 1} owner`}
              value={item.owner}
              onChange={(event) => set({ ...item, owner: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.owner`)}
            />
            <TextInput
              type="date"
              label={`Action ${index + 1} due on`}
              value={item.dueOn}
              onChange={(event) => set({ ...item, dueOn: event.currentTarget.value })}
              error={form.errorOf(`actionItems.${index}.dueOn`)}
            />
          </>
        )}
      </RowList>
      <TextInput type="date" label="Recorded on" {...form.field('recordedOn')} />
    </CommandFormFrame>
  );
}
