/**
 * How the pages sign in. With the secret generated into the data folder (`npm start`'s default) a person chooses
 * a role and whom they act for, and gets a token; that mode is off whenever JWT_SECRET or JWT_JWKS_URL is set
 * (404). A deployment names its OIDC issuer instead, and the pages sign in there.
 */
import { agenciesMatching, findAgency } from '../../../db/stores/agency-notices';
import { findSubject, subjectsMatching } from '../../../db/stores/subjects';
import { DEPARTMENT_CODES, DEPARTMENTS } from '../../../shared/domain';
import { localClaims, signToken } from '../../auth';
import { ApiError, notFound } from '../../errors';
import { route, type Deps } from '../../http';
import { Choices, ChoicesQuery, LocalSignIn, LocalToken, SignInModes } from './schema';

const LOCAL_TOKEN_HOURS = 12;
/** Subjects and agencies offered at most, the latest first. */
const CHOICES = 20;

function localSecret(deps: Deps): string {
  const secret = deps.signIn?.localSecret;
  if (!secret) throw new ApiError(404, 'not_found', 'local sign-in is off: sign in with the identity provider');
  return secret;
}

export const signInRoutes = [
  route({
    method: 'get',
    path: '/api/v1/sign-in',
    tag: 'sign-in',
    summary: 'How the pages sign in: the local sign-in (locally generated secret only) or the OIDC issuer',
    access: 'public',
    responses: { 200: 'the sign-in modes' },
    returns: SignInModes,
    async handle({ deps }) {
      return { body: { local: !!deps.signIn?.localSecret, oidc: deps.signIn?.oidc } };
    },
  }),

  route({
    method: 'get',
    path: '/api/v1/sign-in/local/choices',
    tag: 'sign-in',
    summary: 'Local sign-in only: the departments, and the subjects and agencies whose name or code matches q, to sign in as',
    access: 'public',
    query: ChoicesQuery,
    responses: { 200: 'what may be chosen', 404: 'local sign-in is off' },
    returns: Choices,
    async handle({ query, deps }) {
      localSecret(deps);
      const [subjects, agencies] = await Promise.all([subjectsMatching(deps.db, query.q, CHOICES), agenciesMatching(deps.db, query.q, CHOICES)]);
      return { body: { departments: DEPARTMENT_CODES.map((code) => ({ code, name: DEPARTMENTS[code] })), subjects, agencies } };
    },
  }),

  route({
    method: 'post',
    path: '/api/v1/sign-in/local',
    tag: 'sign-in',
    summary: `Local sign-in only: a token for the chosen role and department, subject or agency, valid ${LOCAL_TOKEN_HOURS} hours`,
    access: 'public',
    body: LocalSignIn,
    responses: { 200: 'the token', 400: 'invalid choice', 404: 'local sign-in is off, or no such subject or agency' },
    returns: LocalToken,
    async handle({ body, deps }) {
      const secret = localSecret(deps);
      if (body.role === 'subject' && !(await findSubject(deps.db, body.subjectId!))) throw notFound('subject');
      if (body.role === 'agency' && !(await findAgency(deps.db, body.agencyId!))) throw notFound('agency');
      const acting = body.role === 'subject' ? { subjectId: body.subjectId } : body.role === 'agency' ? { agencyId: body.agencyId } : { dept: body.dept };
      const token = await signToken(secret, localClaims({ role: body.role, ...acting }), `${LOCAL_TOKEN_HOURS}h`, deps.signIn?.tokenClaims);
      return { body: { token, expiresAt: new Date(Date.now() + LOCAL_TOKEN_HOURS * 3_600_000).toISOString() } };
    },
  }),
];
