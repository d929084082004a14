/**
 * Admission control: a bounded amount of work in flight per process. At most `maxConcurrent`
 * requests are being worked on; up to `maxQueued` more wait in arrival order, each for at most
 * `maxQueueMs`. Anything beyond that is refused at once with 503 + Retry-After (before its body
 * is read), so under a surge the service answers what it can in time and refuses the rest
 * instead of letting every request's latency grow without bound.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../observability/metrics';
import { problems, sendProblem } from './problem';

export interface AdmissionSettings {
  maxConcurrent: number;
  maxQueued: number;
  maxQueueMs: number;
  /** How long a refusal tells the client to wait (Retry-After, seconds). */
  retryAfterSeconds: number;
}

export type ShedReason = 'queue-full' | 'queue-timeout';

export interface AdmissionLoad {
  inFlight: number;
  queued: number;
  maxConcurrent: number;
  maxQueued: number;
  /** True when a request was refused within the last second. */
  shedding: boolean;
}

type Release = () => void;

interface Waiter {
  grant(release: Release): void;
  timer: NodeJS.Timeout;
}

const SHEDDING_WINDOW_MS = 1000;

export class AdmissionControl {
  private active = 0;
  private readonly waiting: Waiter[] = [];
  private lastShedAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly settings: AdmissionSettings,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /**
   * Ask for a slot. Resolves with a release function once the request may run, or with the reason
   * it is refused (queue full: at once; waited longer than maxQueueMs: when that time is up).
   */
  admit(): Promise<{ release: Release } | { refused: ShedReason }> {
    if (this.active < this.settings.maxConcurrent) return Promise.resolve({ release: this.slot() });
    if (this.waiting.length >= this.settings.maxQueued) return Promise.resolve(this.refuse('queue-full'));
    return new Promise((resolve) => {
      const waiter: Waiter = {
        grant: (release) => resolve({ release }),
        timer: setTimeout(() => {
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(this.refuse('queue-timeout'));
        }, this.settings.maxQueueMs),
      };
      this.waiting.push(waiter);
    });
  }

  load(): AdmissionLoad {
    return {
      inFlight: this.active,
      queued: this.waiting.length,
      maxConcurrent: this.settings.maxConcurrent,
      maxQueued: this.settings.maxQueued,
      shedding: this.now() - this.lastShedAt < SHEDDING_WINDOW_MS,
    };
  }

  private refuse(reason: ShedReason): { refused: ShedReason } {
    this.lastShedAt = this.now();
    return { refused: reason };
  }

  /** Take a slot; its release (idempotent) hands the slot to the longest-waiting request. */
  private slot(): Release {
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      const next = this.waiting.shift();
      if (next) {
        clearTimeout(next.timer);
        next.grant(this.slot());
      }
    };
  }
}

/**
 * Express middleware: holds a slot from admission until the response is finished or the client
 * went away; a refused request gets 503 problem+json with Retry-After and is counted.
 */
export function admissionMiddleware(admission: AdmissionControl, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const queuedAt = process.hrtime.bigint();
    let gone = false;
    res.once('close', () => {
      gone = true;
    });
    void admission.admit().then((outcome) => {
      if ('refused' in outcome) {
        metrics.shedRequests.inc({ reason: outcome.refused });
        if (!gone) sendProblem(res, problems.overloaded(admission.settings.retryAfterSeconds), req.path);
        return;
      }
      if (gone) {
        outcome.release();
        return;
      }
      metrics.admissionWait.observe(Number(process.hrtime.bigint() - queuedAt) / 1e9);
      res.once('close', outcome.release);
      next();
    });
  };
}
