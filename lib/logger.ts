import pino from 'pino';

const testing = !!process.env.JEST_WORKER_ID;

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (testing ? 'warn' : 'info'),
    base: undefined,
  },
  // Written asynchronously (flushed when the process exits): a write to a pipe is synchronous in Node, and a log
  // line per request then costs the request a system call. Tests keep their output for failures, at warn level.
  testing ? undefined : pino.destination({ dest: 1, sync: false }),
);
