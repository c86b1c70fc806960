import { Context } from 'mingo';
import type { Iterator } from 'mingo/types/lazy';
import type { PipelineOperator } from 'mingo/types/types';
import { MAX_BLOCKING_DOCUMENTS, Pipeline, QueryBoundError, QueryBounds } from '../read-store.port';
import { isPlainObject } from './json';

/** Stages that take in their whole input before they give anything out. */
const BLOCKING_STAGES = new Set(['$sort', '$group', '$bucket', '$bucketAuto', '$sortByCount', '$setWindowFields']);
/** The checkpoint stage the guard puts between a bounded pipeline's stages (a name no caller can use: it is not MongoDB's). */
const CHECKPOINT = '$__readGuard';

interface Checkpoint {
  /** The stage after this checkpoint holds everything it is given. */
  holds: boolean;
  /** Its name, for the message. */
  before: string;
}

/**
 * The embedded store's QueryBounds. mingo evaluates a pipeline lazily, pulling one document at a
 * time through its stages, but synchronously: nothing else in the process runs meanwhile. So a
 * bounded read checks its deadline between documents, at every stage (a checkpoint stage between
 * each two, also inside `$lookup` and `$facet` sub-pipelines), and stops with a QueryBoundError
 * once it is past it; and with `allowDiskUse: false` it counts what each blocking stage takes in.
 */
export class ReadGuard {
  private readonly deadline: number;
  private readonly capped: boolean;

  constructor(private readonly bounds: QueryBounds) {
    this.deadline = bounds.maxTimeMS === undefined || bounds.maxTimeMS <= 0 ? Infinity : Date.now() + bounds.maxTimeMS;
    this.capped = bounds.allowDiskUse === false;
  }

  /** Whether these options bound the read at all (unbounded reads keep their faster paths). */
  static bounds(options: QueryBounds): boolean {
    return (options.maxTimeMS !== undefined && options.maxTimeMS > 0) || options.allowDiskUse === false;
  }

  /** Throws once the read is past its deadline. */
  tick(): void {
    if (Date.now() > this.deadline) {
      throw new QueryBoundError('time', `The read ran past its time bound of ${this.bounds.maxTimeMS} ms and was stopped`);
    }
  }

  /** Throws when a blocking stage is handed more than it may hold. */
  held(count: number, stage: string): void {
    if (this.capped && count > MAX_BLOCKING_DOCUMENTS) {
      throw new QueryBoundError(
        'memory',
        `${stage} was handed more than ${MAX_BLOCKING_DOCUMENTS} documents, more than it may hold in memory`,
      );
    }
  }

  /** `documents`, checked against the deadline before each one. */
  *checked<T>(documents: Iterable<T>): Generator<T> {
    for (const document of documents) {
      this.tick();
      yield document;
    }
  }

  /** `pipeline` with a checkpoint before each stage and after the last, sub-pipelines included. */
  instrument(pipeline: Pipeline): Pipeline {
    const checkpoint = (stage: Record<string, unknown> | undefined): Record<string, unknown> => {
      const [before = 'the output'] = stage ? Object.keys(stage) : [];
      return { [CHECKPOINT]: { holds: BLOCKING_STAGES.has(before), before } satisfies Checkpoint };
    };
    return [...pipeline.flatMap((stage) => [checkpoint(stage), this.instrumentStage(stage)]), checkpoint(undefined)];
  }

  /** A mingo context holding the checkpoint stage of this read. */
  context(): Context {
    const guard = (collection: Iterator, checkpoint: Checkpoint): Iterator => {
      let count = 0;
      return collection.map((document: unknown) => {
        this.tick();
        if (checkpoint.holds) this.held((count += 1), checkpoint.before);
        return document;
      });
    };
    return Context.init({ pipeline: { [CHECKPOINT]: guard as unknown as PipelineOperator } });
  }

  private instrumentStage(stage: Record<string, unknown>): Record<string, unknown> {
    if (isPlainObject(stage.$lookup) && Array.isArray(stage.$lookup.pipeline)) {
      return { $lookup: { ...stage.$lookup, pipeline: this.instrument(stage.$lookup.pipeline as Pipeline) } };
    }
    if (isPlainObject(stage.$facet)) {
      const facets = Object.entries(stage.$facet).map(([name, facet]) => [name, Array.isArray(facet) ? this.instrument(facet) : facet]);
      return { $facet: Object.fromEntries(facets) };
    }
    return stage;
  }
}
