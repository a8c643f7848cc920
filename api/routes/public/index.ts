/**
 * What anyone may see (DOMAIN.md §5): the publicised list and records, natural persons desensitised (JS Art 40).
 * Checks of the list are in list-checks/; the subject's own file in subject-file/.
 */
import type { CreditRecordRow } from '../../../db/stores/credit-records';
import { publicListPage, publicisedRecords } from '../../../db/stores/disclosure';
import { normaliseIdentifier } from '../../../shared/identifiers';
import { route } from '../../http';
import { presentEntry, presentPublicRecord, publicSubject } from '../../presenters';
import { encodeCursor } from '../../schemas';
import { ListQuery, RecordsQuery } from './schema';

export const publicRoutes = [
  route({
    method: 'get',
    path: '/api/v1/public/serious-dishonesty-list',
    tag: 'public',
    summary: 'The serious-dishonesty list as publicised now; natural persons desensitised; q finds organisations by part of the name or by code, natural persons only by the full identity number',
    access: 'public',
    query: ListQuery,
    responses: { 200: 'a page of entries', 400: 'invalid query' },
    async handle({ query, deps }) {
      const rows = await publicListPage(deps.db, {
        q: query.q,
        identifier: query.q ? normaliseIdentifier('uscc', query.q) : undefined,
        limit: query.limit,
        after: query.cursor,
      });
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
    summary: 'The publicised records of one subject, found by its full identifier, desensitised (free text too); a subject with nothing publicised answers as an unknown one',
    access: 'public',
    query: RecordsQuery,
    responses: { 200: 'the subject and its publicised records (subject null and no records when nothing is publicised)', 400: 'invalid query' },
    async handle({ query, deps }) {
      const found = await publicisedRecords(deps.db, normaliseIdentifier('uscc', query.identifier));
      if (!found) return { body: { subject: null, records: [] } };
      return {
        body: {
          subject: publicSubject(found.subject),
          records: found.records.map((r: CreditRecordRow) => presentPublicRecord(r, found.personNames)),
        },
      };
    },
  }),
];
