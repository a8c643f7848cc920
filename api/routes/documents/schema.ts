import { z } from 'zod';
import { purposeQuery } from '../../schemas';

export const DocumentParams = z.object({ id: z.uuid() });
export const DocumentQuery = z.strictObject(purposeQuery);
