/** Case IDs: `<type>-<uuid>`, derived from the caller's Idempotency-Key when there is one. */
import { createHash, randomUUID } from 'node:crypto';
import type { Actor } from '../../shared/cases';
import type { CaseType } from '../../shared/domain';

export function caseIdFor(type: CaseType, actor: Actor, idempotencyKey?: string): string {
  if (!idempotencyKey) return `${type}-${randomUUID()}`;
  // A retried request with the same key names the same case, so a crash between start and reply starts nothing twice.
  const h = createHash('sha256').update(`${actor.id}\n${type}\n${idempotencyKey}`).digest('hex');
  return `${type}-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
