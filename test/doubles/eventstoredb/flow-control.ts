import type { EventEmitter } from 'node:events';

/** The writing side of a server-streaming or bidi gRPC call. */
export interface ResponseStream<T> extends EventEmitter {
  readonly cancelled: boolean;
  write(message: T): boolean;
}

const SETTLING_EVENTS = ['drain', 'cancelled', 'close'] as const;

/**
 * Writes one message, then waits while grpc-js holds more than its high-water mark, so a slow
 * client slows the double down (as HTTP/2 flow control does a real server) instead of growing
 * its buffers. A cancelled or closed call stops the wait; nothing is written to it.
 */
export async function send<T>(call: ResponseStream<T>, message: T): Promise<void> {
  if (call.cancelled || call.write(message)) return;
  await new Promise<void>((resolve) => {
    const settle = () => {
      for (const event of SETTLING_EVENTS) call.off(event, settle);
      resolve();
    };
    for (const event of SETTLING_EVENTS) call.on(event, settle);
  });
}
