import { createTransport } from 'nodemailer';
import type { SMTPSentMessageInfo, Transporter } from 'nodemailer';
import { LetterNotDeliverableError } from '../errors';
import { Letter } from '../letter';
import { DeliveryReceipt, LetterDelivery } from './letter-delivery.port';
import { MailSender, mailFor } from './mail-message';

export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  /** Refuse to send unless STARTTLS succeeds (with `secure: false`). */
  requireTLS?: boolean;
  auth?: { user: string; pass: string };
}

export interface SmtpLetterDeliveryOptions extends MailSender {
  smtp: SmtpSettings;
  /** The Date header's clock; the wall clock when not set. */
  now?: () => Date;
}

/**
 * Bounds on one hand-over, so that a hung server fails the attempt (and the letter is retried)
 * well within the outbox's claim on it.
 */
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000, dnsTimeout: 30_000 };

/**
 * The nodemailer transport for SMTP_* settings, with the bounds above: the one way the service
 * talks to its mail server (letters, and the anchors e-mailed to auditors).
 */
export function createSmtpTransport({ host, port, secure, requireTLS, auth }: SmtpSettings): Transporter<SMTPSentMessageInfo> {
  return createTransport({
    host,
    port,
    secure,
    ...(requireTLS === undefined ? {} : { requireTLS }),
    ...(auth === undefined ? {} : { auth }),
    ...TIMEOUTS,
  });
}

/**
 * E-mail letters through an SMTP server (a relay or the provider's submission port). Delivered
 * means the server accepted the message (250 after DATA); what it does next is its business.
 * A letter sent again carries the same Message-ID.
 */
export class SmtpLetterDelivery implements LetterDelivery {
  private readonly transport: Transporter<SMTPSentMessageInfo>;
  private readonly now: () => Date;

  constructor(private readonly options: SmtpLetterDeliveryOptions) {
    this.transport = createSmtpTransport(options.smtp);
    this.now = options.now ?? (() => new Date());
  }

  async deliver(letter: Letter): Promise<DeliveryReceipt> {
    if (letter.to === undefined || letter.to.trim() === '') {
      throw new LetterNotDeliverableError(letter.letterId, 'an e-mail letter needs the recipient address (to)');
    }
    const info = await this.transport.sendMail(mailFor(letter, this.options, this.now()));
    // Providers that replace the Message-ID name theirs; otherwise the final reply (which
    // usually carries the server's queue id) is what its logs can be searched for.
    return { transportId: info.serverMessageId ?? info.response };
  }

  close(): void {
    this.transport.close();
  }
}
