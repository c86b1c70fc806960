import { CollectionEvent, CollectionEventType } from '@collections/domain';
import { Infer, Schema, arrayOf, integer, string } from '../json-schema';

/**
 * One event type's published contract, and the fields contracts share. Each procedure step's
 * contracts are in a file of this folder, as the domain keeps its events by step.
 */

type DataOf<Type extends CollectionEventType> = Extract<CollectionEvent, { type: Type }>['data'];

/** One event type's published contract. */
export interface EventContract<Type extends CollectionEventType, Version extends number, Published> {
  type: Type;
  version: Version;
  schema: Schema<Published>;
  /** The published form of the event's (current, upcast) data: only what the schema lists. */
  publish(data: DataOf<Type>): Published;
}

export const contract = <Type extends CollectionEventType, const Version extends number, S extends Schema<unknown>>(
  type: Type,
  version: Version,
  schema: S,
  publish: (data: DataOf<Type>) => Infer<S>,
): EventContract<Type, Version, Infer<S>> => ({ type, version, schema: schema as Schema<Infer<S>>, publish });

export const id = (description: string) => string({ minLength: 1, description });
export const minorUnits = (description: string) =>
  integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: `${description}, in minor units of \`currency\`` });
export const currency = string({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code' });
export const businessDate = (description: string) =>
  string({ format: 'date', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: `${description} (business date, YYYY-MM-DD)` });
export const invoiceIds = arrayOf(id('An invoice id'), { minItems: 1, description: 'The invoices it concerns' });
