import { COLLECTION_EVENT_TYPES, CollectionEventType } from './events';

/**
 * Stored event shapes and their versions. The events of a stream are kept forever, but the
 * shape of an event type's data may change between releases: each event records in its
 * metadata the `schemaVersion` of its type's shape it was written with, and upcasters turn an
 * older stored shape into the current one when the event is read (in `toCollectionEvent`, the
 * one way a stored event becomes a domain event). History written by an earlier release still
 * replays; nothing stored is ever rewritten.
 *
 * Every event type starts at version 1. To change an event's shape: change its type in its
 * step, raise its version in CHANGED_SHAPES, and add the upcaster from the previous version.
 */
const CHANGED_SHAPES: { readonly [Type in CollectionEventType]?: number } = {
  // v2: one optional `guarantor` became a list of `guarantors` (a plan may have several).
  PaymentPlanAgreed: 2,
};

/** The current version of every event type's data shape. */
export const CURRENT_SCHEMA_VERSIONS: Readonly<Record<CollectionEventType, number>> = Object.fromEntries(
  COLLECTION_EVENT_TYPES.map((type) => [type, CHANGED_SHAPES[type] ?? 1]),
) as Record<CollectionEventType, number>;

/** The schema version a writer records in the metadata of a new event of this type. */
export const schemaVersionOf = (type: CollectionEventType): number => CURRENT_SCHEMA_VERSIONS[type];

/** Stored data of some version, as read from the store (JSON). */
export type StoredData = { readonly [field: string]: unknown };

/** Turns the data of version `n` into the data of version `n + 1`; pure, never reads anything else. */
export type Upcaster = (data: StoredData) => StoredData;

/** UPCASTERS[type][n] upcasts version n to n + 1; every version below the current one has one. */
export const UPCASTERS: { readonly [Type in CollectionEventType]?: Readonly<Record<number, Upcaster>> } = {
  PaymentPlanAgreed: {
    1: ({ guarantor, ...rest }) => ({ ...rest, guarantors: typeof guarantor === 'string' ? [guarantor] : [] }),
  },
};

/** A stored event written by a newer release than this one: folding it as an older shape would be wrong. */
export class UnknownSchemaVersionError extends Error {
  constructor(
    readonly type: CollectionEventType,
    readonly version: unknown,
  ) {
    super(
      `A ${type} event is stored with schema version ${String(version)}; this release reads versions 1 to ` +
        `${CURRENT_SCHEMA_VERSIONS[type]} (was it written by a newer release?)`,
    );
    this.name = 'UnknownSchemaVersionError';
  }
}

/**
 * The data in the current shape of its type. `storedVersion` is the metadata's
 * `schemaVersion`; events stored before that field existed are version 1.
 */
export function upcast(type: CollectionEventType, data: StoredData, storedVersion: unknown): StoredData {
  const version = storedVersion === undefined ? 1 : storedVersion;
  const current = CURRENT_SCHEMA_VERSIONS[type];
  if (version === current) return data;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > current) {
    throw new UnknownSchemaVersionError(type, version);
  }
  let upcasted = data;
  for (let from = version; from < current; from++) {
    const upcaster = UPCASTERS[type]?.[from];
    // The registry test keeps this from happening; a gap must not fold a shape silently.
    if (!upcaster) throw new Error(`No upcaster for ${type} from schema version ${from} to ${from + 1}`);
    upcasted = upcaster(upcasted);
  }
  return upcasted;
}
