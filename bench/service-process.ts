/**
 * A service the benches start as its own process (the built api, or a bare app beside it), so
 * that what is measured is what an operator runs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Server {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a process whose output (written to a file, so the bench spends no CPU on it) says "listening on …:<port>". */
export async function startProcess(args: string[], env: Record<string, string>, logFile: string): Promise<Server> {
  const out = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', out, out] });
  closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; waited < 120_000; waited += 100) {
    const match = /listening on (?:http:\/\/localhost:)?(\d+)/.exec(readFileSync(logFile, 'utf8'));
    if (match) {
      return {
        baseUrl: `http://127.0.0.1:${match[1]}`,
        child,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      };
    }
    if (child.exitCode !== null) break;
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start:\n${readFileSync(logFile, 'utf8')}`);
}
