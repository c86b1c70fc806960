import { LoggerService } from '@nestjs/common';
import { Level, Logger } from 'pino';

/**
 * Nest's own log lines (start-up, and what a component reports through Nest's Logger) as JSON
 * lines of the request log's pino logger, with the component as `context`. Plain calls, no
 * per-request context: a line about a request is logged on that request's logger (`req.log`),
 * which carries its id.
 */
export class NestLog implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, context] = rest.length >= 2 ? rest : [undefined, ...rest];
    this.logger.error({ context, ...(typeof stack === 'string' ? { stack } : {}) }, String(message));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, [context]: unknown[]): void {
    this.logger[level]({ context }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
