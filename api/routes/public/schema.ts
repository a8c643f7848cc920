import { z } from 'zod';
import { listQuery, text } from '../../schemas';

/** `q` finds organisations by part of the name or by code, natural persons only by the full identity number. */
export const ListQuery = z.strictObject({ q: text({ max: 100 }).optional(), ...listQuery(50, z.uuid()) });

/** A subject's publicised records are found by its full identifier only. */
export const RecordsQuery = z.strictObject({ identifier: text({ max: 40, min: 5 }) });
