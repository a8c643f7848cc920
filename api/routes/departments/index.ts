import { departmentProfiles, updateDepartmentProfile } from '../../../db/stores/departments';
import { requireComprehensiveSupervisor } from '../../auth';
import { route } from '../../http';
import { DepartmentParams, DepartmentProfile } from './schema';

export const departmentRoutes = [
  route({
    method: 'get',
    path: '/api/v1/departments',
    tag: 'reference data',
    summary: 'Each department: its name as the issuing authority, and the relief its decisions print',
    access: 'authenticated',
    responses: { 200: 'the departments', 401: 'no token' },
    async handle({ deps }) {
      return { body: { items: await departmentProfiles(deps.db) } };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/departments/{code}',
    tag: 'reference data',
    summary: "A department's issuing name and relief (reconsideration body, or a court's correction procedure); cases started later print them",
    access: ['supervisor'],
    params: DepartmentParams,
    body: DepartmentProfile,
    responses: { 200: 'the department', 400: 'invalid body', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, params, body, deps }) {
      requireComprehensiveSupervisor(actor);
      return { body: await updateDepartmentProfile(deps.db, { code: params.code, ...body }, actor) };
    },
  }),
];
