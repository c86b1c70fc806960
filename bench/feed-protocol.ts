/** What bench/feed.bench.ts and the api process it starts (bench/feed-server.ts) say to each other. */
export const BENCH_KEY = 'bench-integration-key-0123456789';

export type ServerRequest = { append: { customers: number; firstCustomer: number } } | { stop: true };
/** `engineCaughtUpMs`: how long the hosted policy engine took to follow the history before the api said it listens. */
export type ServerReply = { listening: number; engineCaughtUpMs: number } | { appended: number };
