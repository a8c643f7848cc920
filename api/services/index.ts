/** The services of the writes the API makes outside any case, built once per app over its database (Unleash style). */
import type { Db } from '../../db';
import { createAgencyService } from './agencies';
import { createAuthorisationService } from './authorisations';
import { createCreditRecordService } from './credit-records';
import { createSubjectService } from './subjects';

export function createServices(deps: { db: Db }) {
  return {
    subjects: createSubjectService(deps),
    creditRecords: createCreditRecordService(deps),
    agencies: createAgencyService(deps),
    authorisations: createAuthorisationService(deps),
  };
}

export type Services = ReturnType<typeof createServices>;
