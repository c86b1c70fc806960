import type { components } from '@collections/api-client';

type AccountState = components['schemas']['AccountStateView'];

/** The actions the signed-in role may take on this account, as forms (issue 14: being built). */
export function CustomerActions(_props: { customerId: string; state: AccountState; onRecorded(): void }) {
  return null;
}
