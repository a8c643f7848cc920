import { z } from 'zod';
import { IDENTIFIER_TYPES } from '../../../shared/domain';
import { text } from '../../schemas';

/** Identifiers are not free text: each is validated in full (and a bad one answered `invalid`), so a plain string is enough here. */
const CheckedIdentifier = z.union([
  z.string().trim().min(1).max(40),
  z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().trim().min(1).max(40), documentType: z.string().max(40).optional() }),
]);

export const ListCheck = z.strictObject({ identifiers: z.array(CheckedIdentifier).min(1).max(100_000), purpose: text({ max: 500, multiline: true }) });
