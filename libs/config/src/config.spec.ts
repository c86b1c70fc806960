import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('given ACCOUNT_CACHE_SIZE, keeps that many accounts folded; without it, leaves the number to the command side', () => {
    expect(loadConfig({ ACCOUNT_CACHE_SIZE: '50000' }).accountCacheSize).toBe(50_000);
    expect(loadConfig({}).accountCacheSize).toBeUndefined();
  });

  it('defaults to the embedded store on port 3000 under ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, eventStore: { kind: 'embedded' }, apiKeys: undefined, logLevel: 'info' });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it('hosts the policy engine in embedded mode without scheduled runs, and leaves it to its own process, running hourly, with EventStoreDB', () => {
    expect(loadConfig({}).policyEngine).toMatchObject({
      hosted: true,
      runIntervalMinutes: 0,
      policyName: 'default',
      initialPolicy: { name: 'default', version: 1 },
    });
    const production = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://eventstoredb:2113?tls=false',
      API_KEYS: 'a-long-secret-key-1:ops:admin',
      CUSTOMER_LINK_SECRET: 'a-link-secret-of-at-least-thirty-two-chars',
    });
    expect(production.policyEngine).toMatchObject({ hosted: false, runIntervalMinutes: 60 });
  });

  it('given ANCHOR_DIR, anchors hourly there unless told otherwise; without it, none are scheduled', () => {
    expect(loadConfig({}).anchors).toEqual({ dir: undefined, everyMinutes: 0, mailTo: [] });
    expect(loadConfig({ ANCHOR_DIR: '/srv/anchors' }).anchors).toEqual({ dir: '/srv/anchors', everyMinutes: 60, mailTo: [] });
    const mailed = loadConfig({
      ANCHOR_DIR: '/a',
      ANCHOR_EVERY_MINUTES: '15',
      ANCHOR_MAIL_TO: 'audit@x.example,cfo@x.example',
      SMTP_HOST: 'mx',
    });
    expect(mailed.anchors).toEqual({ dir: '/a', everyMinutes: 15, mailTo: ['audit@x.example', 'cfo@x.example'] });
  });

  it('refuses anchors mailed without SMTP, a schedule without a directory, and a bad shutdown timeout, naming each', () => {
    expect(() => loadConfig({ ANCHOR_MAIL_TO: 'audit@x.example', ANCHOR_EVERY_MINUTES: '5', SHUTDOWN_TIMEOUT_SECONDS: '0' })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'ANCHOR_MAIL_TO needs SMTP_HOST',
          'ANCHOR_EVERY_MINUTES needs ANCHOR_DIR',
          expect.stringContaining('SHUTDOWN_TIMEOUT_SECONDS'),
        ]),
      }),
    );
    expect(() => loadConfig({ ANCHOR_MAIL_TO: 'not an address', SMTP_HOST: 'mx' })).toThrow(/ANCHOR_MAIL_TO must be e-mail addresses/);
    expect(loadConfig({}).shutdownTimeoutSeconds).toBe(30);
  });

  it('refreshes the payment predictions daily unless told otherwise; 0 never; refuses what is not 0 to 576 hours', () => {
    expect(loadConfig({}).predictionRefreshHours).toBe(24);
    expect(loadConfig({ PREDICTION_REFRESH_HOURS: '6' }).predictionRefreshHours).toBe(6);
    expect(loadConfig({ PREDICTION_REFRESH_HOURS: '0' }).predictionRefreshHours).toBe(0);
    for (const bad of ['-1', '577', '1.5', 'daily']) {
      expect(() => loadConfig({ PREDICTION_REFRESH_HOURS: bad })).toThrow(/PREDICTION_REFRESH_HOURS must be/);
    }
  });

  it('reads the letters settings: sender, creditor, SMTP', () => {
    const { letters } = loadConfig({
      LETTERS_FROM: 'AR <ar@seller.example>',
      CREDITOR_NAME: 'Seller GmbH',
      CREDITOR_PAYMENT_URL: 'https://pay.seller.example',
      SMTP_HOST: 'mail.seller.example',
      SMTP_SECURE: 'true',
      SMTP_USER: 'ar',
      SMTP_PASS: 'secret',
    }).policyEngine;
    expect(letters).toMatchObject({
      sender: { from: 'AR <ar@seller.example>' },
      settings: { creditor: { name: 'Seller GmbH', paymentUrl: 'https://pay.seller.example' } },
      smtp: { host: 'mail.seller.example', port: 465, secure: true, auth: { user: 'ar', pass: 'secret' } },
    });
  });

  it('reads EventStoreDB settings and API keys', () => {
    const config = loadConfig({
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_URL: 'esdb://eventstoredb:2113?tls=false',
      API_KEYS: 'a-long-secret-key-1:ops:admin, another-secret-key-2:billing-system:integration',
      CUSTOMER_LINK_SECRET: 'a-link-secret-of-at-least-thirty-two-chars',
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
    [{ POLICY_ENGINE: 'sometimes' }, 'POLICY_ENGINE must be hosted or off'],
    [{ POLICY_NAME: 'Not A Name' }, 'POLICY_NAME must be lower-case'],
    [{ POLICY_RUN_INTERVAL_MINUTES: '-5' }, 'POLICY_RUN_INTERVAL_MINUTES'],
    [{ ACCOUNT_CACHE_SIZE: '0' }, 'ACCOUNT_CACHE_SIZE'],
    [{ ACCOUNT_CACHE_SIZE: 'lots' }, 'ACCOUNT_CACHE_SIZE must be a whole number'],
    [{ POLICY_FILE: '/no/such/policy.json' }, 'POLICY_FILE /no/such/policy.json is not a valid collection policy'],
    [{ POLICY_NAME: 'other' }, 'POLICY_FILE names policy "default" but POLICY_NAME is "other"'],
    [{ SMTP_PORT: '587' }, 'SMTP_PORT and SMTP_USER need SMTP_HOST'],
    [{ SMTP_HOST: 'mail', SMTP_USER: 'me' }, 'SMTP_USER and SMTP_PASS go together'],
    [{ SMTP_HOST: 'mail', SMTP_SECURE: 'yes' }, 'SMTP_SECURE must be true or false'],
  ])('refuses %j, saying %s', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
