import * as path from 'node:path';
import type { ReadStore } from '@collections/read-store';
import { ChannelRoutedDelivery } from './delivery/channel-routed-delivery';
import { FileLetterDelivery } from './delivery/file-letter-delivery';
import { DeliveryReceipt, LetterDelivery } from './delivery/letter-delivery.port';
import { MailSender } from './delivery/mail-message';
import { SmtpLetterDelivery, SmtpSettings } from './delivery/smtp-letter-delivery';
import { Letter } from './letter';
import { ReadStoreLetterOutbox, ReadStoreLetterOutboxOptions } from './outbox/read-store-letter-outbox';
import { SqliteLetterOutbox, SqliteLetterOutboxOptions } from './outbox/sqlite-letter-outbox';

/** The outbox file under DATA_DIR: `<dataDir>/letters.sqlite` (embedded: one machine, any number of its processes). */
export function createLetterOutbox(dataDir: string, options?: SqliteLetterOutboxOptions): SqliteLetterOutbox {
  return new SqliteLetterOutbox(path.join(dataDir, 'letters.sqlite'), options);
}

/**
 * The outbox in the read store (`READ_STORE=mongodb` in production: nothing on local disk, and
 * every api replica and policy-engine instance shares it): the `letters_outbox` collection unless
 * `options.collection` names another. Its indexes are made on first use. Closing the outbox
 * leaves `readStore` open: whoever opened the read store closes it.
 */
export function letterOutboxOn(readStore: ReadStore, options?: ReadStoreLetterOutboxOptions): ReadStoreLetterOutbox {
  return new ReadStoreLetterOutbox(readStore, options);
}

export interface LetterDeliveryConfig extends MailSender {
  /** DATA_DIR: the file outbox is `<dataDir>/outbox`. */
  dataDir: string;
  /** With SMTP settings, e-mail letters go out by SMTP; without, every letter goes to the file outbox. */
  smtp?: SmtpSettings;
}

export interface ClosableLetterDelivery extends LetterDelivery {
  close(): void;
}

/**
 * The delivery the service uses, by channel:
 *
 * | channel | embedded (no SMTP) | with SMTP |
 * |---|---|---|
 * | email | file outbox | SMTP (a letter without an address fails, and stays pending, visibly) |
 * | letter (postal) | file outbox | file outbox (for printing and posting) |
 * | sms | file outbox | file outbox (no SMS gateway yet) |
 */
export function createLetterDelivery(config: LetterDeliveryConfig): ClosableLetterDelivery {
  const sender = { from: config.from, ...(config.replyTo === undefined ? {} : { replyTo: config.replyTo }) };
  const files = new FileLetterDelivery({ ...sender, directory: path.join(config.dataDir, 'outbox') });
  const smtp = config.smtp && new SmtpLetterDelivery({ ...sender, smtp: config.smtp });
  const routed = new ChannelRoutedDelivery({ email: smtp ?? files, letter: files, sms: files });
  return {
    deliver: (letter: Letter): Promise<DeliveryReceipt> => routed.deliver(letter),
    prepare: () => routed.prepare(),
    close: () => smtp?.close(),
  };
}
