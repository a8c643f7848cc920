import { z } from 'zod';
import { DEPARTMENT_CODES, ROLES } from '../../../shared/domain';

/** The role chosen and whom it acts for: a department, a subject or an agency. */
export const LocalSignIn = z
  .strictObject({
    role: z.enum(ROLES),
    dept: z.enum(DEPARTMENT_CODES).optional(),
    subjectId: z.uuid().optional(),
    agencyId: z.uuid().optional(),
  })
  .superRefine((b, ctx) => {
    const needs = b.role === 'subject' ? 'subjectId' : b.role === 'agency' ? 'agencyId' : 'dept';
    if (!b[needs]) ctx.addIssue({ code: 'custom', path: [needs], message: `a ${b.role} signs in with ${needs}` });
  });

export const SignInModes = z.object({ local: z.boolean(), oidc: z.object({ issuer: z.string(), clientId: z.string(), scope: z.string() }).optional() });

export const ChoicesQuery = z.strictObject({ q: z.string().trim().max(100).optional() });

export const Choices = z.object({
  departments: z.array(z.object({ code: z.string(), name: z.string() })),
  subjects: z.array(z.object({ id: z.string(), kind: z.string(), name: z.string(), identifier: z.string() })),
  agencies: z.array(z.object({ id: z.string(), name: z.string(), uscc: z.string() })),
});

export const LocalToken = z.object({ token: z.string(), expiresAt: z.string() });
