/** The CLI's exit codes. */
export const EXIT = {
  ok: 0,
  /** The work could not be done, or not all of it: unreadable input, refusals, a failing store. */
  failed: 1,
  /** The command line or the environment is wrong; nothing was attempted. */
  usage: 2,
  /** Done, except what was refused: each refusal is printed with its customer (the policy run). */
  refused: 3,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
