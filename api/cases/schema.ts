/** The OpenAPI shape of a case, as every case route returns it. */
import { z } from 'zod';

/** A case as the API returns it (API.md "A case as returned"); `details` depend on the case type. */
export const CaseViewSchema = z.object({
  id: z.string(),
  type: z.string(),
  status: z.string(),
  subjectId: z.string(),
  department: z.string(),
  handler: z.string().optional(),
  recordId: z.string().optional(),
  createdAt: z.string(),
  timeLimitsVersion: z.number(),
  deadlines: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      startsFrom: z.object({ event: z.string(), at: z.string() }),
      startDate: z.string(),
      dueDate: z.string(),
      dueAt: z.string(),
      remindAt: z.string().optional(),
      rule: z.string(),
      workingDays: z.number(),
      timeLimitsVersion: z.number(),
      calendarVersion: z.number(),
      state: z.enum(['pending', 'due_soon', 'overdue', 'met', 'suspended', 'cancelled']),
      extension: z.object({ workingDays: z.number(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
      suspendedWorkingDays: z.number(),
      moves: z.array(z.object({ at: z.string(), reason: z.string(), fromDueDate: z.string(), toDueDate: z.string() })),
    }),
  ),
  documents: z.array(z.object({ id: z.string(), kind: z.string(), sha256: z.string(), createdAt: z.string(), servedAt: z.string().optional(), serviceMethod: z.string().optional(), acknowledgedAt: z.string().optional() })),
  events: z.array(z.object({ seq: z.number(), at: z.string(), actor: z.string(), role: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()).optional() })),
  allowedActions: z.array(z.string()).describe('what the caller may do now'),
  details: z.record(z.string(), z.unknown()),
});
