import { createHmac, timingSafeEqual } from 'node:crypto';
import { BusinessDate, isBusinessDate } from '@collections/domain';

/**
 * The link in every letter to the customer's own page: `<PUBLIC_URL>/pay/<token>`. The token is
 * the customer, the letter and the last day it works, signed with HMAC-SHA256 under the
 * service's link secret: it opens that customer's page and no other, cannot be altered or forged
 * without the secret, and needs no table to look it up. A manager revokes a letter's link by an
 * event on the customer's stream (`CustomerLinkRevoked`), which the page checks on every request.
 */
export interface CustomerLinkClaims {
  customerId: string;
  letterId: string;
  /** The last business day the link opens the page. */
  expiresOn: BusinessDate;
}

/** Why a token opens nothing. `malformed` and `forged` tell nothing about any customer. */
export type CustomerLinkRefusal = 'malformed' | 'forged' | 'expired';

export type CustomerLinkCheck =
  { valid: true; claims: CustomerLinkClaims } | { valid: false; reason: CustomerLinkRefusal; claims?: CustomerLinkClaims };

/** Tokens longer than this are refused unread (customer and letter ids are at most a few hundred characters). */
export const MAX_TOKEN_LENGTH = 2048;

const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

const signature = (payload: string, secret: string): Buffer => createHmac('sha256', secret).update(payload).digest();

export function signCustomerLink(claims: CustomerLinkClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify([claims.customerId, claims.letterId, claims.expiresOn])).toString('base64url');
  return `${payload}.${signature(payload, secret).toString('base64url')}`;
}

/**
 * Checks a token on `today`: its signature first (in constant time), then its content, then its
 * expiry. An expired token's claims are returned with the refusal (its signature is genuine), so
 * the customer can ask for a fresh link and the collector be told whose.
 */
export function checkCustomerLink(token: string, secret: string, today: BusinessDate): CustomerLinkCheck {
  if (token.length > MAX_TOKEN_LENGTH || !TOKEN.test(token)) return { valid: false, reason: 'malformed' };
  const [payload, mac] = token.split('.') as [string, string];
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(payload, secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { valid: false, reason: 'forged' };
  // 43 characters carry 258 bits for 256: the last one's two low bits are not read. Only the one
  // spelling the signer wrote counts, so no changed character ever opens the page.
  if (given.toString('base64url') !== mac) return { valid: false, reason: 'forged' };
  const claims = claimsOf(payload);
  if (claims === undefined) return { valid: false, reason: 'malformed' };
  if (today > claims.expiresOn) return { valid: false, reason: 'expired', claims };
  return { valid: true, claims };
}

function claimsOf(payload: string): CustomerLinkClaims | undefined {
  try {
    const parts: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== 3) return undefined;
    const [customerId, letterId, expiresOn] = parts as unknown[];
    if (typeof customerId !== 'string' || customerId === '' || typeof letterId !== 'string' || letterId === '') return undefined;
    if (!isBusinessDate(expiresOn)) return undefined;
    return { customerId, letterId, expiresOn };
  } catch {
    return undefined;
  }
}

/** Where a token's page is: the service's public address, then /pay/. */
export const customerLinkUrl = (publicUrl: string, token: string): string => `${publicUrl.replace(/\/+$/, '')}/pay/${token}`;
