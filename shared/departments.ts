/**
 * How a department appears on what it issues (DOMAIN.md §3, relief row): its full name as the issuing authority,
 * and the relief its decisions print. Reference data, editable by comprehensive supervisors; workflow-safe.
 */
import type { Department } from './domain';

export interface DepartmentProfile {
  code: Department;
  /** The issuing authority, e.g. 南京市市场监督管理局. */
  name: string;
  /**
   * Administrative reconsideration (Administrative Reconsideration Law, 2023): to the people's government at the
   * department's level (Art 24), or for vertically managed departments such as tax to the department one level up
   * (Art 27). Absent for a court, whose own correction procedure is printed instead.
   */
  reconsiderationBody?: string;
  correctionProcedure?: string;
}
