import { SMTPServer } from 'smtp-server';
import { AddressInfo } from 'node:net';
import { ParsedMessage, parseMessage } from './eml';

export interface ReceivedMail {
  mailFrom: string | undefined;
  rcptTo: string[];
  raw: Buffer;
  message: ParsedMessage;
}

/**
 * A real SMTP server in the test process (nodemailer's smtp-server) on 127.0.0.1: it keeps what
 * it accepts, and can be told to refuse messages after DATA, as a mail server that is in
 * trouble does (a 4xx reply), until it recovers.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  private refusal: { responseCode: number; message: string } | undefined;

  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => this.accept(Buffer.concat(chunks), session.envelope, callback));
    },
  });

  private constructor() {}

  /** Listens on `port`, or on a free port when 0. */
  static async start(port = 0): Promise<SmtpTestServer> {
    const instance = new SmtpTestServer();
    const { server } = instance;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return instance;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** Answers every message from now on with this reply (e.g. 451 local error) instead of accepting it. */
  refuseMessages(responseCode = 451, message = 'Requested action aborted: local error in processing'): void {
    this.refusal = { responseCode, message };
  }

  acceptMessages(): void {
    this.refusal = undefined;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(
    raw: Buffer,
    envelope: { mailFrom: { address: string } | false; rcptTo: { address: string }[] },
    callback: (error?: Error | null) => void,
  ): void {
    if (this.refusal) {
      callback(Object.assign(new Error(this.refusal.message), { responseCode: this.refusal.responseCode }));
      return;
    }
    this.received.push({
      mailFrom: envelope.mailFrom === false ? undefined : envelope.mailFrom.address,
      rcptTo: envelope.rcptTo.map((address) => address.address),
      raw,
      message: parseMessage(raw),
    });
    callback();
  }
}
