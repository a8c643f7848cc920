import type { Db } from '../db/knex';
import { createCaseActivities } from './case-activities';
import { createDocumentActivities } from './document-activities';
import { createExpiryActivities } from './expiry-activities';
import { createInclusionActivities } from './inclusion-activities';
import { createRepairActivities } from './repair-activities';
import { createObjectionActivities } from './objection-activities';
import { createRevocationActivities } from './revocation-activities';

/** Activities are built from their dependencies (ARCHITECTURE.md habit 4). */
export function createActivities(deps: { db: Db }) {
  return {
    ...createCaseActivities(deps),
    ...createDocumentActivities(deps),
    ...createInclusionActivities(deps),
    ...createRepairActivities(deps),
    ...createExpiryActivities(deps),
    ...createObjectionActivities(deps),
    ...createRevocationActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
