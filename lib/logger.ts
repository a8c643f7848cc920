import pino from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: undefined,
  // Tests keep their output for failures; the log goes to stderr there at warn level.
  ...(process.env.JEST_WORKER_ID ? { level: process.env.LOG_LEVEL ?? 'warn' } : {}),
});
