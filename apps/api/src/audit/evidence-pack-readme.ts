/**
 * README.txt of the evidence pack: for its reader at a collection agency or a court, who has the
 * pack and nothing else, what each file is and how to check it. Plain text, lines under 100
 * characters, the same for every pack but for the customer id.
 */
export const evidencePackReadme = (customerId: string): string =>
  `EVIDENCE PACK: the collection account of customer ${customerId}

This pack was produced by the Collections service from its records. Each step taken to collect
the customer's overdue invoices was recorded as an event, in order, and no recorded event can be
changed or deleted through the service. Amounts are whole numbers in the currency's smallest unit
(125000 EUR means 1,250.00 EUR); dates are calendar days (YYYY-MM-DD).

THE FILES

manifest.json       Who the pack is about, when it was made and by whom, which part of the
                    records it covers (the number of events and the last one's revision), and
                    the size and SHA-256 hash of every other file in the pack.
history.jsonl       The customer's full record, one event per line in the order it was recorded
                    (revision 0, 1, 2, ...): its type, its data, who recorded it and when
                    (metadata.actor, metadata.recordedAt), the day it happened on (occurredAt),
                    and metadata.hash, its link in the hash chain (below).
state/DATE-STEP.json
                    The account as it stood at the end of DATE, the day of each agency referral
                    (STEP agency-referral), each legal action (legal-action) and each write-off
                    (write-off): every invoice with what was paid, credited and written off and its
                    balance, the open balances, promises, payment plans, disputes, referrals and
                    legal actions.
letters/ID.eml      Each dunning letter and final notice sent to the customer, as an e-mail
                    message (RFC 5322; any mail program opens it). The text is the one stored
                    when the letter was sent; the Date is when it was delivered (for a letter
                    not delivered yet, the day it was sent on).
verification.json   The check of the hash chain over this record: "verified": true when every
                    event is what and where its hash says; otherwise "broken" names the first
                    event (revision) that is not, and why.
anchor.json         When present: this account's part of the latest signed anchor. The service
                    regularly signs the last hash of every account it holds (an Ed25519
                    signature over a Merkle root of them all) and keeps the signed statement
                    away from its records. This file holds the signed statement, this
                    account's latest revision and hash then ("head"), and the Merkle proof
                    that this head is one of those the statement signed; it names no other
                    account.
anchor-check.json   When present: whether this record still holds the anchored event unchanged
                    ("agrees"), and whether the anchor's signature was checked.
                    When there is no anchor, manifest.json says why ("anchorMissing").

CHECKING THE FILES

Each file's SHA-256 must equal the one manifest.json gives for it:
  Linux:   sha256sum history.jsonl          macOS: shasum -a 256 history.jsonl
  Windows: certutil -hashfile history.jsonl SHA256

CHECKING THE RECORD (THE HASH CHAIN)

Each event's metadata.hash is the SHA-256 (hex) of the canonical JSON, in UTF-8, of
  {"data": ..., "id": ..., "metadata": ..., "previousHash": ..., "type": ...}
where id is the event's eventId, metadata is the event's metadata without its hash, previousHash is the hash of the event
before it (null for the first event), and canonical JSON is JSON with every object's keys in
sorted order and no white space between its parts. Recomputing each hash from history.jsonl
in order shows that no event was changed, removed from the middle or moved. Removing the newest
events would leave a valid chain: that is what the anchor shows, as the record must still hold the
anchored revision with the anchored hash.

Whoever runs the service can check the same against its live records and the anchor, with the
anchors' public key kept apart from the service:
  npm run cli -- verify --customer ${customerId} --anchor anchor.json --public-key anchor-key.pub.pem
It checks the anchor's signature and prints "every chain holds", or names the first broken
revision.
`;
