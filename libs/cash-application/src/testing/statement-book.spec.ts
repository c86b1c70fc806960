import { isValidIBAN } from 'ibantools';
import { parseCamt053 } from '../statements/camt053';
import { referencesIn } from '../matching/references';
import { buildCamt053 } from './camt053-builder';
import { GeneratedTransfer, TRANSFER_KINDS, TRANSFER_MIX, TransferKind, generateStatementBook } from './statement-book';

/** A small statement book, shared by the tests that read it. */
const options = { entries: 1_000, seed: 11, entriesPerFile: 400 };
const statements = generateStatementBook(options);
const transfers = statements.files.flatMap((file) => file.transfers);
const invoices = new Map(
  statements.book.customers.flatMap(({ customerId, invoices: each }) =>
    each.map((invoice) => [invoice.invoiceId, { customerId, invoice }]),
  ),
);
const sum = (amounts: { amount: number }[]) => amounts.reduce((total, { amount }) => total + amount, 0);

describe('generateStatementBook', () => {
  it('given a size, then it gives exactly that many transfers, in files of at most the size asked, in booking order', () => {
    expect(transfers).toHaveLength(options.entries);
    expect(statements.files.map((file) => file.transfers.length)).toEqual([400, 400, 200]);
    const days = transfers.map(({ bookedOn }) => bookedOn);
    expect(days).toEqual([...days].sort());
    expect(new Set(transfers.map(({ reference }) => reference)).size).toBe(options.entries);
    for (const file of statements.files)
      expect([file.from, file.to]).toEqual([file.transfers[0].bookedOn, file.transfers.at(-1)!.bookedOn]);
  });

  it('given the mix, then the kinds add up to every transfer and each is near its share; several-invoice transfers fall back to one reference when nothing else is out', () => {
    expect(Object.values(TRANSFER_MIX).reduce((total, share) => total + share, 0)).toBe(100);
    expect(Object.values(statements.kinds).reduce((total, count) => total + count, 0)).toBe(options.entries);
    const share = (kind: TransferKind) => statements.kinds[kind] / options.entries;
    const near = (kind: TransferKind, expected = TRANSFER_MIX[kind] / 100) =>
      Math.abs(share(kind) - expected) <= 4 * Math.sqrt((expected * (1 - expected)) / options.entries);
    for (const kind of ['no-reference', 'overpayment', 'short-with-deduction', 'unknown-payer'] as const) {
      expect({ kind, near: near(kind) }).toEqual({ kind, near: true });
    }
    const several = share('several-referenced') + share('several-unreferenced');
    expect(several).toBeGreaterThan(0.1);
    expect(several).toBeLessThanOrEqual((TRANSFER_MIX['several-referenced'] + TRANSFER_MIX['several-unreferenced']) / 100);
    expect(share('reference')).toBeGreaterThanOrEqual(TRANSFER_MIX.reference / 100 - 0.02);
  });

  it('given every transfer, then its truth adds up: allocations and surplus make the amount, allocation and deduction each invoice’s whole amount', () => {
    const check = ({ amount, truth }: GeneratedTransfer) => {
      const deducted = new Map(truth.deductions.map(({ invoiceId, amount: kept }) => [invoiceId, kept]));
      return {
        adds: sum(truth.allocations) + truth.overpaid === amount,
        whole: truth.allocations.every(
          ({ invoiceId, amount: paid }) => paid + (deducted.get(invoiceId) ?? 0) === invoices.get(invoiceId)?.invoice.amount,
        ),
        owner: truth.allocations.every(({ invoiceId }) => invoices.get(invoiceId)?.customerId === truth.customerId),
        surplus: truth.overpaid > 0 === (truth.kind === 'overpayment' || truth.kind === 'unknown-payer'),
        deduction: truth.deductions.length > 0 === (truth.kind === 'short-with-deduction'),
        invoices:
          truth.kind === 'unknown-payer'
            ? truth.allocations.length === 0
            : truth.kind.startsWith('several')
              ? truth.allocations.length >= 2
              : truth.allocations.length === 1,
        customer: (truth.customerId === undefined) === (truth.kind === 'unknown-payer'),
        referenced: truth.referenced === !['no-reference', 'several-unreferenced', 'unknown-payer'].includes(truth.kind),
      };
    };
    const all = { adds: true, whole: true, owner: true, surplus: true, deduction: true, invoices: true, customer: true, referenced: true };
    for (const transfer of transfers)
      expect({ reference: transfer.reference, ...check(transfer) }).toEqual({ reference: transfer.reference, ...all });
  });

  it('given every invoice paid, then it is paid once, after it was issued, and registered with the transfer’s file or an earlier one', () => {
    const paid = transfers.flatMap(({ truth }) => truth.allocations.map(({ invoiceId }) => invoiceId));
    expect(new Set(paid).size).toBe(paid.length);
    const registeredIn = new Map(statements.files.flatMap((file, index) => file.invoices.map(({ invoice }) => [invoice.invoiceId, index])));
    expect(registeredIn.size).toBe(statements.files.reduce((total, file) => total + file.invoices.length, 0));
    statements.files.forEach((file, index) => {
      for (const { bookedOn, truth } of file.transfers) {
        for (const { invoiceId } of truth.allocations) {
          expect(invoices.get(invoiceId)!.invoice.issuedOn < bookedOn).toBe(true);
          expect(registeredIn.get(invoiceId)!).toBeLessThanOrEqual(index);
        }
      }
    });
  });

  it('given the files as camt.053, then the parser reads each transfer: its amount, payer account, the invoices it names (only those of the truth, only when referenced) and its deduction', () => {
    statements.files.forEach((file) => {
      const parsed = parseCamt053(buildCamt053(file.description, '001.08', { pretty: false }));
      expect(parsed.entries).toHaveLength(file.transfers.length);
      const read = parsed.entries.map((entry) => ({
        reference: entry.reference,
        amount: entry.amount,
        payer: entry.payer.account,
        named: referencesIn(entry.remittance).filter((token) => invoices.has(token)),
        deductions: entry.remittance.deductions.map(({ reference: invoiceId, amount: kept }) => ({ invoiceId, amount: kept })),
      }));
      const written = file.transfers.map(({ reference, amount, payerIban, truth }) => ({
        reference,
        amount,
        payer: payerIban,
        named: truth.referenced ? truth.allocations.map(({ invoiceId }) => invoiceId) : [],
        deductions: truth.deductions,
      }));
      expect(read).toEqual(written);
    });
  });

  it('given the payers, then every IBAN is valid, each customer’s are its own, and strangers pay from none of them', () => {
    const owner = new Map<string, string>();
    for (const [customerId, ibans] of statements.payerIbans) {
      expect(ibans.length === 1 || ibans.length === 2).toBe(true);
      for (const iban of ibans) {
        expect(isValidIBAN(iban)).toBe(true);
        expect(owner.get(iban) ?? customerId).toBe(customerId);
        owner.set(iban, customerId);
      }
    }
    for (const { payerIban, truth } of transfers) {
      expect(isValidIBAN(payerIban)).toBe(true);
      expect(owner.get(payerIban)).toBe(truth.customerId);
    }
    expect(isValidIBAN(statements.statementIban)).toBe(true);
  });

  it('given the same seed, then the same transfers and truth; another seed, others', () => {
    const again = generateStatementBook(options);
    expect(again.files.map((file) => file.transfers)).toEqual(statements.files.map((file) => file.transfers));
    expect(again.files.map((file) => file.invoices)).toEqual(statements.files.map((file) => file.invoices));
    const other = generateStatementBook({ ...options, entries: 100, seed: options.seed + 1 });
    expect(other.files[0].transfers).not.toEqual(statements.files[0].transfers.slice(0, 100));
    expect(TRANSFER_KINDS).toHaveLength(Object.keys(TRANSFER_MIX).length);
  });
});
