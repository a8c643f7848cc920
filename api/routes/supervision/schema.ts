import { z } from 'zod';
import { DEPARTMENT_CODES } from '../../../shared/domain';
import { listQuery } from '../../schemas';

export const OverdueQuery = z.strictObject({
  department: z.enum(DEPARTMENT_CODES).optional(),
  type: z.enum(['inclusion', 'objection', 'revocation', 'repair', 'agency_notice']).optional(),
  state: z.enum(['due_soon', 'overdue']).optional(),
  ...listQuery(),
});

/** The summary and the incidents: the supervisor's department, or any for the comprehensive department's. */
export const DepartmentQuery = z.strictObject({ department: z.enum(DEPARTMENT_CODES).optional() });

export const ProvisionalQuery = z.strictObject({
  department: z.enum(DEPARTMENT_CODES).optional(),
  ...listQuery(),
});
