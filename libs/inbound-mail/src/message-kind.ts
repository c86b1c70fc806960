import type { ParsedMail, StructuredHeader } from 'mailparser';
import type { ReplyKind } from '@collections/domain';
import type { DeliveryStatusReport } from './delivery-status';

/**
 * Whether a message is a person's reply, an automatic reply or a bounce. The signals, in order:
 *
 * 1. **bounce**: a delivery status notification (RFC 3464) — `multipart/report;
 *    report-type=delivery-status`, or a message from MAILER-DAEMON or postmaster carrying a
 *    `message/delivery-status` part — in which some recipient's `Action` is `failed`;
 * 2. **auto_reply**: any other delivery report (delayed, relayed), anything from MAILER-DAEMON or
 *    postmaster; `Auto-Submitted` with any value but `no` (RFC 3834); `X-Autoreply` or
 *    `X-Autorespond`; `Precedence: auto_reply`; or Exchange's `X-Auto-Response-Suppress`
 *    together with an out-of-office subject ("Automatic reply:", "Out of office"…), because
 *    Exchange sets that header on many messages people write too;
 * 3. **reply**: everything else.
 */
export function kindOf(mail: ParsedMail, report: DeliveryStatusReport | undefined): ReplyKind {
  const { mediaType, reportType } = contentTypeOf(mail);
  const isReport = mediaType === 'multipart/report' && reportType === 'delivery-status';
  const fromDaemon = /^(mailer-daemon|postmaster)@/i.test(mail.from?.value[0]?.address ?? '');
  if (report !== undefined && (isReport || fromDaemon)) return report.failed ? 'bounce' : 'auto_reply';
  if (isReport || fromDaemon || isAutomatic(mail)) return 'auto_reply';
  return 'reply';
}

/** Subjects of out-of-office replies in the languages customers most often write in. */
const OUT_OF_OFFICE_SUBJECT =
  /^\s*(automatic reply|auto(matic)?[ -]?(reply|response)|out of (the )?office|abwesenheitsnotiz|automatische antwort|réponse automatique|absence|risposta automatica|respuesta automática|fuera de la oficina|autosvar|afwezig|automatisch antwoord)\b/i;

function isAutomatic(mail: ParsedMail): boolean {
  const autoSubmitted = headerText(mail, 'auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0].trim().toLowerCase() !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  if (headerText(mail, 'precedence')?.trim().toLowerCase() === 'auto_reply') return true;
  return mail.headers.has('x-auto-response-suppress') && OUT_OF_OFFICE_SUBJECT.test(mail.subject ?? '');
}

function headerText(mail: ParsedMail, name: string): string | undefined {
  const value = mail.headers.get(name);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  return undefined;
}

/** The Content-Type as mailparser gives it (a StructuredHeader): its media type and its report-type, lower case. */
function contentTypeOf(mail: ParsedMail): { mediaType?: string; reportType?: string } {
  const value = mail.headers.get('content-type') as StructuredHeader | undefined;
  if (typeof value !== 'object' || value === null || typeof value.value !== 'string') return {};
  return { mediaType: value.value.toLowerCase(), reportType: value.params?.['report-type']?.toLowerCase() };
}
