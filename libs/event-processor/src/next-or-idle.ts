export const IDLE = Symbol('idle');
const NOT_YET = Symbol('not yet');

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The next message, or IDLE if none comes within `ms` (at once if `ms` has run out). While catching up the next message is
 * usually there already (or a few microtasks away): only then is a timer set, and it is cleared.
 */
export async function nextOrIdle<T>(pending: Promise<T>, ms: number): Promise<T | typeof IDLE> {
  if (ms <= 0) return IDLE;
  for (let tick = 0; tick < 4; tick++) {
    const settled: T | typeof NOT_YET = await Promise.race<T | typeof NOT_YET>([pending, NOT_YET]);
    if (settled !== NOT_YET) return settled;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([pending, new Promise<typeof IDLE>((resolve) => (timer = setTimeout(() => resolve(IDLE), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
