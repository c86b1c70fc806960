import { ROLES } from '@collections/accounts';

/** At most `max` requests per `windowMs` for one API key. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Per role: its keys' limit, or `null` for a role whose keys are not limited. */
export type RateLimits = Readonly<Record<string, RateLimit | null>>;

const MINUTE = 60_000;

/**
 * The limits when RATE_LIMITS does not name a role. People at the console (collectors, managers,
 * auditors, analysts) stay far below 10 requests a second; integrations and admins post batches;
 * `monitoring` (metrics scrapers) asks a few times a minute.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  collector: { max: 600, windowMs: MINUTE },
  manager: { max: 600, windowMs: MINUTE },
  auditor: { max: 600, windowMs: MINUTE },
  analyst: { max: 600, windowMs: MINUTE },
  integration: { max: 6000, windowMs: MINUTE },
  admin: { max: 6000, windowMs: MINUTE },
  monitoring: { max: 120, windowMs: MINUTE },
  // Per link: a customer at its page clicks a few times a minute; more is someone guessing.
  customer: { max: 30, windowMs: MINUTE },
};

/** A role named nowhere (a role added later) gets a person's limit. */
export const FALLBACK_RATE_LIMIT: RateLimit = { max: 600, windowMs: MINUTE };

const WINDOWS: Record<string, number> = {
  s: 1000,
  sec: 1000,
  second: 1000,
  min: MINUTE,
  minute: MINUTE,
  h: 60 * MINUTE,
  hour: 60 * MINUTE,
};
const ENTRY = /^([a-z]+)=(?:(\d{1,9})\/([a-z]+)|(off))$/;

/**
 * Parses RATE_LIMITS, `role=N/unit` entries (unit s, min or h) or `role=off`, separated by commas,
 * over the defaults: `collector=120/min,integration=off`. Throws naming the first bad entry.
 */
export function parseRateLimits(value: string | undefined): RateLimits {
  const limits: Record<string, RateLimit | null> = { ...DEFAULT_RATE_LIMITS };
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const match = ENTRY.exec(entry);
    const windowMs = match?.[3] === undefined ? undefined : WINDOWS[match[3]];
    if (!match || (match[4] === undefined && (windowMs === undefined || Number(match[2]) < 1))) {
      throw new Error(`RATE_LIMITS entry "${entry}" must be role=N/s, role=N/min, role=N/h (N ≥ 1) or role=off`);
    }
    const role = match[1];
    if (!(ROLES as readonly string[]).includes(role))
      throw new Error(`RATE_LIMITS entry "${entry}": "${role}" is not one of ${ROLES.join(', ')}`);
    limits[role] = match[4] === 'off' ? null : { max: Number(match[2]), windowMs: windowMs as number };
  }
  return limits;
}

/** The limit of a role's keys (`null`: not limited). */
export const rateLimitOf = (limits: RateLimits, role: string): RateLimit | null => (role in limits ? limits[role] : FALLBACK_RATE_LIMIT);
