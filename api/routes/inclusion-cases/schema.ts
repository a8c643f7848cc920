import { z } from 'zod';
import { LENIENCY_GROUNDS } from '../../../shared/inclusion';
import { SERVICE_METHODS } from '../../../shared/domain';
import { Evidence } from '../../evidence';
import { PersonalInformation } from '../../personal-information';
import { date, instant, text } from '../../schemas';
import { BasisDocument } from '../credit-records/schema';

export const CaseParams = z.object({ id: z.string().regex(/^inclusion-[0-9a-f-]{36}$/, 'not an inclusion case id') });

export const StartInclusion = z.strictObject({
  subjectId: z.uuid(),
  /** Checked against JS Art 29 with a 422, not a 400: an unknown field is a refused rule. */
  field: text({ max: 80 }),
  basis: z.array(BasisDocument).max(20),
  facts: text({ max: 10_000, multiline: true }),
  reasons: text({ max: 10_000, multiline: true }),
  legalProvisions: z.array(text({ max: 500 })).min(1).max(20),
  measures: z.array(text({ max: 80 })).min(1).max(20),
  /** Required with `local_law_other`: the measure and the local law that provides it (JS Art 47). */
  localLawMeasure: text({ max: 1000, multiline: true }).optional(),
  /** When the act was committed: decides whether a natural person was a minor then (JS Art 26). */
  actOn: date(),
  /** JS Art 26(2): force majeure, or minor harm corrected in time; the case then needs a supervisor's approval. */
  leniencyGround: z.strictObject({ kind: z.enum(LENIENCY_GROUNDS), explanation: text({ max: 5000, multiline: true }) }).optional(),
  personalInformation: PersonalInformation.optional(),
});

export const Statement = z.strictObject({ text: text({ max: 20_000, multiline: true }), evidence: Evidence.optional() });

export const Service = z.strictObject({
  document: z.enum(['notice', 'feedback', 'decision']),
  method: z.enum(SERVICE_METHODS),
  servedAt: instant(),
});

export const Acknowledgement = z.strictObject({ document: z.enum(['notice', 'decision']) });

/** The verification result of a statement. */
export const Feedback = z.strictObject({ accepted: z.boolean(), text: text({ max: 20_000, multiline: true }) });

export const Decision = z.strictObject({ outcome: z.enum(['include', 'not_include']), reasons: text({ max: 20_000, multiline: true }) });

export const Withdrawal = z.strictObject({ reason: text({ max: 5000, multiline: true }) });
