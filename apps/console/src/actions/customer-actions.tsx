import { Group, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { Permission, useSession } from '../session';
import { AccountState } from './choices';
import { CommandDialog } from './command-dialog';
import { ActionFormProps, LogCallForm, RecordPromiseForm } from './contact-and-promise';

interface Action {
  /** The button's words; the dialog's title too. */
  label: string;
  permission: Permission;
  /** Whether the account is in a state the action applies to (a hold to lift, a referral to recall). */
  applies?(state: AccountState): boolean;
  form(props: ActionFormProps): ReactNode;
}

/** Every action on an account, in the order a collector's work goes, then a manager's. */
const ACTIONS: Action[] = [
  { label: 'Log a call', permission: 'LogContact', form: (props) => <LogCallForm {...props} /> },
  { label: 'Record a promise', permission: 'MakePromise', form: (props) => <RecordPromiseForm {...props} /> },
];

/** The actions the signed-in role may take on this account, each a button that opens its form. */
export function CustomerActions({ customerId, state, onRecorded }: { customerId: string; state: AccountState; onRecorded(): void }) {
  const { session } = useSession();
  const shown = ACTIONS.filter(({ permission, applies }) => session?.may(permission) && (applies?.(state) ?? true));
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="actions-heading">
      <Title order={2} id="actions-heading">
        Actions
      </Title>
      <Group mt="xs">
        {shown.map(({ label, form }) => (
          <CommandDialog key={label} label={label} onRecorded={onRecorded}>
            {(done) => form({ customerId, state, done })}
          </CommandDialog>
        ))}
      </Group>
    </section>
  );
}
