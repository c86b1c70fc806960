import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The built CLI (`npm test` builds first), run as `npm run cli -- …` runs it. */
export const CLI = join(__dirname, '../../dist/apps/cli/src/main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  milliseconds: number;
}

/** Runs the CLI in a process of its own with only PATH and `env`, to its end. */
export function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr, milliseconds: performance.now() - started })),
  );
}
