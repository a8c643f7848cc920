/**
 * What each role may do at each stage of each process (shared/<process>.ts): pure functions of the case state, the
 * same the workflows commit and the API narrows to the caller. No servers needed.
 */
import type { CaseState } from '../shared/cases';
import { openDeadline, extend, suspend, type Deadline } from '../shared/deadlines';
import { DEFAULT_TIME_LIMITS } from '../shared/time-limits';
import { ROUTES } from '../api/app';
import { INCLUSION_STEPS, inclusionAllowedActions, type InclusionState, STATEMENT_WINDOW } from '../shared/inclusion';
import { ACCEPTANCE, OBJECTION_STEPS, VERIFICATION, objectionAllowedActions, type ObjectionState } from '../shared/objection';
import { REPAIR_DECISION, REPAIR_STEPS, repairAllowedActions, type RepairState } from '../shared/repair';
import { REVOCATION_STEPS, revocationAllowedActions, type RevocationState } from '../shared/revocation';

const CALENDAR = { version: 1, overrides: {} };
const MONDAY = Date.parse('2026-11-02T10:00:00+08:00');
const deadline = (id: string, over: Partial<Deadline> = {}): Deadline => ({
  ...openDeadline({ id, kind: id, startsFrom: { event: 'e', at: MONDAY }, rule: 'r', timeLimitsVersion: 1, workingDays: 5, escalates: false, reminderPercent: 80 }, CALENDAR),
  ...over,
});

function state<S extends CaseState<any>>(status: string, details: unknown, deadlines: Deadline[] = [], over: Partial<CaseState> = {}): S {
  return {
    id: 'x', type: 'inclusion', status, subjectId: 's', department: 'market-regulation', open: true, createdAt: '', timeLimitsVersion: 1,
    limits: DEFAULT_TIME_LIMITS, calendar: CALENDAR, deadlines, documents: [], events: [], allowedActions: {}, revision: 1, details, ...over,
  } as unknown as S;
}

describe('inclusion', () => {
  const details = (over = {}) => ({ input: {}, statements: [], ...over });
  const window = deadline(STATEMENT_WINDOW); // ends 24:00 on Monday 9 November
  const during = MONDAY + 86_400_000;
  const after = Date.parse(window.dueAt) + 1;
  const actions = (s: InclusionState, now = during) => inclusionAllowedActions(s, now);

  test('awaiting approval: the supervisor approves, the officer may withdraw', () => {
    expect(actions(state('awaiting_approval', details()))).toEqual({ officer: ['withdraw'], supervisor: ['approve', 'withdraw'], subject: [] });
  });
  test('notice issued: service or acknowledgement, or withdrawal', () => {
    expect(actions(state('notice_issued', details()))).toEqual({ officer: ['record_service', 'withdraw'], supervisor: ['record_service', 'withdraw'], subject: ['acknowledge'] });
  });
  test('window open: the subject states or waives; no decision yet', () => {
    expect(actions(state('objection_window', details(), [window]))).toEqual({ officer: ['withdraw'], supervisor: ['withdraw'], subject: ['submit_statement', 'waive'] });
  });
  test('window open with a statement unanswered: feedback; its document served once issued', () => {
    const s = state<InclusionState>('objection_window', details({ statements: [{ id: 'statement-1', submittedAt: '', text: 't', evidence: [] }] }), [window]);
    expect(actions(s).officer).toEqual(['feedback', 'withdraw']);
    s.documents.push({ id: 'f', kind: 'statement_feedback', sha256: '', createdAt: '' });
    expect(actions(s).officer).toEqual(['feedback', 'record_service', 'withdraw']);
  });
  test('window closed, every statement answered: decide; a waiver closes it at once', () => {
    expect(actions(state('awaiting_decision', details(), [window]), after).officer).toEqual(['decide', 'withdraw']);
    expect(actions(state('objection_window', details({ waivedAt: 'x' }), [window])).subject).toEqual([]);
    expect(actions(state('objection_window', details({ waivedAt: 'x' }), [window])).officer).toEqual(['decide', 'withdraw']);
  });
  test('a basis withdrawn before the decision: the officer may decide (not to include) at once', () => {
    expect(actions(state('objection_window', details({ basisWithdrawn: { reason: 'basis_revoked', by: 'o', at: '' } }), [window])).officer).toEqual(['decide', 'withdraw']);
  });
  test('decision issued: service or acknowledgement only; listed and after: nothing', () => {
    expect(actions(state('decision_issued', details()))).toEqual({ officer: ['record_service'], supervisor: ['record_service'], subject: ['acknowledge'] });
    for (const status of ['listed', 'removed', 'not_included', 'withdrawn']) expect(actions(state(status, details()))).toEqual({ officer: [], supervisor: [], subject: [] });
  });
});

describe('objection', () => {
  const acceptance = deadline(ACCEPTANCE, { escalates: true });
  const verification = deadline(VERIFICATION, { escalates: true });
  test('awaiting acceptance: accept, or suspend; nothing for the subject', () => {
    expect(objectionAllowedActions(state<ObjectionState>('awaiting_acceptance', {}, [acceptance]))).toEqual({ officer: ['accept', 'suspend'], supervisor: ['accept', 'suspend'], subject: [] });
  });
  test('verifying: the result, suspension, and once the supervisor’s extension', () => {
    expect(objectionAllowedActions(state<ObjectionState>('verifying', {}, [acceptance, verification]))).toEqual({ officer: ['result', 'suspend'], supervisor: ['result', 'suspend', 'extend'], subject: [] });
    const extended = extend(verification, { workingDays: 2, reason: 'r', by: 's' }, CALENDAR, MONDAY);
    expect(objectionAllowedActions(state<ObjectionState>('verifying', {}, [acceptance, extended])).supervisor).toEqual(['result', 'suspend']);
    const suspended = suspend(verification, 'r', MONDAY);
    expect(objectionAllowedActions(state<ObjectionState>('verifying', {}, [acceptance, suspended])).officer).toEqual(['result', 'resume']);
  });
  test('closed: nothing', () => {
    expect(objectionAllowedActions(state<ObjectionState>('upheld', {}, [acceptance, verification], { open: false }))).toEqual({ officer: [], supervisor: [], subject: [] });
  });
});

describe('repair and revocation', () => {
  test('repair: decide while awaiting it; the supervisor extends once', () => {
    const pending = deadline(REPAIR_DECISION, { escalates: true });
    expect(repairAllowedActions(state<RepairState>('awaiting_decision', {}, [pending]))).toEqual({ officer: ['decide'], supervisor: ['decide', 'extend'], subject: [] });
    const extended = extend(pending, { workingDays: 2, reason: 'r', by: 's' }, CALENDAR, MONDAY);
    expect(repairAllowedActions(state<RepairState>('awaiting_decision', {}, [extended])).supervisor).toEqual(['decide']);
    expect(repairAllowedActions(state<RepairState>('granted', {}, [pending], { open: false }))).toEqual({ officer: [], supervisor: [], subject: [] });
  });
  test('revocation: confirm while open (credit-comprehensive, as the API narrows it)', () => {
    expect(revocationAllowedActions(state<RevocationState>('awaiting_platform_change', {}))).toEqual({ officer: ['confirm'], supervisor: ['confirm'], subject: [] });
    expect(revocationAllowedActions(state<RevocationState>('applied', {}, [], { open: false }))).toEqual({ officer: [], supervisor: [], subject: [] });
  });
});

describe('who may take a step: one table per process', () => {
  const routes = new Map(ROUTES.map((r) => [`${r.method} ${r.path}`, r.access]));
  const steps: Array<[string, readonly string[]]> = [
    ['post /api/v1/inclusion-cases/{id}/approval', INCLUSION_STEPS.approve],
    ['post /api/v1/inclusion-cases/{id}/service', INCLUSION_STEPS.record_service],
    ['post /api/v1/inclusion-cases/{id}/acknowledgement', INCLUSION_STEPS.acknowledge],
    ['post /api/v1/inclusion-cases/{id}/statements', INCLUSION_STEPS.submit_statement],
    ['post /api/v1/inclusion-cases/{id}/waiver', INCLUSION_STEPS.waive],
    ['post /api/v1/inclusion-cases/{id}/feedback', INCLUSION_STEPS.feedback],
    ['post /api/v1/inclusion-cases/{id}/decision', INCLUSION_STEPS.decide],
    ['post /api/v1/inclusion-cases/{id}/withdrawal', INCLUSION_STEPS.withdraw],
    ['post /api/v1/objections/{id}/acceptance', OBJECTION_STEPS.accept],
    ['post /api/v1/objections/{id}/extension', OBJECTION_STEPS.extend],
    ['post /api/v1/objections/{id}/suspension', OBJECTION_STEPS.suspend],
    ['post /api/v1/objections/{id}/resumption', OBJECTION_STEPS.resume],
    ['post /api/v1/objections/{id}/result', OBJECTION_STEPS.result],
    ['post /api/v1/repairs/{id}/decision', REPAIR_STEPS.decide],
    ['post /api/v1/repairs/{id}/extension', REPAIR_STEPS.extend],
    ['post /api/v1/revocations/{id}/confirmation', REVOCATION_STEPS.confirm],
  ];
  test.each(steps)('%s admits exactly the roles of its step', (route, roles) => {
    expect(routes.get(route)).toBe(roles);
  });
  test('the allowed actions list a step only under a role that may take it', () => {
    const window = deadline(STATEMENT_WINDOW);
    const seen = [
      inclusionAllowedActions(state('awaiting_approval', { input: {}, statements: [] }), MONDAY),
      inclusionAllowedActions(state('objection_window', { input: {}, statements: [] }, [window]), MONDAY + 86_400_000),
      objectionAllowedActions(state('verifying', {}, [deadline(VERIFICATION)])),
      repairAllowedActions(state('awaiting_decision', {}, [deadline(REPAIR_DECISION)])),
    ];
    const table = [INCLUSION_STEPS, INCLUSION_STEPS, OBJECTION_STEPS, REPAIR_STEPS] as Array<Record<string, readonly string[]>>;
    seen.forEach((actions, i) => {
      for (const [role, names] of Object.entries(actions)) for (const name of names ?? []) expect(table[i][name]).toContain(role);
    });
  });
});
