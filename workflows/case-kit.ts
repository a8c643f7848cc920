/**
 * What every case workflow shares: the case state, its events, its projection into PostgreSQL, and the deadline
 * machinery (reminder at a share of the period, overdue and escalation at its end, suspension, extension,
 * recomputation when the calendar changes). Deterministic: time is workflow time, the calendar is data.
 */
import { condition, patched, proxyActivities, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { CaseActivities, CaseStep, DeadlineNotice } from '../activities/case-activities';
import type { IssueDocumentInput } from '../activities/document-activities';
import { ACTIVITY_OPTIONS, LOCAL_STEP_COMMIT, ONE_ACTIVITY_PER_STEP, documents, reads } from './activity-proxies';
import { refuse } from './refusals';
import { toProjection, type Actor, type AllowedActions, type CaseDocument, type CaseState } from '../shared/cases';
import type { CalendarSnapshot } from '../shared/calendar';
import { toShanghaiIso } from '../shared/calendar';
import {
  type Deadline,
  type DeadlineSpec,
  extend,
  isOpen,
  openDeadline,
  reschedule,
  resume,
  suspend,
} from '../shared/deadlines';

const acts = proxyActivities<CaseActivities>(ACTIVITY_OPTIONS);
// A step's commit renders the documents it issued (up to a few PDFs), so it gets the documents' time.
const steps = proxyActivities<Pick<CaseActivities, 'commitStep'>>({ ...ACTIVITY_OPTIONS, startToCloseTimeout: '2 minutes' });
const localSteps = proxyLocalActivities<Pick<CaseActivities, 'commitStep'>>({ startToCloseTimeout: '2 minutes', retry: ACTIVITY_OPTIONS.retry });

export class CaseKit<S extends CaseState> {
  /** Bumped on every change so the deadline watcher re-plans its next timer. */
  private changes = 0;
  /** Whether the calendar was read during the current step (the case starts with a fresh one). */
  private calendarFresh = true;
  /**
   * A step's writes go in one activity and one transaction (its commit). Cases recorded before (no marker in their
   * history) keep writing each document, service and notice in an activity of its own, and replay as recorded.
   */
  readonly oneActivityPerStep = patched(ONE_ACTIVITY_PER_STEP);
  /** Each commit a local activity (cases recorded before keep their activity tasks). */
  private readonly localCommits = patched(LOCAL_STEP_COMMIT);
  /** The deadline notices the current step raised; its commit takes them. */
  private notices: Required<Pick<CaseStep, 'reminders' | 'escalations'>> = { reminders: [], escalations: [] };
  /**
   * Documents issued and not yet confirmed stored: every commit carries them until one answers their SHA-256, so
   * that a commit of a later revision running beside theirs (whose projection would then win) holds them whole.
   * Rendering is deterministic, and the store keeps the first copy of a key.
   */
  private unconfirmed: NonNullable<CaseStep['documents']> = [];

  constructor(
    readonly state: S,
    private readonly allowedActions: (state: S) => AllowedActions,
    /**
     * A status the case reaches by itself once a step leaves it ready (e.g. the window ended and every statement
     * answered: awaiting the decision), set as that step commits instead of in a commit of its own.
     */
    private readonly settle?: (state: S) => void,
  ) {}

  now(): number {
    return Date.now();
  }

  record(actor: Actor, action: string, details?: Record<string, unknown>): void {
    this.state.events.push({
      seq: this.state.events.length + 1,
      at: toShanghaiIso(this.now()),
      actor: actor.id,
      role: actor.role,
      action,
      details,
    });
  }

  /** Recompute what may be done, and write the case, its deadlines and new audit events to PostgreSQL. */
  async commit(): Promise<void> {
    if (this.oneActivityPerStep) this.settle?.(this.state);
    this.state.allowedActions = this.allowedActions(this.state);
    this.state.revision++;
    this.changes++;
    this.calendarFresh = false;
    if (!this.oneActivityPerStep) return acts.projectCase(toProjection(this.state));
    const notices = this.notices;
    this.notices = { reminders: [], escalations: [] };
    const sha256 = await (this.localCommits ? localSteps : steps).commitStep({ projection: toProjection(this.state), documents: [...this.unconfirmed], ...notices });
    this.unconfirmed = this.unconfirmed.filter((d) => !(d.id in sha256));
    for (const d of this.state.documents) if (d.id in sha256) d.sha256 = sha256[d.id];
  }

  /**
   * Issues a document: named now, rendered and stored by the step's commit (its SHA-256 is known once committed).
   * The key (workflow ID + step) makes a retried commit store it once.
   */
  async issue(input: Omit<IssueDocumentInput, 'caseId'>): Promise<CaseDocument> {
    if (!this.oneActivityPerStep) {
      const stored = await documents.issueDocument({ ...input, caseId: this.state.id });
      this.addDocument(stored);
      return stored;
    }
    const doc: CaseDocument = { id: uuid4(), kind: input.request.kind, sha256: '', createdAt: new Date(input.request.input.issuedAt).toISOString() };
    this.unconfirmed.push({ ...input, caseId: this.state.id, id: doc.id });
    this.addDocument(doc);
    return doc;
  }

  /** A document's service and acknowledgement are written by the step's commit, from the case's documents. */
  async documentServed(doc: CaseDocument): Promise<void> {
    if (!this.oneActivityPerStep) await documents.recordService({ documentId: doc.id, servedAt: doc.servedAt!, method: doc.serviceMethod! });
  }

  async documentAcknowledged(doc: CaseDocument): Promise<void> {
    if (!this.oneActivityPerStep) await documents.recordAcknowledgement({ documentId: doc.id, at: doc.acknowledgedAt! });
  }

  async close(status: string, actor: Actor, action: string, details?: Record<string, unknown>): Promise<void> {
    for (const d of this.state.deadlines) if (isOpen(d)) this.cancelDeadline(d.id);
    this.state.status = status;
    this.state.open = false;
    this.record(actor, action, details);
    await this.commit();
  }

  addDocument(doc: CaseDocument): void {
    if (!this.state.documents.some((d) => d.id === doc.id)) this.state.documents.push(doc);
  }

  document(kind: string): CaseDocument | undefined {
    return [...this.state.documents].reverse().find((d) => d.kind === kind);
  }

  // ---- deadlines ----

  /** Opens a deadline on the calendar as it is now (DOMAIN.md §3), not as it was when the case started. */
  async openDeadline(spec: Omit<DeadlineSpec, 'startsFrom' | 'reminderPercent'> & { event: string; at?: number }): Promise<Deadline> {
    await this.refreshCalendar();
    const deadline = openDeadline(
      { ...spec, startsFrom: { event: spec.event, at: spec.at ?? this.now() }, reminderPercent: this.state.limits.reminderPercent },
      this.state.calendar,
    );
    this.state.deadlines = this.state.deadlines.filter((d) => d.id !== spec.id).concat(deadline);
    return deadline;
  }

  deadline(id: string): Deadline | undefined {
    return this.state.deadlines.find((d) => d.id === id);
  }

  private replace(id: string, next: (d: Deadline) => Deadline): Deadline {
    const index = this.state.deadlines.findIndex((d) => d.id === id);
    if (index < 0) throw new Error(`no deadline ${id}`);
    const updated = next(this.state.deadlines[index]);
    this.state.deadlines[index] = updated;
    return updated;
  }

  /** The step the deadline waited for was taken; an escalation it raised is resolved by the projection. */
  meetDeadline(id: string): void {
    this.replace(id, (d) => (isOpen(d) ? { ...d, state: 'met', metAt: toShanghaiIso(this.now()), suspendedSince: undefined } : d));
  }

  cancelDeadline(id: string): void {
    this.replace(id, (d) => (isOpen(d) ? { ...d, state: 'cancelled', suspendedSince: undefined } : d));
  }

  suspendDeadline(id: string, reason: string): Deadline {
    return this.replace(id, (d) => suspend(d, reason, this.now()));
  }

  async resumeDeadline(id: string): Promise<Deadline> {
    await this.refreshCalendar();
    return this.replace(id, (d) => resume(d, this.state.calendar, this.now()));
  }

  /** Refuses an extension the rules do not allow: a deadline is extended once, by 1 to `max` working days. */
  checkExtension(id: string, workingDays: number, max: number): void {
    const deadline = this.deadline(id)!;
    if (deadline.extension) refuse('extension_already_granted', 'this period was already extended once', { extension: deadline.extension });
    if (!Number.isInteger(workingDays) || workingDays < 1) refuse('invalid_extension', 'an extension is a whole number of working days, at least one');
    if (workingDays > max) refuse('extension_too_long', `an extension may be at most ${max} working days`, { maxWorkingDays: max });
  }

  async extendDeadline(id: string, ext: { workingDays: number; reason: string; by: string }): Promise<Deadline> {
    await this.refreshCalendar();
    return this.replace(id, (d) => extend(d, ext, this.state.calendar, this.now()));
  }

  /** A newer calendar moves every open deadline that crosses a changed day; each move is recorded with why. */
  async applyCalendar(calendar: CalendarSnapshot): Promise<void> {
    if (this.adoptCalendar(calendar)) await this.commit();
  }

  /** Fetches the calendar when it changed since the case last saw it (a propagation may not have reached it yet). */
  private async refreshCalendar(): Promise<void> {
    // Read once per step: a second deadline of the same step uses the same calendar.
    if (this.calendarFresh || !patched('calendar-when-deadline-opens')) return;
    this.calendarFresh = true;
    const newer = await (this.oneActivityPerStep ? reads : acts).loadCalendarIfNewer({ version: this.state.calendar.version });
    if (newer) this.adoptCalendar(newer);
  }

  private adoptCalendar(calendar: CalendarSnapshot): boolean {
    if (calendar.version <= this.state.calendar.version) return false;
    this.state.calendar = calendar;
    const before = this.state.deadlines.map((d) => d.dueDate);
    this.state.deadlines = this.state.deadlines.map((d) =>
      isOpen(d) ? reschedule(d, calendar, `calendar changed (version ${calendar.version})`, this.now()) : d,
    );
    const moved = this.state.deadlines.filter((d, i) => d.dueDate !== before[i]).map((d) => d.id);
    this.record({ id: 'system', role: 'system' }, 'calendar_applied', { version: calendar.version, moved });
    return true;
  }

  /** Runs for the life of the case: fires reminders and overdue escalations, re-planning on every change. */
  async watchDeadlines(): Promise<void> {
    while (this.state.open) {
      const seen = this.changes;
      const next = this.nextDeadlineEvent();
      const woken = () => this.changes !== seen || !this.state.open;
      if (next === undefined) {
        await condition(woken);
        continue;
      }
      const wait = next - this.now();
      if (wait > 0 && (await condition(woken, wait))) continue;
      await this.fireDueDeadlines();
    }
  }

  private nextDeadlineEvent(): number | undefined {
    let next: number | undefined;
    for (const d of this.state.deadlines) {
      if (d.state === 'pending' && d.remindAt) next = Math.min(next ?? Infinity, Date.parse(d.remindAt));
      if (d.state === 'pending' || d.state === 'due_soon') next = Math.min(next ?? Infinity, Date.parse(d.dueAt));
    }
    return next;
  }

  private async fireDueDeadlines(): Promise<void> {
    const now = this.now();
    const at = toShanghaiIso(now);
    const system: Actor = { id: 'system', role: 'system' };
    for (const d of this.state.deadlines) {
      if (d.state !== 'pending' && d.state !== 'due_soon') continue;
      const notice = { caseId: this.state.id, caseType: this.state.type, department: this.state.department, deadline: d, at };
      if (now >= Date.parse(d.dueAt)) {
        if (!d.escalates) {
          this.replace(d.id, (x) => ({ ...x, state: 'met', metAt: at }));
          this.record(system, 'period_ended', { deadline: d.id, dueAt: d.dueAt });
          continue;
        }
        const overdue = this.replace(d.id, (x) => ({ ...x, state: 'overdue', overdueAt: at }));
        await this.notify('escalations', { ...notice, deadline: overdue });
        this.record(system, 'deadline_overdue', { deadline: d.id, dueAt: d.dueAt, escalatedTo: 'supervisors' });
      } else if (d.state === 'pending' && d.remindAt && now >= Date.parse(d.remindAt)) {
        const reminded = this.replace(d.id, (x) => ({ ...x, state: 'due_soon', remindedAt: at }));
        await this.notify('reminders', { ...notice, deadline: reminded });
        this.record(system, 'deadline_reminder', { deadline: d.id, dueAt: d.dueAt });
      }
    }
    await this.commit();
  }

  private async notify(kind: 'reminders' | 'escalations', notice: DeadlineNotice): Promise<void> {
    if (this.oneActivityPerStep) this.notices[kind].push(notice);
    else if (kind === 'escalations') await acts.raiseEscalation(notice);
    else await acts.sendReminder(notice);
  }
}
