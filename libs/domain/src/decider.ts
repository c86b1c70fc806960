import { decide } from './decide';
import { evolve, initialState } from './state';

/** The collection account as an Emmett-style decider: one value that holds its three parts. */
export const collectionAccount = { decide, evolve, initialState } as const;
