import { z } from 'zod';
import { IDENTIFIER_TYPES } from '../../../shared/domain';
import { jsonSchema, text } from '../../schemas';

/** Identifiers are not free text: each is validated in full (and a bad one answered `invalid`), so a plain string is enough here. */
export const CheckedIdentifier = z.union([
  z.string().trim().min(1).max(40),
  z.strictObject({ type: z.enum(IDENTIFIER_TYPES), value: z.string().trim().min(1).max(40), documentType: z.string().max(40).optional() }),
]);

/**
 * The body's items are each a `CheckedIdentifier`, validated by the route a slice at a time as it identifies them
 * (validating 100,000 at once held every other request up for 10-40 ms); the document says what they are.
 */
export const ListCheck = z.strictObject({
  identifiers: z.array(z.unknown()).min(1).max(100_000).meta({ items: jsonSchema(CheckedIdentifier) }),
  purpose: text({ max: 500, multiline: true }),
});
