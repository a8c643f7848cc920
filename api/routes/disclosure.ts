/**
 * Disclosure and checks (DOMAIN.md §5): the publicised list and records for anyone (natural persons
 * desensitised, JS Art 40), list checks for agencies and officers (logged, JS Art 48), and the subject's own
 * report of its whole file (JS Art 63).
 */
import { z } from 'zod';
import { encodeCursor, listQuery, text } from '../schemas';
import type { Db } from '../../db/knex';
import { presentRecord, type CreditRecordRow } from '../../db/stores/credit-records';
import { findSubject, responsiblePersons, type SubjectRow } from '../../db/stores/subjects';
import { shanghaiDate } from '../../shared/calendar';
import { MEASURES, PUBLICISED_STATES, type Measure } from '../../shared/domain';
import { notFound } from '../errors';
import { route } from '../http';
import { presentCase } from '../cases';
import { presentSubject } from './subjects';

/** States in which a record is still publicised (publicity_stopped, retention_ended, revoked, deleted are not). */

export function maskName(name: string): string {
  return name.length <= 1 ? '*' : name[0] + '*'.repeat(name.length - 1);
}

export function maskIdentifier(value: string): string {
  return value.length <= 8 ? '*'.repeat(value.length) : value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** How the public sees a subject: organisations by name and code, natural persons masked. */
function publicSubject(s: Pick<SubjectRow, 'kind' | 'name' | 'identifier_type' | 'identifier_value'>) {
  const person = s.kind === 'natural_person';
  return { kind: s.kind, name: person ? maskName(s.name) : s.name, identifier: person ? maskIdentifier(s.identifier_value) : s.identifier_value };
}

/** List entries in force now whose record is still publicised. */
function currentEntries(db: Db) {
  return db('list_entries as e')
    .join('subjects as s', 's.id', 'e.subject_id')
    .join('credit_records as r', 'r.id', 'e.record_id')
    .whereNull('e.removed_on')
    .whereIn('r.state', PUBLICISED_STATES);
}

function presentEntry(e: { field: string; included_on: string; removal_due_on: string; measures: Measure[]; department: string }) {
  return {
    field: e.field,
    includedOn: e.included_on,
    removalDueOn: e.removal_due_on,
    department: e.department,
    measures: e.measures.map((code) => ({ code, label: MEASURES[code] })),
  };
}

export const disclosureRoutes = [
  route({
    method: 'get',
    path: '/api/v1/public/serious-dishonesty-list',
    tag: 'public',
    summary: 'The serious-dishonesty list as publicised now; natural persons desensitised; q searches name or code',
    access: 'public',
    query: z.strictObject({ q: text({ max: 100 }).optional(), ...listQuery(50, z.uuid()) }),
    responses: { 200: 'a page of entries', 400: 'invalid query' },
    async handle({ query, deps }) {
      const q = currentEntries(deps.db)
        .select('e.id', 'e.field', 'e.included_on', 'e.removal_due_on', 'e.measures', 'e.department', 's.kind', 's.name', 's.identifier_type', 's.identifier_value')
        .orderBy([{ column: 'e.included_on', order: 'desc' }, { column: 'e.id', order: 'desc' }])
        .limit(query.limit + 1);
      if (query.q) {
        const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        q.where((w) => w.whereILike('s.name', like).orWhere('s.identifier_value', query.q!.toUpperCase()));
      }
      if (query.cursor) {
        const [at, id] = query.cursor;
        q.whereRaw('(e.included_on, e.id) < (?::date, ?::uuid)', [at.slice(0, 10), id]);
      }
      const rows = await q;
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        body: {
          items: page.map((r) => ({ subject: publicSubject(r), ...presentEntry(r) })),
          nextCursor: rows.length > query.limit ? encodeCursor(`${last.included_on}T00:00:00Z`, last.id) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/public/credit-records',
    tag: 'public',
    summary: 'The publicised records of one subject, found by its identifier; natural persons desensitised',
    access: 'public',
    query: z.strictObject({ identifier: text({ max: 40, min: 5 }) }),
    responses: { 200: 'the subject and its publicised records', 400: 'invalid query', 404: 'no such subject' },
    async handle({ query, deps }) {
      const subject: SubjectRow | undefined = await deps.db('subjects').where({ identifier_value: query.identifier.toUpperCase() }).first();
      if (!subject) throw notFound('subject');
      const today = shanghaiDate(Date.now());
      const records: CreditRecordRow[] = await deps.db('credit_records')
        .where({ subject_id: subject.id, sensitive: false })
        .whereIn('state', PUBLICISED_STATES)
        .where('publicity_start', '<=', today)
        .where((w) => w.whereNull('publicity_end').orWhere('publicity_end', '>=', today))
        .orderBy('publicity_start', 'desc');
      return {
        body: {
          subject: publicSubject(subject),
          records: records.map((r) => {
            const { subjectId: _s, marksRecordId: _m, sourceCaseId: _c, ...shown } = presentRecord(r, { showSensitive: false });
            return shown;
          }),
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/list-checks',
    tag: 'list checks',
    summary: 'Which of up to 100,000 identifiers are on the serious-dishonesty list now, with the measures that apply; logged',
    access: ['agency', 'officer', 'supervisor'],
    rateLimit: 'list_checks',
    body: z.strictObject({ identifiers: z.array(text({ max: 40 })).min(1).max(100_000), purpose: text({ max: 500, multiline: true }) }),
    responses: { 200: 'one result per identifier, in order', 400: 'invalid body', 401: 'no token', 403: 'wrong role', 413: 'too large' },
    async handle({ actor, body, deps }) {
      const identifiers = body.identifiers.map((i) => i.toUpperCase());
      const rows = await currentEntries(deps.db)
        .whereRaw('s.identifier_value = ANY(?::text[])', [identifiers])
        .select('s.id as subject_id', 's.identifier_value', 'e.field', 'e.included_on', 'e.removal_due_on', 'e.measures', 'e.department');
      const byIdentifier = new Map<string, ReturnType<typeof presentEntry>[]>();
      for (const r of rows) byIdentifier.set(r.identifier_value, [...(byIdentifier.get(r.identifier_value) ?? []), presentEntry(r)]);
      await deps.db.transaction(async (trx) => {
        await trx('list_checks').insert({
          actor: actor.id, role: actor.role, department: actor.department ?? null, agency_id: actor.agencyId ?? null,
          purpose: body.purpose, identifiers: identifiers.length, listed: byIdentifier.size,
        });
        // What a check discloses (a subject is listed) is an inquiry into that subject's file (JS Art 39).
        const listedSubjects = [...new Set(rows.map((r) => r.subject_id as string))];
        if (listedSubjects.length) {
          await trx.batchInsert('inquiry_log', listedSubjects.map((subjectId) => ({
            actor: actor.id, role: actor.role, department: actor.department ?? null, subject_id: subjectId, purpose: body.purpose, what: 'list check',
          })), 1000);
        }
      });
      return {
        body: {
          checkedAt: new Date().toISOString(),
          results: identifiers.map((identifier) => {
            const entries = byIdentifier.get(identifier) ?? [];
            return { identifier, listed: entries.length > 0, entries };
          }),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/me/report',
    tag: 'subjects',
    summary: "The subject's whole file: records with sources, every change and why, list entries, cases, and every inquiry into it",
    access: ['subject'],
    responses: { 200: 'the report', 401: 'no token', 403: 'not a subject', 404: 'unknown subject' },
    async handle({ actor, deps }) {
      const subject = await findSubject(deps.db, actor.subjectId!);
      if (!subject) throw notFound('subject');
      const [records, history, entries, cases, inquiries] = await Promise.all([
        deps.db('credit_records').where({ subject_id: subject.id }).orderBy('created_at') as Promise<CreditRecordRow[]>,
        deps.db('credit_record_history as h').join('credit_records as r', 'r.id', 'h.record_id').where('r.subject_id', subject.id).select('h.*').orderBy('h.id'),
        deps.db('list_entries').where({ subject_id: subject.id }).orderBy('included_on'),
        deps.db('cases').where({ subject_id: subject.id }).orderBy('created_at').select('view'),
        deps.db('inquiry_log').where({ subject_id: subject.id }).orderBy('at'),
      ]);
      return {
        body: {
          subject: presentSubject(subject, await responsiblePersons(deps.db, subject.id)),
          records: records.map((r) => ({
            ...presentRecord(r, { showSensitive: true }),
            history: history.filter((h) => h.record_id === r.id).map((h) => ({ change: h.change, before: h.before, after: h.after, reason: h.reason, actor: h.actor, at: new Date(h.at).toISOString() })),
          })),
          listEntries: entries.map((e) => ({ ...presentEntry(e), removedOn: e.removed_on ?? undefined, removalReason: e.removal_reason ?? undefined, caseId: e.case_id })),
          cases: cases.map((c) => presentCase(c.view, actor)),
          inquiries: inquiries.map((i) => ({ at: new Date(i.at).toISOString(), actor: i.actor, role: i.role, department: i.department ?? undefined, purpose: i.purpose, what: i.what })),
        },
      };
    },
  }),
];
