import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AccountWriter } from '@collections/accounts';
import { GracefulShutdown } from '@collections/platform';
import { REQUEST_LOG, RequestLog } from './config/request-log';
import { FeedService } from './feed/feed.service';
import { HttpDrain } from './http/http-drain';
import { InboundSmtpListener } from './inbound-mail/inbound-smtp-listener';

/**
 * The api's shutdown on SIGTERM or SIGINT, within SHUTDOWN_TIMEOUT_SECONDS (docs/operations.md,
 * "Stopping and restarting"). The order matters: nothing new comes in before anything in flight is
 * waited for, and the stores close last.
 */
export function installShutdown(app: NestFastifyApplication, timeoutSeconds: number): GracefulShutdown {
  const { logger } = app.get<RequestLog>(REQUEST_LOG);
  const drain = app.get(HttpDrain);
  const feed = app.get(FeedService);
  const writer = app.get(AccountWriter);
  const smtp = app.get(InboundSmtpListener);
  return (
    new GracefulShutdown({
      timeoutSeconds,
      log: logger,
      flush: () => new Promise((resolve) => logger.flush(() => resolve())),
    })
      .add({ name: 'refuse new requests', run: () => drain.begin(app.getHttpServer(), timeoutSeconds) })
      // Before the commands in flight are waited for: a message being received is recorded, or the sender retries.
      .add({ name: 'stop taking replies by SMTP', run: () => smtp.stop() })
      .add({
        name: 'end the feeds with feed-ended and the position to resume after',
        run: () => feed.endAll(),
        pending: () => `${feed.openConnections.length} feed connections open`,
      })
      .add({
        name: 'answer the requests in flight, close the listener and the connections',
        run: () => drain.settled(),
        pending: () => drain.pending(),
      })
      .add({
        name: 'append the commands in flight',
        run: () => writer.settled(),
        pending: () => `commands of ${writer.busyCustomers} customers queued`,
      })
      // Nest's shutdown hooks: the hosted projector and the policy engine stop after the batch in
      // hand with its checkpoint, letter delivery after its batch, then the stores close (the event
      // store last, once the engine's commands are appended).
      .add({ name: 'stop the projector and the policy engine, close the stores', run: () => app.close() })
      .install()
  );
}
