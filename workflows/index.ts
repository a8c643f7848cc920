// Every workflow the worker registers. The worker bundles this file.
export { inclusionCase } from './inclusion';
export { objectionCase } from './objection';
export { revocationCase } from './revocation';
export { calendarPropagation } from './calendar-propagation';
export { repairCase } from './repair';
export { expirySweep } from './expiry-sweep';
