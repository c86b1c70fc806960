/**
 * Why the letters library refused something. The code is stable (callers and logs match on it);
 * the message is for people.
 */
export type LettersErrorCode =
  /** A template does not compile, uses an unknown helper or partial, or names a field the view lacks. */
  | 'invalid-template'
  /** The letter cannot be rendered from the account as given (e.g. an invoice it does not hold). */
  | 'cannot-render'
  /** A letter with this id is stored with different content. */
  | 'letter-conflict'
  /** The delivery cannot carry this letter as it is (e.g. an e-mail without a recipient). */
  | 'not-deliverable';

export class LettersError extends Error {
  constructor(
    readonly code: LettersErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LettersError';
  }
}

export class LetterTemplateError extends LettersError {
  constructor(
    readonly template: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super('invalid-template', `Letter template "${template}" is invalid: ${detail}`, options);
    this.name = 'LetterTemplateError';
  }
}

export class LetterRenderError extends LettersError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('cannot-render', message, options);
    this.name = 'LetterRenderError';
  }
}

export class LetterConflictError extends LettersError {
  constructor(
    readonly letterId: string,
    readonly differingFields: readonly string[],
  ) {
    super(
      'letter-conflict',
      `Letter ${letterId} is already stored with a different ${differingFields.join(', ')}; a stored letter never changes ` +
        '(render it from the account as of its reminder or notice, so that rendering again gives the same letter)',
    );
    this.name = 'LetterConflictError';
  }
}

export class LetterNotDeliverableError extends LettersError {
  constructor(
    readonly letterId: string,
    reason: string,
  ) {
    super('not-deliverable', `Letter ${letterId} cannot be delivered: ${reason}`);
    this.name = 'LetterNotDeliverableError';
  }
}
