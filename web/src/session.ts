/**
 * The signed-in person: the bearer token and the claims it carries (API.md "Authentication"), kept in the tab's
 * sessionStorage under the key /docs reads too (api/docs.ts). The server verifies the token; the claims here only
 * choose which pages to show.
 */
import { useSyncExternalStore } from 'react';

export const SESSION_KEY = 'credit-cases.session';

export type Role = 'officer' | 'supervisor' | 'subject' | 'agency';

export interface Session {
  token: string;
  role: Role;
  sub: string;
  dept?: string;
  subjectId?: string;
  agencyId?: string;
  /** Seconds since the epoch, from the token. */
  exp?: number;
  via: 'local' | 'oidc' | 'token';
}

function claimsOf(token: string): Omit<Session, 'token' | 'via'> | undefined {
  try {
    const payload = token.split('.')[1];
    const json = decodeURIComponent(escape(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))));
    const c = JSON.parse(json);
    if (!['officer', 'supervisor', 'subject', 'agency'].includes(c.role)) return undefined;
    return { role: c.role, sub: c.sub, dept: c.dept, subjectId: c.subjectId, agencyId: c.agencyId, exp: c.exp };
  } catch {
    return undefined;
  }
}

let current: Session | undefined = read();
const listeners = new Set<() => void>();

function read(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Session | null;
    if (!s || (s.exp && s.exp * 1000 < Date.now())) return undefined;
    return s;
  } catch {
    return undefined;
  }
}

function publish(next: Session | undefined) {
  current = next;
  if (next) sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(SESSION_KEY);
  for (const l of listeners) l();
}

/** Signs in with a token; undefined when the token carries no role the pages know. */
export function signIn(token: string, via: Session['via']): Session | undefined {
  const claims = claimsOf(token);
  if (!claims) return undefined;
  const session = { ...claims, token, via };
  publish(session);
  return session;
}

export function signOut(): void {
  publish(undefined);
}

export function currentSession(): Session | undefined {
  return current;
}

export function useSession(): Session | undefined {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** Each role's main page. */
export const HOME: Record<Role, string> = {
  officer: '/officer',
  subject: '/subject',
  supervisor: '/supervisor',
  agency: '/agency',
};
