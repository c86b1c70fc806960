import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { FormEvent, ReactNode, useState } from 'react';
import type { CommandForm } from './use-command-form';

/**
 * A button that opens an action's form in a dialog. The form is mounted afresh on each opening
 * (new ids, empty fields); `children` gets `done`, which closes the dialog and tells the page
 * that something was recorded.
 */
export function CommandDialog({
  label,
  title = label,
  onRecorded,
  children,
}: {
  label: string;
  title?: string;
  onRecorded(): void;
  children(done: () => void): ReactNode;
}) {
  const [opened, setOpened] = useState(false);
  const done = () => {
    setOpened(false);
    onRecorded();
  };
  return (
    <>
      <Button variant="light" onClick={() => setOpened(true)}>
        {label}
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={title} size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
        {opened && children(done)}
      </Modal>
    </>
  );
}

/** The frame of every action's form: its fields, what the service refused that is not a field's, and the submit button. */
export function CommandFormFrame<Values>({
  form,
  submitLabel,
  onSubmit,
  children,
}: {
  form: CommandForm<Values>;
  submitLabel: string;
  onSubmit(): void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {children}
        {form.message && (
          <Alert color="red" title="Not recorded" role="alert">
            {form.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={form.submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
