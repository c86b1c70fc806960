import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { BusinessDate, Clock, daysBetween } from '@collections/domain';
import { EVENT_STORE, EventStore } from '@collections/event-store';
import { CollectionPolicies, CollectionPolicy } from '@collections/policy';
import { WhatIfReport, whatIfOnStore } from '@collections/policy-engine';
import { CLOCK } from '@collections/platform';

/** A what-if run of this api: running, then done with its report, or failed with why. */
export interface WhatIfRun {
  id: string;
  status: 'running' | 'done' | 'failed';
  policy: { name: string; version: number };
  from: BusinessDate;
  to: BusinessDate;
  requestedBy: string;
  startedAt: string;
  finishedAt?: string;
  progress: { daysDone: number; days: number };
  report?: WhatIfReport;
  error?: string;
}

/** Another what-if is running in this api: one at a time, so a replay never takes the server's memory twice. */
export class WhatIfAlreadyRunningError extends Error {
  constructor(readonly runningId: string) {
    super(`What-if ${runningId} is still running: one runs at a time; ask again when it is done`);
    this.name = 'WhatIfAlreadyRunningError';
  }
}

/** How many finished runs the api keeps for reading (their reports are in memory only). */
const KEPT = 20;

/**
 * The what-if runs of this api process: one at a time, kept in memory (the last 20) for their
 * progress and report. The replay reads the event store and writes nothing (libs/policy-engine,
 * what-if); a restart forgets the runs, not anything recorded.
 */
@Injectable()
export class WhatIfRuns {
  private readonly logger = new Logger('WhatIf');
  private readonly runs = new Map<string, WhatIfRun>();
  private running: string | undefined;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly policies: CollectionPolicies,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(policy: CollectionPolicy, from: BusinessDate, to: BusinessDate, requestedBy: string): WhatIfRun {
    if (this.running !== undefined) throw new WhatIfAlreadyRunningError(this.running);
    const run: WhatIfRun = {
      id: randomUUID(),
      status: 'running',
      policy: { name: policy.name, version: policy.version },
      from,
      to,
      requestedBy,
      startedAt: this.clock.now(),
      progress: { daysDone: 0, days: daysBetween(from, to) + 1 },
    };
    this.running = run.id;
    this.keep(run);
    whatIfOnStore(this.store, this.policies, { policy, from, to, onDay: (_, done) => (run.progress.daysDone = done) })
      .then(({ report }) => Object.assign(run, { status: 'done', report }))
      .catch((error: unknown) => {
        this.logger.error(`What-if ${run.id} failed: ${(error as Error).message}`);
        Object.assign(run, { status: 'failed', error: (error as Error).message });
      })
      .finally(() => {
        run.finishedAt = this.clock.now();
        this.running = undefined;
      });
    return run;
  }

  get(id: string): WhatIfRun | undefined {
    return this.runs.get(id);
  }

  private keep(run: WhatIfRun): void {
    this.runs.set(run.id, run);
    for (const id of this.runs.keys()) {
      if (this.runs.size <= KEPT) break;
      if (id !== this.running) this.runs.delete(id);
    }
  }
}
