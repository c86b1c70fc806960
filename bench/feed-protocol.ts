/** What bench/feed.bench.ts and the api process it starts (bench/feed-server.ts) say to each other. */
export const BENCH_KEY = 'bench-integration-key-0123456789';

export type ServerRequest = { append: { customers: number; firstCustomer: number } } | { stop: true };
export type ServerReply = { listening: number } | { appended: number };
