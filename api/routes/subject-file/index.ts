/**
 * What a subject may do about its file (JS Art 39, 62(3), 63; DOMAIN.md §5): read all of it, as JSON or as a credit
 * report PDF whose verification code anyone can check; authorise an agency or a person to read it within a scope
 * and for a time, and revoke that; the grantee reads exactly that scope while it lasts, each read an inquiry.
 */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../../db';
import { authorisationInForce, authorisationsOf, type AuthorisationRow } from '../../../db/stores/authorisations';
import { caseViewsOf } from '../../../db/stores/cases';
import { findCreditReport, insertCreditReport } from '../../../db/stores/credit-reports';
import { recordHistoryOfSubject, recordsOfSubject } from '../../../db/stores/credit-records';
import { inquiriesInto, logInquiry } from '../../../db/stores/inquiries';
import { listEntriesOf } from '../../../db/stores/list-entries';
import { findSubject, responsiblePersons, type SubjectRow } from '../../../db/stores/subjects';
import { renderPdf, sha256 } from '../../../documents';
import { composeCreditReport } from '../../../documents/credit-report';
import type { Actor, ActorOf } from '../../../shared/cases';
import type { RecordCategory } from '../../../shared/domain';
import { forbidden, notFound } from '../../errors';
import { route } from '../../http';
import {
  presentAuthorisation,
  presentCase,
  presentFileEntry,
  presentInquiry,
  presentRecord,
  presentRecordChange,
  presentSubject,
  publicSubject,
} from '../../presenters';
import { IdParams } from '../../schemas';
import { Authorise, FileQuery, VerificationParams } from './schema';

/** What of the file a reader sees: its own file all of it; a grantee its authorisation's scope. */
interface FileScope {
  own: boolean;
  records: 'all' | RecordCategory[];
  consentOnly: boolean;
}
const OWN: FileScope = { own: true, records: 'all', consentOnly: true };

const inScope = (scope: FileScope, category: RecordCategory) => scope.records === 'all' || scope.records.includes(category);

/** The subject's file as `scope` shows it: records with their history, and list entries. */
async function fileWithin(db: Db, subject: SubjectRow, scope: FileScope) {
  const [records, history, entries] = await Promise.all([
    // Others do not see what is deleted or past its retention (JS Art 41).
    recordsOfSubject(db, subject.id, { withEnded: scope.own, categories: scope.records }),
    recordHistoryOfSubject(db, subject.id),
    inScope(scope, 'dishonest') ? listEntriesOf(db, subject.id) : Promise.resolve([]),
  ]);
  return {
    subject: presentSubject(subject, await responsiblePersons(db, subject.id)),
    records: records.map((r) => ({
      ...presentRecord(r, { showSensitive: scope.own || scope.consentOnly }),
      history: history.filter((h) => h.record_id === r.id).map((h) => presentRecordChange(h, { withCase: false })),
    })),
    listEntries: entries.map(presentFileEntry),
  };
}

/** The subject's own file: all of it, with its cases, the inquiries into it and its authorisations. */
async function ownFile(db: Db, subject: SubjectRow, actor: Actor) {
  const [file, cases, inquiries, authorisations] = await Promise.all([
    fileWithin(db, subject, OWN),
    caseViewsOf(db, subject.id),
    inquiriesInto(db, subject.id),
    authorisationsOf(db, subject.id),
  ]);
  return {
    ...file,
    cases: cases.map((view) => presentCase(view, actor)),
    inquiries: inquiries.map(presentInquiry),
    authorisations: authorisations.map(presentAuthorisation),
  };
}

/** 16 characters of a 32-letter alphabet without 0, 1, I, O (80 random bits), in groups of four. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
function verificationCode(): string {
  const chars = [...randomBytes(16)].map((b) => CODE_ALPHABET[b % 32]).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** Who the caller is as a grantee: a registered agency, or a person (a subject's token). */
function granteeOf(actor: ActorOf<'agency' | 'subject'>): { type: 'agency' | 'person'; id: string } {
  if (actor.role === 'agency') return { type: 'agency', id: actor.agencyId };
  return { type: 'person', id: actor.subjectId };
}

export const subjectFileRoutes = [
  route({
    method: 'get',
    path: '/api/v1/me/report',
    tag: 'subjects',
    summary: "The subject's whole file: records with sources, every change and why, list entries, cases, every inquiry into it and its authorisations; with Accept: application/pdf the credit report, with a verification code",
    access: ['subject'],
    produces: ['application/json', 'application/pdf'],
    responses: { 200: 'the report (JSON) or the credit report (PDF)', 401: 'no token', 403: 'not a subject', 404: 'unknown subject' },
    async handle({ actor, deps, ctx }) {
      const subject = await findSubject(deps.db, actor.subjectId);
      if (!subject) throw notFound('subject');
      const file = await ownFile(deps.db, subject, actor);
      if (ctx.accepts('application/json', 'application/pdf') !== 'application/pdf') return { body: file };

      const code = verificationCode();
      const issuedAt = new Date().toISOString();
      const pdf = await renderPdf(composeCreditReport({
        code,
        issuedAt,
        subject: { kind: subject.kind, name: subject.name, identifierType: subject.identifier_type, identifier: subject.identifier_value },
        records: file.records.map((r) => ({ ...r, content: r.content ?? '' })),
        listEntries: file.listEntries,
        cases: file.cases as Array<{ id: string; type: string; status: string; department: string; createdAt?: string }>,
        inquiries: file.inquiries,
        authorisations: file.authorisations,
      }));
      const hash = sha256(pdf);
      await insertCreditReport(deps.db, { code, subjectId: subject.id, issuedAt, sha256: hash, size: pdf.length });
      return { body: pdf, type: 'application/pdf', headers: { ETag: `"${hash}"`, 'Content-Disposition': `inline; filename="credit-report-${code}.pdf"` } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/public/report-verification/{code}',
    tag: 'public',
    summary: 'Whether a credit report with this verification code was issued: when, for which subject (desensitised), and its SHA-256',
    access: 'public',
    params: VerificationParams,
    responses: { 200: 'the report was issued', 400: 'not a verification code', 404: 'no report with this code', 429: 'rate limited' },
    async handle({ params, deps }) {
      const report = await findCreditReport(deps.db, params.code);
      if (!report) throw notFound('credit report');
      return { body: { code: report.code, issuedAt: new Date(report.issued_at).toISOString(), subject: publicSubject(report), sha256: report.sha256, size: report.size } };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/me/authorisations',
    tag: 'subjects',
    summary: 'Authorise a registered credit service agency or a person to read the file: which records, consent-only information or not, until when (JS Art 39, 62(3))',
    access: ['subject'],
    body: Authorise,
    idempotent: true,
    responses: { 201: 'the authorisation', 400: 'invalid body', 401: 'no token', 403: 'not a subject', 422: 'unknown_grantee, invalid_authorisation' },
    async handle({ actor, body, services }) {
      const grantee = body.grantee.type === 'agency' ? { type: 'agency' as const, id: body.grantee.id } : { type: 'person' as const, id: body.grantee.subjectId };
      const authorisation = await services.authorisations.grant(actor, { grantee, scope: body.scope, until: body.until });
      return { status: 201, body: authorisation, headers: { Location: `/api/v1/me/authorisations/${authorisation.id}` } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/me/authorisations',
    tag: 'subjects',
    summary: "The subject's authorisations, newest first, each active, expired or revoked",
    access: ['subject'],
    responses: { 200: 'the authorisations', 401: 'no token', 403: 'not a subject' },
    async handle({ actor, deps }) {
      return { body: { items: (await authorisationsOf(deps.db, actor.subjectId)).map(presentAuthorisation), nextCursor: null } };
    },
  }),

  route({
    method: 'delete',
    path: '/api/v1/me/authorisations/{id}',
    tag: 'subjects',
    summary: 'Revoke an authorisation: from now on the grantee may not read the file',
    access: ['subject'],
    params: IdParams,
    responses: { 200: 'the authorisation, revoked', 401: 'no token', 403: 'not a subject', 404: 'not an authorisation of this subject' },
    async handle({ actor, params, services }) {
      return { body: await services.authorisations.revoke(actor, params.id) };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/subjects/{id}/file',
    tag: 'subjects',
    summary: "A subject's file as an authorised agency or person may see it: the authorisation's scope, while it lasts; each read is an inquiry",
    access: ['agency', 'subject'],
    params: IdParams,
    query: FileQuery,
    responses: { 200: 'the file within the scope', 401: 'no token', 403: 'no authorisation in force' },
    async handle({ actor, params, query, deps }) {
      const grant: AuthorisationRow | undefined = await authorisationInForce(deps.db, params.id, granteeOf(actor));
      if (!grant) throw forbidden('the subject has not authorised you to read its file, or the authorisation has ended');
      const subject = (await findSubject(deps.db, params.id))!;
      const file = await fileWithin(deps.db, subject, { own: false, records: grant.records, consentOnly: grant.consent_only });
      await logInquiry(deps.db, actor, subject.id, `file (authorisation ${grant.id})`, query.purpose ?? 'authorised inquiry');
      return { body: { ...file, authorisation: presentAuthorisation(grant) } };
    },
  }),
];
