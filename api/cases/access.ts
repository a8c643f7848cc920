/** Finding a case in the projection and who may see it or act on it. */
import { findCase, type CaseRow } from '../../db/stores/cases';
import type { Actor } from '../../shared/cases';
import type { CaseType } from '../../shared/domain';
import { isComprehensiveSupervisor } from '../auth';
import { forbidden, notFound } from '../errors';
import type { Deps } from '../http';

export async function loadCase(deps: Deps, id: string, type?: CaseType): Promise<CaseRow> {
  const row = await findCase(deps.db, id);
  if (!row || (type && row.type !== type)) throw notFound('case');
  return row;
}

/** Officers and supervisors of the owning department (the comprehensive department's supervisors: all); the subject its own. */
export function assertCaseAccess(actor: Actor, row: { department: string | null; subject_id: string | null }): void {
  if (actor.role === 'subject') {
    if (actor.subjectId !== row.subject_id) throw notFound('case');
    return;
  }
  if (actor.role !== 'officer' && actor.role !== 'supervisor') throw forbidden();
  if (actor.department !== row.department && !isComprehensiveSupervisor(actor)) throw forbidden(`this case belongs to the ${row.department} department`);
}
