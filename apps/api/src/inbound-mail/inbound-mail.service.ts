import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Actor, ExecuteAccountCommand } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { Clock, ReplyKind } from '@collections/domain';
import { InboundMailError, readInboundMessage } from '@collections/inbound-mail';
import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { CLOCK, nameBasedUuid } from '@collections/platform';

/** Where replies come in: the reply addresses' domain, and the SMTP listener's port when there is one. */
export type InboundMailSettings = AppConfig['inboundMail'];
export const INBOUND_MAIL_SETTINGS = Symbol('InboundMailSettings');

/** The SMTP listener's actor: mail that arrives by SMTP has no API key. */
export const INBOUND_SMTP_ACTOR: Actor = { id: 'inbound-smtp', role: 'integration' };

export interface RecordedReply {
  customerId: string;
  replyId: string;
  kind: ReplyKind;
  letterId: string;
  /** False when the same message had been recorded before (nothing was appended now). */
  appended: boolean;
}

/**
 * Replies to letters, whichever way they arrive (POST /inbound-mail, the SMTP listener): read the
 * message, find the letter it answers in the outbox (which says whose it is), and record it on that
 * customer's account as CustomerReplied. The reply's id is derived from the Message-ID and the
 * command is keyed by it, so a message delivered twice (a provider's webhook retried, an SMTP
 * sender that did not see our 250) is recorded once.
 */
@Injectable()
export class InboundMail {
  constructor(
    private readonly commands: CommandBus,
    @Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INBOUND_MAIL_SETTINGS) private readonly settings: InboundMailSettings,
  ) {}

  /** Whether `letterId` is a letter we sent (the SMTP listener asks before it takes a message). */
  async isOurLetter(letterId: string): Promise<boolean> {
    return (await this.outbox.letter(letterId)) !== undefined;
  }

  get domain(): string {
    return this.settings.domain;
  }

  async record(
    raw: Buffer,
    { actor, envelopeRecipients }: { actor: Actor; envelopeRecipients?: readonly string[] },
  ): Promise<RecordedReply> {
    const message = await readInboundMessage(raw, { domain: this.settings.domain, envelopeRecipients });
    const letter = await this.outbox.letter(message.letterId);
    if (letter === undefined) {
      throw new InboundMailError('unknown-letter', `The message answers letter ${message.letterId}, which was never sent from here`);
    }
    const replyId = nameBasedUuid(`inbound-mail\n${message.messageId}`);
    const data = {
      replyId,
      kind: message.kind,
      letterId: message.letterId,
      from: message.from,
      subject: message.subject,
      receivedAt: this.clock.now(),
      receivedOn: this.clock.today(),
      attachments: message.attachments,
      text: message.text,
    };
    const { replayed } = await this.commands.execute(
      new ExecuteAccountCommand(
        letter.customerId,
        { type: 'RecordReply', data },
        // The service's own key: the same message is the same reply, whoever delivers it.
        { actor, idempotencyKey: `inbound-mail:${replyId}`, keyScope: 'service' },
      ),
    );
    return { customerId: letter.customerId, replyId, kind: message.kind, letterId: message.letterId, appended: !replayed };
  }
}
