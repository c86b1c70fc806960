import { ChangeEvent, useState } from 'react';
import { FormProblem, ProblemAnswer, problemFields } from './problem-fields';

/** What openapi-fetch answers for a command: the problem in `error` when it was refused. */
interface CommandAnswer {
  error?: unknown;
  response: Response;
}

/** Fields the form refuses itself before anything is sent (an amount that is not one), by field name. */
export interface Refusal {
  refused: Record<string, string>;
}

/** The form's own refusal, by field: nothing is sent. */
export const refuse = (fields: Record<string, string>): Refusal => ({ refused: fields });

export interface CommandForm<Values> {
  values: Values;
  set<Name extends keyof Values>(name: Name, value: Values[Name]): void;
  /** The props of a text input, select or textarea bound to a string value, with its error. */
  field(name: keyof Values & string): {
    value: string;
    onChange(event: ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>): void;
    error: string | undefined;
  };
  /** The error to show next to a field: `amount`, `installments.1.amount`. */
  errorOf(field: string): string | undefined;
  /** What is not about one field: a refused rule, a failure without an answer. */
  message: string | undefined;
  submitting: boolean;
  /**
   * Sends the command once the form's own checks pass. The key goes as Idempotency-Key, the same
   * for every try of this opening of the form: a retry after a lost answer records nothing twice.
   */
  submit(send: (idempotencyKey: string) => Promise<CommandAnswer> | Refusal): Promise<void>;
}

/**
 * The state every action's form shares: its values, its errors from the api (each next to its
 * field; see problemFields), and sending. The values stay as typed whatever the answer, so
 * nothing is lost on a refusal; `onRecorded` runs after a 2xx.
 *
 * `shown` adds the fields beyond the values' own names whose errors the form shows (rows of a
 * list: `installments.*.amount`).
 */
export function useCommandForm<Values extends object>(
  initial: Values,
  onRecorded: () => void,
  shown: readonly string[] = [],
): CommandForm<Values> {
  const [values, setValues] = useState(initial);
  const [problem, setProblem] = useState<FormProblem>({ fields: {} });
  const [submitting, setSubmitting] = useState(false);
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const fields = [...Object.keys(initial), ...shown];

  const set = <Name extends keyof Values>(name: Name, value: Values[Name]) => setValues((current) => ({ ...current, [name]: value }));

  const submit = async (send: (idempotencyKey: string) => Promise<CommandAnswer> | Refusal) => {
    if (submitting) return;
    const sending = send(idempotencyKey);
    if ('refused' in sending) {
      setProblem({ fields: sending.refused });
      return;
    }
    setSubmitting(true);
    try {
      const { error, response } = await sending;
      if (response.ok) {
        setProblem({ fields: {} });
        onRecorded();
        return;
      }
      setProblem(problemFields(error as ProblemAnswer | undefined, fields));
    } catch {
      setProblem({ fields: {}, message: 'The service could not be reached. Nothing you typed is lost: try again.' });
    } finally {
      setSubmitting(false);
    }
  };

  return {
    values,
    set,
    field: (name) => ({
      value: String(values[name] ?? ''),
      onChange: (event) => set(name, event.currentTarget.value as Values[typeof name]),
      error: problem.fields[name],
    }),
    errorOf: (field) => problem.fields[field],
    message: problem.message,
    submitting,
    submit,
  };
}

/**
 * An id for something the person records (a contact, a promise, a plan): unique, within the api's
 * id rule (letters, digits and . _ : -, at most 128), and never with the policy engine's `P-` prefix.
 * Here rather than with the staff's choices, so that the customer's page, which uses these forms,
 * carries none of them.
 */
export const newId = (kind: string) => `${kind}-${crypto.randomUUID()}`;

/**
 * An id for what the form records (a contact, a promise, a plan), made once per opening of the
 * form: a retry sends the same one, with the same Idempotency-Key.
 */
export function useNewId(kind: string): string {
  const [id] = useState(() => newId(kind));
  return id;
}
