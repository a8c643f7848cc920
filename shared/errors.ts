/**
 * Refusal codes of the API contract (API.md "One error shape"). Workflows raise them as ApplicationFailure types
 * from update validators and activities; the API maps each to its HTTP status.
 */
export const REFUSALS = {
  // 409: the state of the case or record does not allow it now
  objection_window_closed: 409,
  case_not_awaiting_decision: 409,
  case_not_in_state: 409,
  case_closed: 409,
  already_served: 409,
  not_served_yet: 409,
  no_statement_to_answer: 409,
  duplicate_subject: 409,
  duplicate_agency: 409,
  objection_already_open: 409,
  repair_already_open: 409,
  extension_already_granted: 409,
  not_suspended: 409,
  already_suspended: 409,
  idempotency_key_reused: 409,
  already_acknowledged: 409,
  record_not_objectable: 409,
  revocation_already_open: 409,
  record_not_in_state: 409,
  /** An activity of the case failed for good or keeps failing: supervisors see it among the incidents. */
  case_incident: 409,
  basis_withdrawn: 409,
  // 422: a rule refuses it
  electronic_service_not_agreed: 422,
  act_after_basis: 422,
  mark_follows_organisation: 422,
  field_not_in_list: 422,
  open_case_on_same_basis: 422,
  forbidden_information: 422,
  measure_not_in_list: 422,
  measure_needs_citation: 422,
  basis_not_effective: 422,
  no_basis: 422,
  consent_required: 422,
  minimum_publicity_not_elapsed: 422,
  record_not_dishonest: 422,
  record_not_publicised: 422,
  record_not_subjects: 422,
  extension_too_long: 422,
  invalid_service_time: 422,
  invalid_responsible_person: 422,
  invalid_record: 422,
  invalid_extension: 422,
  corrected_content_required: 422,
  new_content_required: 422,
  reasons_required: 422,
  unknown_grantee: 422,
  invalid_authorisation: 422,
  // 403: the caller's department may not take this step (e.g. only credit-comprehensive changes the platform)
  forbidden_department: 403,
  /** A role that may not take this step at all (API.md: 403 `forbidden`). */
  forbidden: 403,
} as const;

export type RefusalCode = keyof typeof REFUSALS;

export function isRefusalCode(code: string | undefined): code is RefusalCode {
  return code !== undefined && Object.prototype.hasOwnProperty.call(REFUSALS, code);
}

/** A rule's refusal, before any case starts or any step is taken: its code, a sentence, and what it rests on. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Activity failures retrying cannot cure (ARCHITECTURE.md "Failures are classified"): a value the database refuses,
 * a broken invariant. Never retried; the case becomes an incident.
 */
export const DATA_REFUSED = 'data_refused';
export const BROKEN_INVARIANT = 'broken_invariant';
export const NON_RETRYABLE_FAILURES = [DATA_REFUSED, BROKEN_INVARIANT];
