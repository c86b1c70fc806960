import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import {
  BUSINESS_DATE_RULE,
  BusinessDate,
  CurrencyCode,
  MAX_AMOUNT,
  decimalToMinorUnits,
  formatMoney,
  isBusinessDate,
  isCurrencyCode,
  minorDigitsOf,
} from '@collections/domain';
import { StatementFormatError } from './bank-statement';

/*
 * Field conversions both statement formats share. Each refuses what it cannot read exactly with a
 * StatementFormatError at `location` (an XML path or `line 7`), calling the field by `label`
 * (the CSV column's name, or what the XML element means).
 */

const PLAIN_DECIMAL = /^\d+(?:\.\d+)?$/;

/**
 * A positive decimal amount in major units (`1234.56`) as whole minor units of `currency`, never
 * through a float. `written` is the text as the file has it, for the refusal (a CSV debit's `-`).
 */
export function positiveMinorUnits(text: string, currency: CurrencyCode, location: string, label: string, written = text): number {
  const shown = JSON.stringify(written);
  if (!PLAIN_DECIMAL.test(text)) {
    throw new StatementFormatError(location, `${label} ${shown} is not an amount: digits with an optional decimal point, such as 1234.56`);
  }
  const digits = minorDigitsOf(currency);
  const amount = decimalToMinorUnits(text, digits);
  if (amount === undefined) {
    const decimals = text.length - text.indexOf('.') - 1;
    if (text.includes('.') && decimals > digits) {
      throw new StatementFormatError(
        location,
        `${label} ${shown} has ${decimals} decimal ${decimals === 1 ? 'place' : 'places'}; ${currency} has ${digits}`,
      );
    }
  }
  if (amount === undefined || amount > MAX_AMOUNT) {
    throw new StatementFormatError(
      location,
      `${label} ${shown} is more than the largest amount accepted, ${formatMoney(MAX_AMOUNT, currency)}`,
    );
  }
  if (amount === 0) throw new StatementFormatError(location, `${label} is zero; only amounts above zero are read`);
  return amount;
}

export function currencyCode(text: string, location: string, label: string): CurrencyCode {
  if (!isCurrencyCode(text))
    throw new StatementFormatError(location, `${label} ${JSON.stringify(text)} is not an ISO 4217 currency code, such as EUR`);
  return text;
}

export function businessDate(text: string, location: string, label: string): BusinessDate {
  if (!isBusinessDate(text)) throw new StatementFormatError(location, `${label} ${JSON.stringify(text)} is not ${BUSINESS_DATE_RULE}`);
  return text;
}

/**
 * An IBAN in electronic form (no spaces, capitals). An invalid one refuses the file: kept as
 * written it would teach the matcher an account no payer has.
 */
export function normalizedIban(text: string, location: string, label: string): string {
  const electronic = electronicFormatIBAN(text);
  if (electronic === null || !isValidIBAN(electronic)) {
    throw new StatementFormatError(location, `${label} ${JSON.stringify(text)} is not a valid IBAN (its check digits or length are wrong)`);
  }
  return electronic;
}
