import { z } from 'zod';
import { CASE_TYPES, DEPARTMENT_CODES } from '../../../shared/domain';
import { date, listQuery, purposeQuery, text } from '../../schemas';

export const ListCases = z.strictObject({
  type: z.enum(CASE_TYPES).optional(),
  status: text({ max: 40 }).optional(),
  department: z.enum(DEPARTMENT_CODES).optional(),
  subjectId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  dueBefore: date().optional(),
  ...listQuery(),
  ...purposeQuery,
});
