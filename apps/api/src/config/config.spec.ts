import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the embedded store on port 3000 under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: { kind: 'embedded' }, apiKeys: undefined, logLevel: 'info' });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('reads EventStoreDB settings and API keys', () => {
    const config = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://eventstoredb:2113?tls=false',
      API_KEYS: 'a-long-secret-key-1:ops:admin, another-secret-key-2:billing-system:integration',
      PORT: '8080',
    });
    expect(config.port).toBe(8080);
    expect(config.eventStore).toEqual({ kind: 'eventstoredb', url: 'esdb://eventstoredb:2113?tls=false' });
    expect(config.apiKeys).toEqual([
      { key: 'a-long-secret-key-1', actor: { id: 'ops', role: 'admin' } },
      { key: 'another-secret-key-2', actor: { id: 'billing-system', role: 'integration' } },
    ]);
  });

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '3.5' }, 'PORT must be a whole number'],
    [{ EVENT_STORE: 'mongo' }, 'EVENT_STORE must be embedded or eventstoredb'],
    [{ EVENTSTORE_URL: 'http://localhost:2113' }, 'EVENTSTORE_URL must be an esdb://'],
    [{ API_KEYS: 'a-long-secret-key-1:ops' }, 'API_KEYS entry 1 must be key:actorId:role'],
    [{ API_KEYS: 'a-long-secret-key-1:ops:root' }, 'role "root" is not one of admin, manager'],
    [{ API_KEYS: 'a-long-secret-key-1:ops:admin,a-long-secret-key-1:dev:admin' }, 'the same key is listed twice'],
    [{ API_KEYS: ' , ' }, 'holds no key:actorId:role entry'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('refuses %j, saying %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
