/**
 * Where a refusal of the api goes in a form. A problem+json answer names each invalid field by a
 * JSON pointer into the body it sent (`/installments/1/amount`); the form shows that error next to
 * the field it names, and everything else (a refused business rule, a field the form does not
 * show, a failure without an answer) in one message at the top of the form.
 */

/** What a refusal looks like: the parts of RFC 9457 problem details the console reads. */
export interface ProblemAnswer {
  title?: string;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
}

export interface FormProblem {
  /** Errors by field: `amount`, or `installments.1.amount` for a field of a list's row. */
  fields: Record<string, string>;
  /** What is not about a field the form shows; undefined when every error sits next to its field. */
  message?: string;
}

/** A pointer into the body (`/installments/1/amount`) as the form names its field: `installments.1.amount`. */
export function fieldOf(pointer: string): string | undefined {
  const tokens = pointer.split('/').slice(1);
  if (tokens.length === 0 || tokens[0] === '') return undefined;
  // RFC 6901 escapes: ~1 is a slash, ~0 a tilde (in that order).
  return tokens.map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
}

/** `installments.1.amount` → `installments.*.amount`: one pattern stands for every row of a list. */
const asPattern = (field: string) => field.replace(/\.\d+(?=\.|$)/g, '.*');

/**
 * Splits a refusal into errors next to the fields the form shows (`shown`: field names, with `*`
 * for a list's row index, e.g. `installments.*.amount`) and the message for the rest.
 */
export function problemFields(problem: ProblemAnswer | undefined, shown: readonly string[]): FormProblem {
  const fields: Record<string, string> = {};
  const elsewhere: string[] = [];
  for (const { pointer, detail } of problem?.errors ?? []) {
    const field = fieldOf(pointer);
    if (field !== undefined && shown.includes(asPattern(field))) fields[field] = fields[field] ? `${fields[field]}; ${detail}` : detail;
    else elsewhere.push(`${pointer}: ${detail}`);
  }
  const placed = Object.keys(fields).length > 0;
  if (placed && elsewhere.length === 0) return { fields };
  const detail = problem?.detail ?? problem?.title ?? 'The service refused this, without saying why.';
  // A 400's detail already lists every field; when some are shown next to their field, name only the others.
  return { fields, message: placed ? `Also: ${elsewhere.join('; ')}` : detail };
}
