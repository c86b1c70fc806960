export const ROLES = ['admin', 'manager', 'collector', 'auditor', 'analyst', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Who did it: recorded in the metadata of every event the actor's command appends. */
export interface Actor {
  id: string;
  role: Role;
}

/**
 * The policy engine acts as a manager (it marks invoices overdue, sends reminders, places credit
 * holds, proposes escalations), under its own id so the audit trail tells it from people; the
 * importer does the same as an integration.
 */
export const POLICY_ENGINE_ACTOR: Actor = { id: 'policy-engine', role: 'manager' };
