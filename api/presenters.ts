/**
 * How the API shows what the stores hold: one presenter per thing, each the shape API.md gives it. Routes present
 * through these and nothing else.
 */
import type { AgencyRow } from '../db/stores/agency-notices';
import type { AuthorisationRow } from '../db/stores/authorisations';
import type { CreditRecordRow } from '../db/stores/credit-records';
import type { provisionalDeadlines } from '../db/stores/deadlines';
import type { EntryRow } from '../db/stores/disclosure';
import type { IncidentRow } from '../db/stores/incidents';
import type { SubjectRow } from '../db/stores/subjects';
import type { SupervisionRow } from '../db/stores/supervision';
import { toShanghaiIso } from '../shared/calendar';
import type { Actor, CaseView } from '../shared/cases';
import { desensitiseText, maskIdentifier, maskName } from '../shared/desensitise';
import { MEASURES, type Measure, type Role } from '../shared/domain';
import { isPlatform } from './auth';

const iso = (at: Date | string) => new Date(at).toISOString();

/** The case with `allowedActions` narrowed to what this caller may do now. */
export function presentCase(view: CaseView | Record<string, unknown>, actor: Actor) {
  const v = view as CaseView;
  const mine = v.allowedActions?.[actor.role as Role] ?? [];
  return { ...v, allowedActions: mine };
}

/** A revocation case: `confirm` is offered only to the platform's (credit-comprehensive) officers and supervisors. */
export function presentRevocation(view: CaseView | Record<string, unknown>, actor: Actor) {
  const presented = presentCase(view, actor);
  return isPlatform(actor) ? presented : { ...presented, allowedActions: [] };
}

export function presentSubject(s: SubjectRow, persons: Array<{ personId: string; role: string }>) {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    identifier: { type: s.identifier_type, value: s.identifier_value, documentType: s.document_type ?? undefined },
    birthDate: s.birth_date ?? undefined,
    electronicServiceConsent: s.electronic_service_consent ?? undefined,
    responsiblePersons: persons.map((p) => ({ role: p.role, subjectId: p.personId })),
    createdAt: iso(s.created_at),
  };
}

/** How the public sees a subject: organisations by name and code, natural persons masked (JS Art 40). */
export function publicSubject(s: Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'>) {
  const person = s.kind === 'natural_person';
  return { kind: s.kind, name: person ? maskName(s.name) : s.name, identifier: person ? maskIdentifier(s.identifier_value) : s.identifier_value };
}

/** A record as the API shows it. Sensitive content (JS Art 62) only to the subject itself. */
export function presentRecord(r: CreditRecordRow, opts: { showSensitive: boolean }) {
  return {
    id: r.id,
    subjectId: r.subject_id,
    category: r.category,
    severity: r.severity ?? undefined,
    catalogueItem: r.catalogue_item,
    department: r.department,
    basis: { kind: r.basis_kind, number: r.basis_number, effectiveOn: r.basis_effective_on, issuer: r.basis_issuer },
    content: r.sensitive && !opts.showSensitive ? undefined : r.content,
    sensitive: r.sensitive,
    legalBasis: r.legal_basis ?? undefined,
    publicityStart: r.publicity_start ?? undefined,
    minimumPublicityEnd: r.minimum_publicity_end ?? undefined,
    publicityEnd: r.publicity_end ?? undefined,
    retentionEnd: r.retention_end ?? undefined,
    state: r.state,
    sourceCaseId: r.source_case_id ?? undefined,
    marksRecordId: r.marks_record_id ?? undefined,
    createdAt: iso(r.created_at),
  };
}

/** A publicised record as anyone may see it: no internal links, free text desensitised (JS Art 40). */
export function presentPublicRecord(r: CreditRecordRow, personNames: string[]) {
  const { subjectId: _s, marksRecordId: _m, sourceCaseId: _c, legalBasis: _l, content, ...shown } = presentRecord(r, { showSensitive: false });
  return { ...shown, content: content === undefined ? undefined : desensitiseText(content, personNames) };
}

interface RecordChangeRow {
  change: string;
  before: unknown;
  after: unknown;
  reason: string | null;
  actor: string;
  case_id: string | null;
  at: Date | string;
}

/** One change of a record; the record's own page names the case that made it, the subject's file does not. */
export function presentRecordChange(h: RecordChangeRow, opts: { withCase: boolean }) {
  return opts.withCase
    ? { change: h.change, before: h.before, after: h.after, reason: h.reason, actor: h.actor, caseId: h.case_id ?? undefined, at: iso(h.at) }
    : { change: h.change, before: h.before, after: h.after, reason: h.reason, actor: h.actor, at: iso(h.at) };
}

/** A list entry in a list check's answer: its measures by code (the answer says once what each means). */
export function presentCheckedEntry(e: Pick<EntryRow, 'field' | 'included_on' | 'removal_due_on' | 'measures' | 'department'>) {
  return { field: e.field, includedOn: e.included_on, removalDueOn: e.removal_due_on, department: e.department, measures: e.measures as Measure[] };
}

/** A list entry as the public list and the subject's file show it: each measure with its meaning. */
export function presentEntry(e: Parameters<typeof presentCheckedEntry>[0]) {
  const entry = presentCheckedEntry(e);
  return { ...entry, measures: entry.measures.map((code) => ({ code, label: MEASURES[code] })) };
}

/** A list entry in the subject's file: also when and why it was removed, and its case. */
export function presentFileEntry(e: Parameters<typeof presentEntry>[0] & { removed_on: string | null; removal_reason: string | null; case_id: string }) {
  return { ...presentEntry(e), removedOn: e.removed_on ?? undefined, removalReason: e.removal_reason ?? undefined, caseId: e.case_id };
}

/** A read of the subject's file, as the subject sees it (JS Art 39). */
export function presentInquiry(i: { at: Date | string; actor: string; role: string; department: string | null; purpose: string; what: string }) {
  return { at: iso(i.at), actor: i.actor, role: i.role, department: i.department ?? undefined, purpose: i.purpose, what: i.what };
}

export function presentAgency(a: AgencyRow) {
  return { id: a.id, name: a.name, uscc: a.uscc, createdAt: iso(a.created_at) };
}

export function authorisationStatus(a: AuthorisationRow, nowMs = Date.now()): 'active' | 'revoked' | 'expired' {
  if (a.revoked_at) return 'revoked';
  return new Date(a.until).getTime() > nowMs ? 'active' : 'expired';
}

export function presentAuthorisation(a: AuthorisationRow) {
  return {
    id: a.id,
    subjectId: a.subject_id,
    grantee: a.grantee_type === 'agency' ? { type: 'agency' as const, id: a.grantee_id } : { type: 'person' as const, subjectId: a.grantee_id },
    scope: { records: a.records, consentOnly: a.consent_only },
    until: iso(a.until),
    status: authorisationStatus(a),
    createdAt: iso(a.created_at),
    revokedAt: a.revoked_at ? iso(a.revoked_at) : undefined,
  };
}

export function presentAuditEvent(e: {
  id: number; at: Date | string; actor: string; role: string; action: string; case_id: string | null; record_id: string | null; subject_id: string | null; before: unknown; after: unknown;
}) {
  return { id: e.id, at: iso(e.at), actor: e.actor, role: e.role, action: e.action, caseId: e.case_id ?? undefined, recordId: e.record_id ?? undefined, subjectId: e.subject_id ?? undefined, before: e.before ?? undefined, after: e.after ?? undefined };
}

// ---- supervision ----

const CASE_PATHS: Record<string, string> = {
  inclusion: 'inclusion-cases',
  objection: 'objections',
  revocation: 'revocations',
  repair: 'repairs',
};
/** Where a case of this type is read; none for what is not a case (an agency's notice). */
const caseLink = (type: string, id: string) => (CASE_PATHS[type] ? `/api/v1/${CASE_PATHS[type]}/${id}` : undefined);

/** ISO 8601 duration past the due instant, e.g. `P2DT3H15M` (for items the workflow found overdue). */
function overdueBy(dueAt: Date, now: number): string {
  const minutes = Math.max(0, Math.floor((now - dueAt.getTime()) / 60_000));
  return `P${Math.floor(minutes / 1440)}DT${Math.floor((minutes % 1440) / 60)}H${minutes % 60}M`;
}

/** A deadline near or past its due instant, with the escalations raised. */
export function presentAttentionItem(r: SupervisionRow, now: number) {
  return {
    caseId: r.case_id,
    type: r.type,
    department: r.department,
    handler: r.handler ?? undefined,
    deadline: { id: r.deadline_id, kind: r.kind, state: r.state },
    dueAt: toShanghaiIso(r.due_at),
    overdueBy: r.state === 'overdue' ? overdueBy(new Date(r.due_at), now) : undefined,
    // PostgreSQL's JSON writes its instants in UTC to the microsecond; the answer's are Asia/Shanghai, like dueAt.
    escalations: r.escalations.map((e) => ({
      raisedAt: toShanghaiIso(e.raisedAt),
      resolvedAt: e.resolvedAt === null ? null : toShanghaiIso(e.resolvedAt),
    })),
    link: caseLink(r.type, r.case_id),
  };
}

/** A case whose work is failing, with the error and since when. */
export function presentIncident(r: IncidentRow) {
  const type = r.case_type ?? r.case_id.split('-')[0];
  return {
    caseId: r.case_id,
    type,
    department: r.department ?? undefined,
    kind: r.kind,
    retrying: r.kind === 'failing',
    activity: r.activity || undefined,
    error: r.error,
    code: r.code ?? undefined,
    attempts: r.attempts,
    since: toShanghaiIso(r.first_failed_at),
    lastFailedAt: toShanghaiIso(r.last_failed_at),
    link: caseLink(type, r.case_id),
  };
}

/** A running deadline that counts over a provisional year. */
export function presentProvisionalDeadline(r: Awaited<ReturnType<typeof provisionalDeadlines>>[number]) {
  return {
    caseId: r.case_id,
    type: r.case_type,
    department: r.department,
    handler: r.handler ?? undefined,
    deadline: { id: r.deadline_id, kind: r.kind, state: r.state, dueDate: r.computation.dueDate, provisional: r.computation.provisional },
    dueAt: toShanghaiIso(r.due_at),
    link: caseLink(r.case_type, r.case_id),
  };
}
