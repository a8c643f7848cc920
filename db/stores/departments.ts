import type { DepartmentProfile } from '../../shared/departments';
import type { Department } from '../../shared/domain';
import type { Db } from '../knex';
import { appendAudit } from './audit';

const profile = (r: Record<string, any>): DepartmentProfile => ({
  code: r.code,
  name: r.name,
  reconsiderationBody: r.reconsideration_body ?? undefined,
  correctionProcedure: r.correction_procedure ?? undefined,
});

export async function departmentProfile(db: Db, code: string): Promise<DepartmentProfile | undefined> {
  const row = await db('departments').where({ code }).first();
  return row ? profile(row) : undefined;
}

export async function departmentProfiles(db: Db): Promise<DepartmentProfile[]> {
  return (await db('departments').orderBy('code')).map(profile);
}

export async function updateDepartmentProfile(db: Db, p: DepartmentProfile & { code: Department }, actor: { id: string; role: string }): Promise<DepartmentProfile> {
  return db.transaction(async (trx) => {
    const before = await trx('departments').where({ code: p.code }).first();
    const row = { code: p.code, name: p.name, reconsideration_body: p.reconsiderationBody ?? null, correction_procedure: p.correctionProcedure ?? null, updated_by: actor.id, updated_at: trx.fn.now() };
    await trx('departments').insert(row).onConflict('code').merge();
    await appendAudit(trx, [{ actor: actor.id, role: actor.role, action: 'department.changed', before: before ? profile(before) : null, after: p }]);
    return p;
  });
}
