import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { z } from 'zod';
import type { Actor } from '../shared/cases';
import { COMPREHENSIVE_DEPARTMENT, DEPARTMENT_CODES, type Role } from '../shared/domain';
import { ApiError, forbidden } from './errors';

/** Claims of API.md "Authentication"; a token that lacks what its role needs is refused. */
const Claims = z.discriminatedUnion('role', [
  z.object({ sub: z.string().min(1), role: z.literal('officer'), dept: z.enum(DEPARTMENT_CODES) }),
  z.object({ sub: z.string().min(1), role: z.literal('supervisor'), dept: z.enum(DEPARTMENT_CODES) }),
  z.object({ sub: z.string().min(1), role: z.literal('subject'), subjectId: z.uuid() }),
  z.object({ sub: z.string().min(1), role: z.literal('agency'), agencyId: z.uuid() }),
]);

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export function createTokenVerifier(cfg: { secret?: string; jwksUrl?: string }): TokenVerifier {
  const key = cfg.jwksUrl ? createRemoteJWKSet(new URL(cfg.jwksUrl)) : new TextEncoder().encode(cfg.secret);
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1]));
      } catch {
        throw new ApiError(401, 'unauthenticated', 'the bearer token is invalid or expired');
      }
      const claims = Claims.safeParse(payload);
      if (!claims.success) throw new ApiError(401, 'unauthenticated', 'the token lacks the claims its role needs');
      const c = claims.data;
      return {
        id: c.sub,
        role: c.role,
        department: 'dept' in c ? c.dept : undefined,
        subjectId: 'subjectId' in c ? c.subjectId : undefined,
        agencyId: 'agencyId' in c ? c.agencyId : undefined,
      };
    },
  };
}

export interface LocalClaims {
  sub: string;
  role: Role;
  dept?: string;
  subjectId?: string;
  agencyId?: string;
}

/** The claims of a locally signed token (npm run token, the local sign-in); `sub` names the role and whom it acts for. */
export function localClaims(c: Omit<LocalClaims, 'sub'> & { sub?: string }): LocalClaims {
  const sub = c.sub ?? (c.role === 'subject' ? `subject-${c.subjectId}` : c.role === 'agency' ? `agency-${c.agencyId}` : `${c.role}-${c.dept}`);
  return { ...c, sub };
}

export async function signToken(
  secret: string,
  claims: LocalClaims,
  expiresIn = '12h',
): Promise<string> {
  return new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

export function isComprehensiveSupervisor(actor: Actor): boolean {
  return actor.role === 'supervisor' && actor.department === COMPREHENSIVE_DEPARTMENT;
}

/** Officers and supervisors act for their own department; the comprehensive department's supervisors for all. */
export function requireDepartment(actor: Actor, department: string): void {
  if (actor.role !== 'officer' && actor.role !== 'supervisor') throw forbidden();
  if (actor.department !== department && !isComprehensiveSupervisor(actor)) {
    throw forbidden(`this belongs to the ${department} department`);
  }
}

/** Reading a subject's file: the subject itself, or officers and supervisors "according to their duties". */
export function canReadSubject(actor: Actor, subjectId: string): boolean {
  return actor.role === 'officer' || actor.role === 'supervisor' || (actor.role === 'subject' && actor.subjectId === subjectId);
}
