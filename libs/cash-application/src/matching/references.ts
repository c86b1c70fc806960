import type { Remittance } from '../statements/bank-statement';

/** What an id looks like (the api's rule for client-chosen ids): a token of the remittance text that may name an invoice. */
const TOKEN = /[A-Za-z0-9][A-Za-z0-9._:-]*/g;

/**
 * The references a remittance gives, in the order written: the structured ones first (referred
 * document numbers, creditor references), then every token of the free text, without trailing
 * punctuation ("INV-2." names INV-2). Which of them are invoices, only the directory knows.
 */
export function referencesIn(remittance: Remittance): string[] {
  const tokens = remittance.unstructured.flatMap((text) => [...text.matchAll(TOKEN)].map(([token]) => token.replace(/[._:-]+$/, '')));
  return [...new Set([...remittance.references.map((reference) => reference.trim()), ...tokens])].filter((token) => token.length > 0);
}

/** The remittance as one line for people (what the events keep): free text, then the references. */
export function remittanceText(remittance: Remittance): string | undefined {
  const text = [...remittance.unstructured, ...remittance.references].join(' ').trim();
  return text.length === 0 ? undefined : text;
}
