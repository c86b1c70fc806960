import { LruMap } from '@collections/platform';
import { Projector } from '@collections/projections';

/** Distinct questions kept at once (a collector's list under each filter, for today). */
const CAPACITY = 512;

/**
 * Answers computed from the read models, kept while the read models stay where they were: the
 * moment the projector applies another event, or a refresh of the payment predictions completes
 * (it changes them without an event), every answer is dropped, so an answer is never older than
 * the read models themselves. Only where this process keeps the read models (it then knows when
 * they change); elsewhere every question is computed.
 */
export class ReadModelAnswers {
  private readonly answers = new LruMap<string, Promise<unknown>>(CAPACITY);
  private state = '';

  constructor(
    private readonly projector: Projector,
    /** Whether this process applies the events to the read models. */
    private readonly keepsReadModels: boolean,
    /** The payment predictions' refreshes completed so far (PredictionRefreshSchedule). */
    private readonly refreshes: { readonly completed: number } = { completed: 0 },
  ) {}

  /**
   * Where the read models stand, while this process keeps them (undefined elsewhere): every answer
   * stays the same until it moves, so it names an answer's version without computing it.
   */
  get version(): string | undefined {
    return this.keepsReadModels ? this.stateNow() : undefined;
  }

  answer<T>(question: string, compute: () => Promise<T>): Promise<T> {
    if (!this.keepsReadModels) return compute();
    const state = this.stateNow();
    if (state !== this.state) {
      this.answers.clear();
      this.state = state;
    }
    let answer = this.answers.get(question) as Promise<T> | undefined;
    if (answer === undefined) {
      answer = compute();
      this.answers.set(question, answer);
      // A failed computation is not an answer.
      answer.catch(() => this.answers.delete(question));
    }
    return answer;
  }

  private stateNow(): string {
    return `${this.projector.position}/${this.refreshes.completed}`;
  }
}
