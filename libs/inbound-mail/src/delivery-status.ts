/**
 * The machine-readable part of a delivery status notification (RFC 3464, `message/delivery-status`):
 * a block of fields about the message, then one block per recipient. Only what a bounce needs is
 * read: whether any recipient failed, and why.
 */
export interface DeliveryStatusReport {
  /** Some recipient's `Action` is `failed` (not `delayed`, `delivered`, `relayed` or `expanded`). */
  failed: boolean;
  /** The failed recipient's Status and Diagnostic-Code, e.g. `5.1.1 smtp; 550 5.1.1 User unknown`. */
  reason?: string;
}

/** Fields as name → value, continuation lines unfolded; a later block's field wins over an earlier one. */
function fieldsOf(block: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return fields;
}

export function readDeliveryStatus(content: string): DeliveryStatusReport {
  const recipients = content
    .split(/\r?\n\s*\r?\n/)
    .map(fieldsOf)
    .filter((fields) => fields.has('action'));
  const failed = recipients.find((fields) => fields.get('action')?.toLowerCase().startsWith('failed'));
  if (failed === undefined) return { failed: false };
  const reason = [failed.get('status'), failed.get('diagnostic-code')].filter((part) => part !== undefined && part !== '').join(' ');
  return { failed: true, ...(reason === '' ? {} : { reason }) };
}

/** The heading under which a bounce's text carries its delivery report (so the reason can be read back from the event). */
export const DELIVERY_REPORT_HEADING = '--- Delivery report ---';

/** Why a bounce's letter failed, from the text `readInboundMessage` gave the bounce; undefined when it has no report. */
export function bounceReasonOf(text: string): string | undefined {
  const at = text.indexOf(DELIVERY_REPORT_HEADING);
  if (at < 0) return undefined;
  return readDeliveryStatus(text.slice(at + DELIVERY_REPORT_HEADING.length)).reason;
}
