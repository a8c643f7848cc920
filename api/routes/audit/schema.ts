import { z } from 'zod';
import { text } from '../../schemas';

export const AuditQuery = z.strictObject({
  caseId: text({ max: 100 }).optional(),
  recordId: z.uuid().optional(),
  subjectId: z.uuid().optional(),
  actor: text({ max: 200 }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
});
