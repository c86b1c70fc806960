import { randomUUID } from 'node:crypto';
import { metadataStreamOf, type EventLog, type ProposedEvent } from './event-log';

/**
 * The system events a real node puts in $all beside the application's: `$`-prefixed streams,
 * `$$` metadata streams and `$`-prefixed event types. A consumer of $all that forgets to leave
 * them out fails against the double as it would in production.
 */

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

function systemEvent(type: string, data: Uint8Array, contentType = 'application/json'): ProposedEvent {
  return { id: randomUUID(), type, contentType, data, metadata: new Uint8Array() };
}

/** What a fresh node has written before any client connects: the admin user, default settings, stream metadata. */
export function writeStartupEvents(log: EventLog, statsStream: string): void {
  log.append(metadataStreamOf('$scavenges'), 'any', [systemEvent('$metadata', json({ $maxAge: 2_592_000 }))]);
  log.append('$user-admin', 'any', [
    systemEvent('$UserCreated', json({ loginName: 'admin', fullName: 'Event Store Administrator', groups: ['$admins'] })),
  ]);
  // The user index holds a link ("$>") to the user's stream.
  log.append('$users', 'any', [systemEvent('$>', Buffer.from('0@$user-admin', 'utf8'), 'application/octet-stream')]);
  log.append(metadataStreamOf('$user-admin'), 'any', [
    systemEvent('$metadata', json({ $acl: { $w: '$admins', $d: '$admins', $mw: '$admins' } })),
  ]);
  log.append('$settings', 'any', [
    systemEvent('$settings', json({ $userStreamAcl: { $r: '$all', $w: '$all' }, $systemStreamAcl: { $r: '$admins', $w: '$admins' } })),
  ]);
  log.append(metadataStreamOf(statsStream), 'any', [systemEvent('$metadata', json({ $maxAge: 86_400 }))]);
}

/**
 * A real node appends `$statsCollected` to its stats stream every 30 seconds, between the
 * application's events. The double does it after every `every`-th write to a user stream, so
 * system events interleave deterministically. Returns the function that stops it.
 */
export function writeStatsBetweenUserWrites(log: EventLog, statsStream: string, every: number): () => void {
  let userWrites = 0;
  return log.onWritten((written) => {
    if (written.every((event) => event.streamId.startsWith('$'))) return;
    userWrites += 1;
    if (userWrites % every !== 0) return;
    log.append(statsStream, 'any', [systemEvent('$statsCollected', json({ 'proc-id': process.pid, 'sys-freeMem': 0 }))]);
  });
}
