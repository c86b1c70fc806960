import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import { letterIdOfReplyAddress } from '@collections/customer-links';
import { DomainError } from '@collections/domain';
import { InboundMailError } from '@collections/inbound-mail';
import { INBOUND_MAIL_LIMIT_BYTES } from '../http/request-body';
import { INBOUND_MAIL_SETTINGS, INBOUND_SMTP_ACTOR, InboundMail, InboundMailSettings } from './inbound-mail.service';

/** Every interface: the organisation's MX or relay hands replies on (docs/operations.md). */
export const INBOUND_SMTP_HOST = '0.0.0.0';

/** An SMTP reply: `responseCode` is what smtp-server answers the command with. */
const smtpReply = (responseCode: number, message: string): Error => Object.assign(new Error(message), { responseCode });

/**
 * Replies by SMTP, on INBOUND_SMTP_PORT when it is set: a receiving server like an MX (no AUTH,
 * no STARTTLS; it belongs behind the organisation's MX or relay), which takes a recipient only if
 * it is the reply address of a letter we sent (550 otherwise), at most INBOUND_MAIL_LIMIT_BYTES
 * (SIZE), and hands each message to InboundMail as POST /inbound-mail does. A message that
 * answers nothing of ours is refused for good (550); a failure on our side is 451, so the
 * sending server tries again later.
 */
@Injectable()
export class InboundSmtpListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('InboundSmtp');
  private server: SMTPServer | undefined;
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly inbound: InboundMail,
    @Inject(INBOUND_MAIL_SETTINGS) private readonly settings: InboundMailSettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.settings.smtpPort === undefined) return;
    const server = new SMTPServer({
      name: this.settings.domain,
      banner: 'Collections: replies to letters',
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      size: INBOUND_MAIL_LIMIT_BYTES,
      // A shutdown waits this long for open sessions, then ends them with 421 (the sender retries).
      closeTimeout: 5_000,
      logger: false,
      onRcptTo: (address, _session, callback) => void this.acceptRecipient(address.address).then(callback, callback),
      onData: (stream, session, callback) => this.receive(stream, session, callback),
    });
    server.on('error', (error) => this.logger.error(`Inbound SMTP: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.settings.smtpPort, INBOUND_SMTP_HOST, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`Taking replies to letters by SMTP on ${INBOUND_SMTP_HOST}:${this.port} for reply+<letter>@${this.settings.domain}`);
  }

  /** The port it listens on (undefined when not listening). */
  get port(): number | undefined {
    return (this.server?.server.address() as AddressInfo | null)?.port;
  }

  /** Stops taking connections and waits for those open to end (smtp-server cuts them after its close timeout). */
  stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return Promise.resolve();
    this.stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
    return this.stopped;
  }

  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }

  private async acceptRecipient(address: string): Promise<Error | null> {
    const letterId = letterIdOfReplyAddress(address, this.settings.domain);
    if (letterId === undefined) return smtpReply(550, `5.1.1 <${address}>: not a reply address of ours`);
    try {
      return (await this.inbound.isOurLetter(letterId)) ? null : smtpReply(550, `5.1.1 <${address}>: no such letter`);
    } catch (error) {
      this.logger.error(`Inbound SMTP could not look up letter ${letterId}: ${String(error)}`);
      return smtpReply(451, '4.3.0 Try again later');
    }
  }

  private receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (error?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      if (stream.sizeExceeded) return callback(smtpReply(552, `5.3.4 The message exceeds ${INBOUND_MAIL_LIMIT_BYTES} bytes`));
      const envelopeRecipients = session.envelope.rcptTo.map((recipient) => recipient.address);
      this.inbound.record(Buffer.concat(chunks), { actor: INBOUND_SMTP_ACTOR, envelopeRecipients }).then(
        ({ replyId, kind }) => callback(null, `2.0.0 Recorded as ${kind} ${replyId}`),
        (error: unknown) => {
          // Refused by what it says (not an e-mail, no letter of ours, a business rule): sending it again cannot help.
          if (error instanceof InboundMailError || error instanceof DomainError)
            return callback(smtpReply(550, `5.6.0 ${(error as Error).message}`));
          this.logger.error(`Inbound SMTP could not record a message: ${error instanceof Error ? error.stack : String(error)}`);
          callback(smtpReply(451, '4.3.0 Try again later'));
        },
      );
    });
  }
}
