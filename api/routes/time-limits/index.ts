import { currentTimeLimits, newTimeLimitsVersion } from '../../../db/stores/time-limits';
import { requireComprehensiveSupervisor } from '../../auth';
import { route } from '../../http';
import { NewTimeLimits } from './schema';

export const timeLimitRoutes = [
  route({
    method: 'get',
    path: '/api/v1/time-limits',
    tag: 'time limits',
    summary: 'The legal time limits in force (DOMAIN.md §3) and their version',
    access: 'authenticated',
    responses: { 200: 'the limits', 401: 'no token' },
    async handle({ deps }) {
      return { body: await currentTimeLimits(deps.db) };
    },
  }),

  route({
    method: 'put',
    path: '/api/v1/time-limits',
    tag: 'time limits',
    summary: 'A new version of the time limits; running cases keep the version they started with',
    access: ['supervisor'],
    body: NewTimeLimits,
    idempotent: true,
    responses: { 200: 'the new version', 400: 'invalid limits', 401: 'no token', 403: 'not a comprehensive-department supervisor' },
    async handle({ actor, body, deps }) {
      requireComprehensiveSupervisor(actor);
      const version = await newTimeLimitsVersion(deps.db, { limits: body.limits, note: body.note }, actor);
      return { body: { version, limits: body.limits } };
    },
  }),
];
