import { Actor, KEY_ROLES, Role } from '@collections/accounts';

export interface ApiKey {
  key: string;
  actor: Actor;
}

const ACTOR_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
export const MIN_KEY_LENGTH = 16;

/** Parses `key:actorId:role` entries separated by commas (the API_KEYS variable). */
export function parseApiKeys(value: string): ApiKey[] {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) throw new Error('API_KEYS is set but holds no key:actorId:role entry');
  const seen = new Set<string>();
  return entries.map((entry, index) => {
    const parts = entry.split(':');
    const where = `API_KEYS entry ${index + 1}`;
    if (parts.length !== 3) throw new Error(`${where} must be key:actorId:role`);
    const [key, id, role] = parts;
    if (key.length < MIN_KEY_LENGTH) throw new Error(`${where}: the key must be at least ${MIN_KEY_LENGTH} characters`);
    if (!ACTOR_ID.test(id)) throw new Error(`${where}: "${id}" is not a valid actor id`);
    if (!(KEY_ROLES as readonly string[]).includes(role)) {
      // Customers act through their letters' links, never with a key.
      throw new Error(`${where}: role "${role}" is not one of ${KEY_ROLES.join(', ')}`);
    }
    if (seen.has(key)) throw new Error(`${where}: the same key is listed twice`);
    seen.add(key);
    return { key, actor: { id, role: role as Role } };
  });
}
