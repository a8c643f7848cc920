// Every workflow the worker registers. The worker bundles this file.
export { inclusionCase } from './inclusion';
