import { z } from 'zod';
import { DEPARTMENT_CODES } from '../../../shared/domain';
import { text } from '../../schemas';

export const DepartmentParams = z.object({ code: z.enum(DEPARTMENT_CODES) });

/** The issuing name and the relief a department's decisions print: a reconsideration body or a court's procedure. */
export const DepartmentProfile = z
  .strictObject({
    name: text({ max: 100, min: 2 }),
    reconsiderationBody: text({ max: 100, min: 2 }).optional(),
    correctionProcedure: text({ max: 1000, min: 2, multiline: true }).optional(),
  })
  .refine((b) => !!b.reconsiderationBody !== !!b.correctionProcedure, { message: 'give either reconsiderationBody or correctionProcedure' });
