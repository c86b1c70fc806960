import { Injectable } from '@nestjs/common';
import { OpenAPIObject } from '@nestjs/swagger';
import { FastifyInstance } from 'fastify';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, ProblemDetails, problemType } from '../problems/problem-details';

/** What a refused client is told to wait: another replica takes it at once, a restart takes a few seconds. */
export const SHUTDOWN_RETRY_AFTER_SECONDS = 5;

/**
 * How long a connection that carries no request may stay open once the drain has begun: a client
 * that was about to send on it gets a 503 rather than a closed socket. Past it, the connection is
 * closed (the client's pool was not using it).
 */
const IDLE_GRACE_MS = 500;
/** A connection closed on our side that the client does not close in this time is cut. */
const CLOSE_GRACE_MS = 2000;
/**
 * The listener closes once no connection has been accepted for this long. Node accepts one
 * connection per turn of its event loop, so under load the kernel holds connections that have
 * completed their handshake (their clients have sent their requests) until the loop gets to them;
 * closing the listener resets every one of those. A quiet spell many turns long says the queue is
 * empty: from then on a new connection is refused before anything is sent.
 */
const LISTENER_QUIET_MS = 250;
/** Clients that keep opening connections whatever they are told: the listener closes after this much of the deadline regardless. */
const LISTENER_LATEST_SHARE = 1 / 3;
const SWEEP_EVERY_MS = 50;

interface Connection {
  /** Requests received and not yet answered (more than one only when a client pipelines). */
  active: number;
  idleSince: number;
  closedAt?: number;
}

/**
 * The HTTP side of a graceful shutdown. Once `begin()` is called:
 *
 * - a request that arrives (on a connection already open, or a new one) is answered `503`
 *   problem+json (`shutting-down`) with `Retry-After` and `Connection: close`, after its body has
 *   been read, so the client gets a whole answer and never a reset, and knows nothing was done;
 * - a request already in flight runs to its end (its command appended), and its answer says
 *   `Connection: close`, so the client does not send on that connection again;
 * - the listener closes once the connections the kernel had queued for it have all been accepted
 *   (LISTENER_QUIET_MS): a connection opened after that is refused before the client sends
 *   anything (ECONNREFUSED: nothing was accepted, it may go elsewhere);
 * - a connection that carries no request is closed after IDLE_GRACE_MS.
 *
 * `settled()` resolves when the listener and the last connection have closed. Node's own
 * `server.close()` is not used for this: it closes the listener at once (resetting the queued
 * connections) and, since Node 19, destroys every idle keep-alive connection at once too, so a
 * client whose next request is already on its way on one gets a reset. (Fastify's
 * `forceCloseConnections: 'idle'` and `return503OnClosing` act only within that close, and its 503
 * is not problem+json.) The SSE feeds are ended by FeedService before `settled()` is awaited.
 */
@Injectable()
export class HttpDrain {
  private drainingSince: number | undefined;
  private latestListenerCloseMs = 0;
  private lastAcceptedAt = 0;
  private server: Server | undefined;
  private listening = true;
  private readonly connections = new Map<Socket, Connection>();
  /** Requests that arrived after the drain began: answered 503 once their body is in. */
  private readonly refused = new WeakSet<IncomingMessage>();
  private sweeper: NodeJS.Timeout | undefined;
  private waiters: (() => void)[] = [];

  /** Before the server listens: counts connections and requests, and adds the refusal to every route. */
  attach(fastify: FastifyInstance): void {
    const server = fastify.server;
    server.on('connection', (socket: Socket) => {
      this.lastAcceptedAt = performance.now();
      this.connections.set(socket, { active: 0, idleSince: this.lastAcceptedAt });
      socket.once('close', () => {
        this.connections.delete(socket);
        this.sweep();
      });
    });
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const connection = this.connections.get(request.socket);
      if (connection === undefined) return;
      connection.active += 1;
      // 'close' comes once the answer is complete or the connection is gone, streamed feeds included.
      response.once('close', () => {
        connection.active -= 1;
        connection.idleSince = performance.now();
        this.sweep();
      });
    });
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (this.draining) this.refused.add(request.raw);
      done();
    });
    // Refused here rather than on arrival: the body has been read, so nothing is left unread on a
    // socket about to close (closing with unread bytes sends the client a reset).
    fastify.addHook('preHandler', (request, reply, done) => {
      if (!this.refused.has(request.raw)) return done();
      const problem: ProblemDetails = {
        type: problemType('shutting-down'),
        title: 'Shutting down',
        status: 503,
        detail: `The service is shutting down and takes no new requests: nothing was done. Retry in ${SHUTDOWN_RETRY_AFTER_SECONDS} s (Retry-After), here once it is back or on another instance`,
        instance: request.url,
      };
      void reply
        .code(503)
        .header('Retry-After', String(SHUTDOWN_RETRY_AFTER_SECONDS))
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem));
    });
    fastify.addHook('onSend', (_request, reply, payload, done) => {
      // Node closes the connection after an answer that says so; the client opens no request on it.
      if (this.draining) void reply.header('Connection', 'close');
      done(null, payload);
    });
  }

  get draining(): boolean {
    return this.drainingSince !== undefined;
  }

  /**
   * Starts refusing requests and winding the connections down; the listener closes once its
   * queue is empty, or after a third of `timeoutSeconds` (SHUTDOWN_TIMEOUT_SECONDS) at the latest.
   */
  begin(server: Server, timeoutSeconds: number): void {
    if (this.draining) return;
    this.drainingSince = performance.now();
    this.server = server;
    this.listening = server.listening;
    this.latestListenerCloseMs = timeoutSeconds * 1000 * LISTENER_LATEST_SHARE;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweep();
  }

  /** Resolves once the listener and every connection have closed: each request in flight has been answered. */
  settled(): Promise<void> {
    if (this.draining && !this.listening && this.connections.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** What the drain still waits for, for the shutdown's deadline line. */
  pending(): string {
    const active = [...this.connections.values()].reduce((sum, connection) => sum + connection.active, 0);
    return `${active} requests in flight on ${this.connections.size} open connections${this.listening ? ', the listener still open' : ''}`;
  }

  private sweep(): void {
    if (this.drainingSince === undefined) return;
    const now = performance.now();
    const quiet = now - Math.max(this.drainingSince, this.lastAcceptedAt) >= LISTENER_QUIET_MS;
    if (this.listening && (quiet || now - this.drainingSince >= this.latestListenerCloseMs)) {
      this.listening = false;
      // net.Server's close, not http.Server's: the listener stops, the open connections stay (see the class comment).
      NetServer.prototype.close.call(this.server);
    }
    for (const [socket, connection] of this.connections) {
      if (connection.active > 0) continue;
      if (connection.closedAt !== undefined) {
        if (now - connection.closedAt >= CLOSE_GRACE_MS) socket.destroy();
      } else if (now - Math.max(this.drainingSince, connection.idleSince) >= IDLE_GRACE_MS) {
        connection.closedAt = now;
        socket.end();
      }
    }
    if (this.listening || this.connections.size > 0) return;
    clearInterval(this.sweeper);
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}

/**
 * Every operation may answer 503 `shutting-down` while the api stops (HttpDrain refuses whatever
 * arrives then, before any route): the document says so once here. Where an operation already
 * answers 503 for its own reason (GET /health/ready), both are described.
 */
export function documentShutdownRefusal(document: OpenAPIObject): void {
  const refusal = `The service is shutting down: nothing was done; retry after Retry-After seconds, here or on another instance (problem type shutting-down)`;
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const) {
      const operation = path[method];
      if (!operation) continue;
      const own = operation.responses['503'] as { description?: string } | undefined;
      operation.responses['503'] = {
        ...own,
        description: own?.description === undefined ? refusal : `${own.description}; or: ${refusal}`,
        headers: {
          ...(own as { headers?: object } | undefined)?.headers,
          'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
        },
        content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
  }
}
