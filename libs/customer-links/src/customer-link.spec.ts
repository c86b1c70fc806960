import fc from 'fast-check';
import { checkCustomerLink, customerLinkUrl, signCustomerLink } from './customer-link';
import { letterIdOfReplyAddress, replyAddressFor } from './reply-address';

const SECRET = 'k8Vd3pQm1xZr7sTn0bYw5uLc2hJf9gAe4oKi6vNq';
const claims = { customerId: 'ACME-1', letterId: '3f1c2b7a-9d4e-5f60-8a1b-2c3d4e5f6a7b', expiresOn: '2024-03-10' };

describe('a customer link', () => {
  it('given a signed token, when checked on or before its last day, then it names its customer and letter', () => {
    const token = signCustomerLink(claims, SECRET);
    expect(checkCustomerLink(token, SECRET, '2024-03-10')).toEqual({ valid: true, claims });
    expect(customerLinkUrl('https://collect.example.com/', token)).toBe(`https://collect.example.com/pay/${token}`);
  });

  it('given a token past its last day, then it is refused as expired, with its genuine claims', () => {
    expect(checkCustomerLink(signCustomerLink(claims, SECRET), SECRET, '2024-03-11')).toEqual({ valid: false, reason: 'expired', claims });
  });

  it('given any one character changed, or another secret, then it is refused and names nobody', () => {
    const token = signCustomerLink(claims, SECRET);
    fc.assert(
      fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCDEFabcdef0123456789-_.x'), (at, replacement) => {
        fc.pre(token[at] !== replacement);
        const changed = token.slice(0, at) + replacement + token.slice(at + 1);
        const check = checkCustomerLink(changed, SECRET, '2024-03-01');
        expect(check.valid).toBe(false);
        expect(check).not.toHaveProperty('claims');
      }),
    );
    expect(checkCustomerLink(signCustomerLink(claims, 'another-secret-of-forty-characters-long!'), SECRET, '2024-03-01')).toEqual({
      valid: false,
      reason: 'forged',
    });
  });

  it('given its last character changed in the bits base64 leaves unread, then it is refused all the same', () => {
    const token = signCustomerLink(claims, SECRET);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(token.at(-1) as string);
    // The same four high bits, other low bits: the same 32 bytes once decoded.
    const twins = [0, 1, 2, 3].map((low) => alphabet[(last & ~3) | low]).filter((char) => char !== token.at(-1));

    for (const twin of twins)
      expect(checkCustomerLink(token.slice(0, -1) + twin, SECRET, '2024-03-01')).toEqual({ valid: false, reason: 'forged' });
    expect(twins).toHaveLength(3);
  });

  it('given a token made for customer A, then no change of its payload reaches customer B', () => {
    const token = signCustomerLink(claims, SECRET);
    const [, mac] = token.split('.');
    const forB = Buffer.from(JSON.stringify(['ACME-2', claims.letterId, claims.expiresOn])).toString('base64url');
    expect(checkCustomerLink(`${forB}.${mac}`, SECRET, '2024-03-01')).toEqual({ valid: false, reason: 'forged' });
  });

  it('given garbage of any kind, then it is refused as malformed or forged, never thrown on', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (garbage) => {
        expect(checkCustomerLink(garbage, SECRET, '2024-03-01').valid).toBe(false);
      }),
    );
    expect(checkCustomerLink('x'.repeat(5000), SECRET, '2024-03-01')).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('a reply address', () => {
  it('given a letter, then its reply address names it, on our domain only', () => {
    const address = replyAddressFor(claims.letterId, 'replies.example.com');
    expect(address).toBe(`reply+${claims.letterId}@replies.example.com`);
    expect(letterIdOfReplyAddress(address.toUpperCase(), 'replies.example.com')).toBe(claims.letterId);
    expect(letterIdOfReplyAddress(address, 'example.org')).toBeUndefined();
    expect(letterIdOfReplyAddress('reply+not-a-letter@replies.example.com', 'replies.example.com')).toBeUndefined();
    expect(letterIdOfReplyAddress('someone@replies.example.com', 'replies.example.com')).toBeUndefined();
  });
});
