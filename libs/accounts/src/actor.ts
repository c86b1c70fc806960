import { Actor } from '@collections/event-processor';

export { KEY_ROLES, ROLES, Role, Actor } from '@collections/event-processor';

/**
 * The policy engine acts as a manager (it marks invoices overdue, sends reminders, places credit
 * holds, proposes escalations), under its own id so the audit trail tells it from people; the
 * importer does the same as an integration.
 */
export const POLICY_ENGINE_ACTOR: Actor = { id: 'policy-engine', role: 'manager' };
