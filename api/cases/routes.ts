/** Route builders every case type uses: a human step, and reading the case. */
import { z } from 'zod';
import type { CaseRow } from '../../db/stores/cases';
import { logInquiry } from '../../db/stores/inquiries';
import type { Actor } from '../../shared/cases';
import type { CaseType, Role } from '../../shared/domain';
import { route, type Deps, type Route } from '../http';
import { presentCase } from '../presenters';
import { purposeQuery } from '../schemas';
import { assertCaseAccess, loadCase } from './access';
import { CaseViewSchema } from './schema';

/**
 * A human step on a case, as a route: the caller must be allowed on the case (its department, or its own subject),
 * then `send` passes the step to the workflow; the reply is the case after it, narrowed to the caller.
 */
export function caseStep<B>(spec: {
  type: CaseType;
  /** Path of the case collection, e.g. `inclusion-cases`. */
  collection: string;
  tag: string;
  params: z.ZodType<{ id: string }>;
  path: string;
  summary: string;
  /** The step's row of its process's table (shared/<process>.ts). */
  roles: readonly Role[];
  body?: z.ZodType<B>;
  responses?: Record<number, string>;
  send: (deps: Deps, row: CaseRow, actor: Actor, body: B) => Promise<unknown>;
}): Route {
  return route({
    method: 'post',
    path: `/api/v1/${spec.collection}/{id}/${spec.path}`,
    tag: spec.tag,
    summary: spec.summary,
    access: spec.roles,
    params: spec.params,
    body: spec.body,
    responses: { 200: 'the case after the step', 400: 'invalid body', 401: 'no token', 403: 'wrong role or department', 404: 'no such case', 409: 'refused in this state', ...spec.responses },
    returns: CaseViewSchema,
    async handle({ actor, params, body, deps }) {
      const row = await loadCase(deps, params.id, spec.type);
      assertCaseAccess(actor, row);
      const view = await spec.send(deps, row, actor, body as B);
      return { body: presentCase(view as Record<string, unknown>, actor) };
    },
  });
}

/** Reading a case from the projection, as a route: its department, or the subject its own. */
export function caseRead(spec: {
  type: CaseType;
  collection: string;
  tag: string;
  params: z.ZodType<{ id: string }>;
  summary: string;
  assertAccess?: (actor: Actor, row: CaseRow) => void;
  present?: typeof presentCase;
}): Route {
  return route({
    method: 'get',
    path: `/api/v1/${spec.collection}/{id}`,
    tag: spec.tag,
    summary: spec.summary,
    access: ['officer', 'supervisor', 'subject'],
    params: spec.params,
    query: z.strictObject(purposeQuery),
    responses: { 200: 'the case', 401: 'no token', 403: 'other department', 404: 'no such case' },
    returns: CaseViewSchema,
    async handle({ actor, params, query, deps }) {
      const row = await loadCase(deps, params.id, spec.type);
      (spec.assertAccess ?? assertCaseAccess)(actor, row);
      // A case about a subject is part of its file (JS Art 39).
      await logInquiry(deps.db, actor, row.subject_id, `case ${row.id}`, query.purpose);
      return { body: (spec.present ?? presentCase)(row.view, actor) };
    },
  });
}
