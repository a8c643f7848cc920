/**
 * The serialisable state every case workflow keeps (ARCHITECTURE.md habit 3), as queries return it and the
 * projection stores it. Case-type specifics live in `details`.
 */
import type { CalendarSnapshot } from './calendar';
import type { Deadline } from './deadlines';
import type { CaseType, Department, Role, ServiceMethod } from './domain';
import type { TimeLimits } from './time-limits';

/**
 * Who acts, as the token claims say (API.md "Authentication"): officers and supervisors for their department, a
 * subject for itself, an agency for itself, or the system. The fields another role has are absent, so code may ask
 * `actor.department` of any actor and gets a department only from an officer or a supervisor.
 */
export type Actor =
  | { id: string; role: 'officer' | 'supervisor'; department: Department; subjectId?: undefined; agencyId?: undefined }
  | { id: string; role: 'subject'; subjectId: string; department?: undefined; agencyId?: undefined }
  | { id: string; role: 'agency'; agencyId: string; department?: undefined; subjectId?: undefined }
  | { id: string; role: 'system'; department?: undefined; subjectId?: undefined; agencyId?: undefined };

/** The actor of a role, e.g. `ActorOf<'subject'>` has its `subjectId`. */
export type ActorOf<R extends Actor['role']> = Actor extends infer A ? (A extends Actor ? (R extends A['role'] ? A & { role: R } : never) : never) : never;

export const SYSTEM: Actor = { id: 'system', role: 'system' };

export interface CaseEvent {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  details?: Record<string, unknown>;
}

export interface CaseDocument {
  id: string;
  kind: string;
  sha256: string;
  createdAt: string;
  servedAt?: string;
  serviceMethod?: ServiceMethod;
  /** When service took effect, where that is later than `servedAt` (service by public announcement). */
  serviceEffectiveAt?: string;
  acknowledgedAt?: string;
}

/** A file a party gave as evidence (a statement, an objection, a repair application): stored once, named by hash. */
export interface EvidenceRef {
  id: string;
  name: string;
  sha256: string;
  size: number;
}

/** What each role may do now; the API narrows it to the caller (own department, own subject). */
export type AllowedActions = Partial<Record<Role, string[]>>;

/**
 * Who may take each human step of a process. One table per process (shared/<process>.ts) is read by the route's
 * access, the workflow's validator and the allowed actions, so the three cannot disagree.
 */
export type StepRoles<Step extends string = string> = Readonly<Record<Step, readonly Role[]>>;

/** The steps open now, listed under each role the table lets take them. */
export function actionsOf<Step extends string>(table: StepRoles<Step>, open: readonly Step[]): AllowedActions {
  const actions: AllowedActions = { officer: [], supervisor: [], subject: [] };
  for (const step of new Set(open)) for (const role of table[step]) (actions[role] ??= []).push(step);
  return actions;
}

export interface CaseState<D = unknown> {
  id: string;
  type: CaseType;
  status: string;
  subjectId: string;
  department: string;
  handler?: string;
  recordId?: string;
  /** Refuses a second open case on the same matter (subject + basis, or record). */
  matterKey?: string;
  open: boolean;
  createdAt: string;
  timeLimitsVersion: number;
  limits: TimeLimits;
  calendar: CalendarSnapshot;
  deadlines: Deadline[];
  documents: CaseDocument[];
  events: CaseEvent[];
  allowedActions: AllowedActions;
  /** Increases with every change; the projection ignores a write older than what it holds. */
  revision: number;
  details: D;
}

/** The case as the API returns it (API.md "A case as returned"). */
export type CaseView = Omit<CaseState, 'calendar' | 'limits' | 'revision' | 'open' | 'matterKey'>;

/**
 * What the projection is written from: the case without the calendar and time limits it computes with. Sent with
 * every write, it goes into the workflow's history each time: the calendar alone is most of a case's history.
 */
export type CaseProjection = Omit<CaseState, 'calendar' | 'limits'>;

export function toProjection(state: CaseState): CaseProjection {
  const { calendar: _c, limits: _l, ...projection } = state;
  return projection;
}

export function toCaseView(state: CaseProjection): CaseView {
  const { calendar: _c, limits: _l, revision: _r, open: _o, matterKey: _m, ...view } = state as CaseState;
  return view;
}
