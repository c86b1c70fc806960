import { TextInput } from '@mantine/core';
import { fieldOfInstant, instantOfField } from './instants';

/**
 * "As known at": the reports' figures as they stood at an instant (only what was recorded by then),
 * shown beside the same figures restated with everything recorded since. Instants are typed and
 * shown in UTC, as the service records them, so a figure reads the same wherever it is opened.
 */

/** The **As known at (UTC)** field: an instant picked or typed, or nothing (the figures as now). */
export function KnownAtInput({ value, onChange }: { value: string | undefined; onChange(instant: string | null): void }) {
  return (
    <TextInput
      type="datetime-local"
      step={1}
      label="As known at (UTC)"
      description="Optional: only what was recorded by then, beside the figures restated"
      value={value ? fieldOfInstant(value) : ''}
      onChange={(event) => onChange(instantOfField(event.currentTarget.value))}
    />
  );
}
