import type { SendMailOptions } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Letter } from '../letter';

/** Who letters come from, as e-mail headers. */
export interface MailSender {
  /** e.g. `"Acme Receivables" <receivables@acme.example>` */
  from: string;
  replyTo?: string;
}

/**
 * The letter's Message-ID: the same for every hand-over of the same letter, so a message sent
 * twice (the at-least-once edge) is recognisably one message to the receiving side.
 */
export const messageIdFor = (letterId: string): string => `<${letterId}@collections>`;

/**
 * The letter as nodemailer message options, one definition for every adapter: nodemailer builds
 * the RFC 5322 message (header encoding and folding, line endings), not this code.
 */
export function mailFor(letter: Letter, sender: MailSender, date: Date): SendMailOptions {
  // The letter's own address, so that its reply names it; staff mail and older letters reply to the sender's.
  const replyTo = letter.replyTo ?? sender.replyTo;
  return {
    from: sender.from,
    ...(replyTo === undefined ? {} : { replyTo }),
    ...(letter.to === undefined ? {} : { to: letter.to }),
    // The envelope sender (Return-Path) is the letter's own address too, so a bounce comes back to
    // it (variable envelope return path) and is recorded against this letter, which it fails.
    ...(letter.replyTo === undefined || letter.to === undefined ? {} : { envelope: { from: letter.replyTo, to: letter.to } }),
    subject: letter.subject,
    text: letter.text,
    // Both parts from the same view: nodemailer makes it multipart/alternative.
    ...(letter.html === undefined ? {} : { html: letter.html }),
    messageId: messageIdFor(letter.letterId),
    date,
    // Quoted-printable stays readable in a text editor, which is where a file outbox is read.
    textEncoding: 'quoted-printable',
    headers: {
      'X-Collections-Letter-Id': letter.letterId,
      'X-Collections-Customer-Id': letter.customerId,
      'X-Collections-Kind': letter.kind,
      'X-Collections-Level': String(letter.level),
      'X-Collections-Channel': letter.channel,
    },
    // The text is a string: nothing may make nodemailer read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * The letter as an RFC 5322 message (the bytes of an `.eml` file, CRLF line ends), composed by
 * nodemailer's MailComposer from `mailFor`: what the file outbox writes, and what the evidence pack
 * holds of each letter. Only the MIME boundary differs between two compositions of one letter.
 */
export function composeMessage(letter: Letter, sender: MailSender, date: Date): Promise<Buffer> {
  // CRLF throughout, the letter's own text included: without `newline` the text keeps its bare \n.
  return new MailComposer({ ...mailFor(letter, sender, date), newline: 'windows' }).compile().build();
}
