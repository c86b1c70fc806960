/**
 * One step of a process's shutdown: the api's, the projector's and the policy engine's each list
 * theirs (stop taking work, let what is in flight finish, close the stores), run in order.
 */
export interface ShutdownStep {
  /** What it does: named in the log, and named as unfinished if the deadline passes during it. */
  name: string;
  run: () => unknown;
  /** What it is still waiting for, for the deadline's log line ("3 requests in flight"). */
  pending?: () => string | undefined;
}

/** The subset of a pino logger the shutdown writes to (the engine's process adapts Nest's Logger). */
export interface ShutdownLog {
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Where signals come from: the process, or a test's stand-in. */
export type SignalSource = Pick<NodeJS.EventEmitter, 'on'>;

export interface GracefulShutdownOptions {
  /** SHUTDOWN_TIMEOUT_SECONDS: past it, the process logs what was still pending and exits 1. */
  timeoutSeconds: number;
  log: ShutdownLog;
  /** Writes out what the log still buffers; the last thing before the exit. */
  flush?: () => Promise<void>;
  /** `process.exit` unless a test stands in for it. */
  exit?: (code: number) => void;
  signals?: readonly NodeJS.Signals[];
  source?: SignalSource;
}

/** How long the deadline's log line may take to reach its destination before the exit regardless. */
const LAST_FLUSH_MS = 1000;

/** Each signal source gets handlers once: two sets would run two shutdowns side by side. */
const installedOn = new WeakSet<SignalSource>();

/**
 * A process's graceful shutdown: on SIGTERM (or SIGINT) it runs the steps in order, within
 * SHUTDOWN_TIMEOUT_SECONDS, logs one line with how long it took and exits 0. A step that throws is
 * logged and the others still run (the stores still close), and the exit is 1. When the deadline
 * passes first, it logs the step it was in with what that step still waited for and the steps not
 * started, and exits 1: an orchestrator's SIGKILL would otherwise come with no word of why. A
 * second signal during the shutdown exits at once the same way (someone pressed Ctrl-C twice).
 * Framework-free, so that the Nest apps and the plain projector share it.
 */
export class GracefulShutdown {
  private readonly steps: ShutdownStep[] = [];
  private readonly exit: (code: number) => void;
  private running: Promise<number> | undefined;
  private current: ShutdownStep | undefined;
  private exited = false;
  private startedAt = 0;
  private deadline: NodeJS.Timeout | undefined;

  constructor(private readonly options: GracefulShutdownOptions) {
    this.exit = options.exit ?? ((code) => process.exit(code));
  }

  /** Runs the shutdown on the first of `signals` (SIGTERM and SIGINT by default); exits at once on a second. */
  install(): this {
    const source = this.options.source ?? process;
    if (installedOn.has(source)) throw new Error('Shutdown signal handlers are installed once per process');
    installedOn.add(source);
    for (const signal of this.options.signals ?? ['SIGTERM', 'SIGINT']) {
      source.on(signal, () => {
        if (this.running) void this.abandon(`a second signal (${signal})`);
        else void this.run(signal);
      });
    }
    return this;
  }

  /** Adds a step after those already added. */
  add(step: ShutdownStep): this {
    this.steps.push(step);
    return this;
  }

  /** Whether the shutdown has begun: start-up code checks it between its awaits. */
  get started(): boolean {
    return this.running !== undefined;
  }

  /** Runs the steps (once, whoever asks) and exits; resolves with the exit code. */
  run(reason: string): Promise<number> {
    this.running ??= this.runSteps(reason);
    return this.running;
  }

  private async runSteps(reason: string): Promise<number> {
    this.startedAt = performance.now();
    const { timeoutSeconds, log } = this.options;
    log.info({ reason, timeoutSeconds }, 'shutting down');
    // Not unref'd: it is what ends a shutdown that hangs.
    this.deadline = setTimeout(() => void this.abandon(`the deadline (SHUTDOWN_TIMEOUT_SECONDS=${timeoutSeconds})`), timeoutSeconds * 1000);
    const took: Record<string, number> = {};
    let failed = false;
    for (const step of this.steps) {
      this.current = step;
      const began = performance.now();
      try {
        await step.run();
      } catch (error) {
        failed = true;
        log.error({ step: step.name, err: error }, 'shutdown step failed');
      }
      took[step.name] = Math.round(performance.now() - began);
    }
    this.current = undefined;
    const code = failed ? 1 : 0;
    if (this.exited) return code;
    const ms = Math.round(performance.now() - this.startedAt);
    log.info({ ms, steps: took, exitCode: code }, `shut down in ${ms} ms`);
    await this.options.flush?.();
    this.finish(code);
    return code;
  }

  /** Gives up on what is left: names it, then exits 1. */
  private async abandon(why: string): Promise<void> {
    if (this.exited) return;
    const current = this.current;
    const notStarted = current === undefined ? [] : this.steps.slice(this.steps.indexOf(current) + 1).map((step) => step.name);
    const waitingFor = current?.pending?.();
    this.options.log.error(
      {
        ms: Math.round(performance.now() - this.startedAt),
        pending: current?.name,
        ...(waitingFor === undefined ? {} : { waitingFor }),
        notStarted,
      },
      `shutdown stopped by ${why}: ${current === undefined ? 'nothing was pending' : `"${current.name}" had not finished`}`,
    );
    await Promise.race([this.options.flush?.(), new Promise((resolve) => setTimeout(resolve, LAST_FLUSH_MS).unref())]);
    this.finish(1);
  }

  private finish(code: number): void {
    if (this.exited) return;
    this.exited = true;
    clearTimeout(this.deadline);
    this.exit(code);
  }
}
