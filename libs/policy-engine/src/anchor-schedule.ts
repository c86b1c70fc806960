import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { SMTPSentMessageInfo, SendMailOptions, Transporter } from 'nodemailer';
import type { AnchorsConfig } from '@collections/config';
import type { Clock } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { ANCHOR_PUBLIC_KEY_FILE, Anchor, UnverifiedStoreError, writeAnchor } from '@collections/evidence';
import { MailSender, SmtpSettings, createSmtpTransport } from '@collections/letters';
import { CLOCK } from '@collections/platform';
import { ENGINE_HOSTED } from './engine-tokens';

/** What the schedule needs of the configuration. */
export interface AnchorScheduleSettings {
  /** DATA_DIR: the signing key's place. */
  dataDir: string;
  anchors: AnchorsConfig;
  /** The letters' sender and SMTP settings: anchors go to the auditors through the same server. */
  sender: MailSender;
  smtp: SmtpSettings | undefined;
}

export const ANCHOR_SCHEDULE_SETTINGS = Symbol('AnchorScheduleSettings');

/**
 * How many anchors wait for their mail at most while the mail server refuses them: the oldest
 * beyond it are given up (they are still in ANCHOR_DIR), so that a long outage neither grows
 * without end nor floods the auditors when it is over.
 */
export const MAX_ANCHORS_AWAITING_MAIL = 24;

interface AwaitingMail {
  file: string;
  publicKeyPem: string;
}

/**
 * Scheduled anchors where the engine is hosted (the api in embedded mode, `npm run
 * start:policy-engine` in production): at start and every ANCHOR_EVERY_MINUTES, the store is
 * verified and a signed anchor written into ANCHOR_DIR, then e-mailed to ANCHOR_MAIL_TO. The file
 * comes first and never waits for the mail; a mail the server refuses is tried again after the
 * next anchor. Nothing here stops the process: failures are logged.
 */
@Injectable()
export class AnchorSchedule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Anchors');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly awaitingMail: AwaitingMail[] = [];
  private transport: Transporter<SMTPSentMessageInfo> | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ANCHOR_SCHEDULE_SETTINGS) private readonly settings: AnchorScheduleSettings,
    @Inject(ENGINE_HOSTED) private readonly hosted: boolean,
  ) {}

  onApplicationBootstrap(): void {
    const { dir, everyMinutes, mailTo } = this.settings.anchors;
    if (!this.hosted || dir === undefined || everyMinutes <= 0) return;
    this.logger.log(`Anchors every ${everyMinutes} min into ${dir}${mailTo.length > 0 ? `, e-mailed to ${mailTo.join(', ')}` : ''}`);
    void this.anchorNow();
    this.timer = setInterval(() => void this.anchorNow(), everyMinutes * 60_000);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.whenIdle();
    this.transport?.close();
  }

  /**
   * Writes an anchor, then mails what awaits mail; resolves when done, never rejects. A call while
   * one is under way (a big store takes a while to verify) joins it rather than starting another.
   */
  anchorNow(): Promise<void> {
    this.running ??= this.writeThenMail().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves once no anchor is being written or mailed. */
  whenIdle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  private async writeThenMail(): Promise<void> {
    const { dataDir, anchors } = this.settings;
    try {
      const written = await writeAnchor(this.store, { dataDir, dir: anchors.dir as string, now: this.clock.now() });
      if (written.keyCreated) {
        this.logger.warn(
          `Generated the anchor signing key in ${dataDir}; publish its public key (${ANCHOR_PUBLIC_KEY_FILE}) away from the store:\n${written.publicKeyPem}`,
        );
      }
      const { streamCount, position, merkleRoot } = written.anchor.statement;
      this.logger.log(`Anchored ${streamCount} streams at position ${position ?? 'none'} in ${written.file} (Merkle root ${merkleRoot})`);
      if (anchors.mailTo.length > 0) this.awaitMail({ file: written.file, publicKeyPem: written.publicKeyPem });
    } catch (error) {
      this.logger.error(error instanceof UnverifiedStoreError ? error.message : `Anchor failed: ${messageOf(error)}`);
    }
    await this.mailAwaiting();
  }

  private awaitMail(anchor: AwaitingMail): void {
    this.awaitingMail.push(anchor);
    while (this.awaitingMail.length > MAX_ANCHORS_AWAITING_MAIL) {
      const given = this.awaitingMail.shift() as AwaitingMail;
      this.logger.warn(`Not mailing ${given.file} any more: ${MAX_ANCHORS_AWAITING_MAIL} newer anchors await mail`);
    }
  }

  /** Oldest first; stops at the first refusal, since the server will likely refuse the rest too. */
  private async mailAwaiting(): Promise<void> {
    while (this.awaitingMail.length > 0) {
      const [next] = this.awaitingMail;
      let content: string;
      try {
        content = readFileSync(next.file, 'utf8');
      } catch (error) {
        this.logger.warn(`Cannot mail ${next.file}: ${messageOf(error)}`);
        this.awaitingMail.shift();
        continue;
      }
      try {
        await this.mailer().sendMail(this.mailFor(next, content));
        this.awaitingMail.shift();
        this.logger.log(`Mailed ${basename(next.file)} to ${this.settings.anchors.mailTo.join(', ')}`);
      } catch (error) {
        this.logger.error(
          `Mailing ${basename(next.file)} failed (${this.awaitingMail.length} anchors await mail; tried again after the next anchor): ${messageOf(error)}`,
        );
        return;
      }
    }
  }

  private mailer(): Transporter<SMTPSentMessageInfo> {
    // ANCHOR_MAIL_TO needs SMTP_HOST (the configuration refuses it otherwise).
    this.transport ??= createSmtpTransport(this.settings.smtp as SmtpSettings);
    return this.transport;
  }

  private mailFor({ file, publicKeyPem }: AwaitingMail, content: string): SendMailOptions {
    const { statement } = JSON.parse(content) as Anchor;
    const { sender, anchors } = this.settings;
    const name = basename(file);
    return {
      from: sender.from,
      ...(sender.replyTo === undefined ? {} : { replyTo: sender.replyTo }),
      to: anchors.mailTo,
      subject: `Collections anchor of ${statement.createdAt}: ${statement.streamCount} streams at position ${statement.position ?? 'none'}`,
      text: mailText(name, statement),
      attachments: [
        { filename: name, content, contentType: 'application/json' },
        { filename: ANCHOR_PUBLIC_KEY_FILE, content: publicKeyPem, contentType: 'application/x-pem-file' },
      ],
      // The same for every attempt: a mail sent twice is recognisably one.
      messageId: `<${name.replace(/\.json$/, '')}@collections>`,
      date: new Date(this.clock.now()),
      headers: { 'X-Collections-Anchor-Merkle-Root': statement.merkleRoot, 'X-Collections-Anchor-Key-Id': statement.keyId },
      // The attachments are strings: nothing may make nodemailer read a file or fetch a URL.
      disableFileAccess: true,
      disableUrlAccess: true,
    };
  }
}

function mailText(name: string, statement: Anchor['statement']): string {
  return [
    "A signed anchor of the collections event store: every stream's head (revision and hash) and the",
    "store's position, reduced to one Merkle root and signed with the service's Ed25519 key.",
    '',
    `  created at   ${statement.createdAt}`,
    `  streams      ${statement.streamCount}`,
    `  position     ${statement.position ?? 'none (an empty store)'}`,
    `  Merkle root  ${statement.merkleRoot}`,
    `  signing key  ${statement.keyId} (SHA-256 of the public key, SPKI DER)`,
    '',
    'Keep this message where the service cannot change it. To check the store against it later:',
    '',
    `  npm run cli -- verify --anchor ${name} --public-key <the published public key>`,
    '',
    `Check the key against the one published in the operations guide, not only against the attached`,
    `${ANCHOR_PUBLIC_KEY_FILE}: whoever can change the store could also change the key it sends.`,
    '',
  ].join('\n');
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
