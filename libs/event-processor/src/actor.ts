/**
 * Who can act. `customer` is the customer itself, through the link in its letters: it holds no
 * API key (API_KEYS refuses the role) and no staff permission, and is recorded as the actor of
 * what it does on its page.
 */
export const ROLES = ['admin', 'manager', 'collector', 'auditor', 'analyst', 'integration', 'monitoring', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** The roles an API key can have: every role but `customer`. */
export const KEY_ROLES = ROLES.filter((role): role is Exclude<Role, 'customer'> => role !== 'customer');

/** Who did it: recorded in the metadata of every event the actor's command appends. */
export interface Actor {
  id: string;
  role: Role;
}
