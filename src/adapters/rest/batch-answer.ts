/**
 * The answer to a batch, written case by case in request order as soon as each is finished (a
 * 1,000-case answer is never one 40 MB string nor every assessment held at once): a case that
 * did not parse is its 400 problem in its slot, an unresolvable one its 422, the rest their
 * assessment; a summary closes the answer.
 */
import { once } from 'node:events';
import type { Response } from 'express';
import type { HttpProblem } from '../../http/problem';
import type { Assessment, CaseResult } from '../../pipeline/assess';
import type { Case } from '../../domain/case';

export type BatchSlot = { kase: Case } | { problem: HttpProblem };

export class BatchAnswer {
  private readonly summary: { cases: number; assessed: number; failed: number };
  private next = 0;
  private started = false;

  constructor(
    private readonly res: Response,
    private readonly slots: readonly BatchSlot[],
    private readonly on: {
      assessed: (assessment: Assessment) => void;
      unresolvable: (result: Extract<CaseResult, { ok: false }>, index: number) => HttpProblem;
    },
  ) {
    this.summary = { cases: slots.length, assessed: 0, failed: 0 };
  }

  /** The result of the case at `index` of the request (earlier unparsable cases are written first). */
  async result(r: CaseResult, index: number): Promise<void> {
    this.start();
    await this.flushProblemsBefore(index);
    if (r.ok) {
      this.summary.assessed++;
      this.on.assessed(r.assessment);
      await this.emit({ index, status: 200, assessment: r.assessment });
    } else {
      this.summary.failed++;
      await this.emit({ index, status: 422, problem: this.on.unresolvable(r, index).toBody() });
    }
  }

  async end(): Promise<void> {
    this.start();
    await this.flushProblemsBefore(this.slots.length);
    this.res.end(`],"summary":${JSON.stringify(this.summary)}}`);
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.res.status(200).type('application/json');
    this.res.write('{"results":[');
  }

  private async flushProblemsBefore(index: number): Promise<void> {
    while (this.next < index) {
      const slot = this.slots[this.next];
      if (!slot || !('problem' in slot)) break;
      this.summary.failed++;
      await this.emit({ index: this.next, status: slot.problem.status, problem: slot.problem.toBody() });
    }
  }

  /** One entry, honouring back-pressure from slow clients. */
  private async emit(entry: object): Promise<void> {
    if (!this.res.write((this.next > 0 ? ',' : '') + JSON.stringify(entry))) await once(this.res, 'drain');
    this.next++;
  }
}
