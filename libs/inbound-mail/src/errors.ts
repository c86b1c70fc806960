/**
 * Why an inbound message is not recorded. `empty` and `not-a-message` are input that is not an
 * e-mail at all (HTTP 400); `no-letter` and `unknown-letter` are e-mails that answer nothing we
 * sent (HTTP 422, SMTP 550): retrying them cannot help.
 */
export type InboundMailRefusal = 'empty' | 'not-a-message' | 'no-letter' | 'unknown-letter';

export class InboundMailError extends Error {
  constructor(
    readonly refusal: InboundMailRefusal,
    message: string,
  ) {
    super(message);
    this.name = 'InboundMailError';
  }

  /** Input that is not an e-mail, as opposed to an e-mail that names no letter of ours. */
  get isMalformed(): boolean {
    return this.refusal === 'empty' || this.refusal === 'not-a-message';
  }
}
