import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Actor } from '../shared/cases';
import { COMPREHENSIVE_DEPARTMENT, DEPARTMENT_CODES, type Role } from '../shared/domain';
import { ApiError, forbidden } from './errors';
import { text } from './schemas';

/** Claims of API.md "Authentication"; a token that lacks what its role needs is refused. */
const Subject = text({ max: 200 });
const Claims = z.discriminatedUnion('role', [
  z.object({ sub: Subject, role: z.literal('officer'), dept: z.enum(DEPARTMENT_CODES) }),
  z.object({ sub: Subject, role: z.literal('supervisor'), dept: z.enum(DEPARTMENT_CODES) }),
  z.object({ sub: Subject, role: z.literal('subject'), subjectId: z.uuid() }),
  z.object({ sub: Subject, role: z.literal('agency'), agencyId: z.uuid() }),
]);

export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

export interface TokenRules {
  /** HS256 secret (local runs, tests). */
  secret?: string;
  /** An identity provider's JWKS (deployments): then `issuer` and `audience` are required. */
  jwksUrl?: string;
  /** `iss` every token must carry (`JWT_ISSUER`). */
  issuer?: string;
  /** `aud` every token must carry (`JWT_AUDIENCE`). */
  audience?: string;
  /** At most this long between `iat` (or now) and `exp` (`JWT_MAX_LIFETIME_SECONDS`, default 12 h). */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Clocks of the issuer and of this server may differ by this much. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** Only asymmetric algorithms from a JWKS: a token signed HS256 with the provider's public key is refused. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
/**
 * A token verified is remembered for at most this long, and never past its `exp`: a client sends the same token
 * with every request, and checking its signature each time is a tenth of a list check's work. A key withdrawn from
 * the JWKS stops being accepted this much later.
 */
const VERIFIED_FOR_MS = 60_000;

export function createTokenVerifier(rules: TokenRules): TokenVerifier {
  if (rules.jwksUrl && (!rules.issuer || !rules.audience)) {
    throw new Error('verifying tokens against a JWKS needs JWT_ISSUER and JWT_AUDIENCE: a key set may sign tokens for other applications');
  }
  if (!rules.jwksUrl && !rules.secret) throw new Error('tokens need JWT_SECRET or JWT_JWKS_URL');
  const key = rules.jwksUrl ? createRemoteJWKSet(new URL(rules.jwksUrl)) : new TextEncoder().encode(rules.secret);
  const maxLifetime = rules.maxLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
  const options = {
    algorithms: rules.jwksUrl ? JWKS_ALGORITHMS : ['HS256'],
    issuer: rules.issuer,
    audience: rules.audience,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  const refused = (why: string) => new ApiError(401, 'unauthenticated', `the bearer token is ${why}`);
  const verified = new LRUCache<string, { actor: Actor; expMs: number }>({ max: 10_000, ttl: VERIFIED_FOR_MS });
  return {
    async verify(token) {
      const known = verified.get(token);
      if (known && Date.now() < known.expMs) return known.actor;
      const { actor, exp } = await verifyToken(token);
      if (exp * 1000 > Date.now()) verified.set(token, { actor: Object.freeze(actor), expMs: exp * 1000 });
      return actor;
    },
  };

  async function verifyToken(token: string): Promise<{ actor: Actor; exp: number }> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], options));
    } catch {
      throw refused('invalid or expired');
    }
    const nowSeconds = Date.now() / 1000;
    if (payload.iat !== undefined && payload.iat > nowSeconds + CLOCK_TOLERANCE_SECONDS) throw refused('issued in the future');
    const exp = payload.exp!; // required by the options above
    if (exp - Math.min(payload.iat ?? nowSeconds, nowSeconds) > maxLifetime + CLOCK_TOLERANCE_SECONDS) {
      throw refused(`valid for longer than ${maxLifetime} seconds`);
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new ApiError(401, 'unauthenticated', 'the token lacks the claims its role needs');
    const c = claims.data;
    switch (c.role) {
      case 'officer':
      case 'supervisor':
        return { actor: { id: c.sub, role: c.role, department: c.dept }, exp };
      case 'subject':
        return { actor: { id: c.sub, role: c.role, subjectId: c.subjectId }, exp };
      case 'agency':
        return { actor: { id: c.sub, role: c.role, agencyId: c.agencyId }, exp };
    }
  }
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
  where: { issuer?: string; audience?: string } = {},
): Promise<string> {
  const jwt = new SignJWT({ ...claims }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn);
  if (where.issuer) jwt.setIssuer(where.issuer);
  if (where.audience) jwt.setAudience(where.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}

export function isComprehensiveSupervisor(actor: Actor): boolean {
  return actor.role === 'supervisor' && actor.department === COMPREHENSIVE_DEPARTMENT;
}

/** Officers and supervisors of the platform (credit-comprehensive), which applies revocations (JS Art 65). */
export function isPlatform(actor: Actor): boolean {
  return (actor.role === 'officer' || actor.role === 'supervisor') && actor.department === COMPREHENSIVE_DEPARTMENT;
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

/** Reference data (the calendar, departments, time limits) is changed by supervisors of credit-comprehensive. */
export function requireComprehensiveSupervisor(actor: Actor): void {
  if (actor.role !== 'supervisor' || actor.department !== COMPREHENSIVE_DEPARTMENT) {
    throw forbidden('only supervisors of the credit-comprehensive department change reference data');
  }
}
