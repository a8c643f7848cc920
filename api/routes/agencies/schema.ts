import { z } from 'zod';
import { text } from '../../schemas';

export const RegisterAgency = z.strictObject({
  name: text({ max: 200 }),
  /** The agency's unified social credit code (check character verified). */
  uscc: text({ max: 40 }),
});

export const NoticeParams = z.object({ id: z.string().regex(/^[0-9]{1,18}$/, 'not a notice id') });

export const NoticesQuery = z.strictObject({
      unacknowledged: z.enum(['true', 'false']).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
      cursor: z.string().regex(/^[0-9]{1,18}$/).optional(),
    });
