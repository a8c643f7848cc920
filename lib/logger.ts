import pino from 'pino';

const testing = !!process.env.JEST_WORKER_ID;

/**
 * The log's destination, written asynchronously in blocks and at least every second (and at exit). A write to a pipe
 * is synchronous in Node, and even an asynchronous one wakes a thread: a log line per request then cost each request
 * a tenth of a millisecond on a 2-core VM. A process killed outright loses at most its last second of lines.
 */
function destination() {
  const stream = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  setInterval(() => {
    try {
      stream.flush();
    } catch {
      // Closing or already closed: nothing to flush.
    }
  }, 1000).unref();
  return stream;
}

export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (testing ? 'warn' : 'info'),
    base: undefined,
  },
  // Tests keep their output for failures, at warn level.
  testing ? undefined : destination(),
);
