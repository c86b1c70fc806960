import { CollectionsClient, components, createCollectionsClient } from '@collections/api-client';
import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

export type Identity = components['schemas']['Identity'];
export type Permission = Identity['permissions']['commands'][number];

/** Who is signed in, and the client that calls the api as them. */
export interface Session {
  identity: Identity;
  client: CollectionsClient;
  /** Whether the person's role may issue this command or read this way. */
  may(permission: Permission): boolean;
}

interface SessionState {
  session: Session | undefined;
  /** True while a key kept from earlier in this browser session is being checked. */
  restoring: boolean;
  signIn(apiKey: string): Promise<SignInFailure | undefined>;
  signOut(): void;
}

/** Why a key was not accepted, in words for the person typing it. */
export type SignInFailure = string;

/** The key lives as long as the browser tab's session: closing the tab forgets it. */
const STORAGE_KEY = 'collections.apiKey';

const SessionContext = createContext<SessionState | undefined>(undefined);

async function open(apiKey: string): Promise<Session | SignInFailure> {
  const client = createCollectionsClient({ baseUrl: window.location.origin, apiKey });
  try {
    const { data, error, response } = await client.GET('/me');
    if (data) {
      const allowed = new Set<Permission>([...data.permissions.commands, ...data.permissions.reads]);
      return { identity: data, client, may: (permission) => allowed.has(permission) };
    }
    if (response.status === 401) return 'This API key is not valid.';
    return error?.detail ?? `The service answered ${response.status}.`;
  } catch {
    return 'The service cannot be reached.';
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session>();
  const [restoring, setRestoring] = useState(() => sessionStorage.getItem(STORAGE_KEY) !== null);

  useEffect(() => {
    const kept = sessionStorage.getItem(STORAGE_KEY);
    if (kept === null) return;
    void open(kept).then((opened) => {
      if (typeof opened === 'string') sessionStorage.removeItem(STORAGE_KEY);
      else setSession(opened);
      setRestoring(false);
    });
  }, []);

  const signIn = useCallback(async (apiKey: string) => {
    const opened = await open(apiKey.trim());
    if (typeof opened === 'string') return opened;
    sessionStorage.setItem(STORAGE_KEY, apiKey.trim());
    setSession(opened);
    return undefined;
  }, []);

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(undefined);
  }, []);

  const value = useMemo(() => ({ session, restoring, signIn, signOut }), [session, restoring, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}
