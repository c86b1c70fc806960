/**
 * The bench:http yardstick: a bare Nest app on Fastify with one JSON POST route and one GET
 * route, nothing else (no auth, no validation, no logging). Run as its own process by
 * bench/http.bench.ts; prints "listening on <port>" once it serves.
 */
import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AddressInfo } from 'node:net';

@Controller('bare')
class BareController {
  @Get()
  read(): { ok: true } {
    return { ok: true };
  }

  @Post()
  write(@Body() body: { id?: string }): { id: string | null } {
    return { id: body.id ?? null };
  }
}

@Module({ controllers: [BareController] })
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(0, '127.0.0.1');
  process.stdout.write(`listening on ${(app.getHttpServer().address() as AddressInfo).port}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
