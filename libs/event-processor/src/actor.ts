export const ROLES = ['admin', 'manager', 'collector', 'auditor', 'analyst', 'integration', 'monitoring'] as const;
export type Role = (typeof ROLES)[number];

/** Who did it: recorded in the metadata of every event the actor's command appends. */
export interface Actor {
  id: string;
  role: Role;
}
