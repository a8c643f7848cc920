/** Refusals of a step, raised by update validators before anything changes. */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Actor } from '../shared/cases';
import type { Role } from '../shared/domain';
import type { RefusalCode } from '../shared/errors';

/** A refusal the caller sees at once, with its code. */
export function refuse(code: RefusalCode, message: string, details?: Record<string, unknown>): never {
  throw ApplicationFailure.create({ type: code, message, nonRetryable: true, details: details ? [details] : undefined });
}

/** The actor's role may take the step: `roles` is the step's row of its process's table (shared/<process>.ts). */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (!(roles as readonly string[]).includes(actor.role)) refuse('forbidden', `a ${actor.role} may not take this step`, { role: actor.role });
}

/** Officers and supervisors act for their own department only (the API checks it too; this keeps the case safe). */
export function requireDepartment(actor: Actor, department: string): void {
  if (actor.department !== department) {
    refuse('forbidden_department', `only the ${department} department may take this step`, { department: actor.department ?? null });
  }
}
