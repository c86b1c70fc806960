import { decide } from './decide';
import { initialState } from './account-state';
import { evolve } from './evolve';

/** The collection account as an Emmett-style decider: one value that holds its three parts. */
export const collectionAccount = { decide, evolve, initialState } as const;
