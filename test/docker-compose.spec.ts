import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '@collections/config';

/** No Docker engine runs here, so the compose file is checked for structure and configuration. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'), { merge: true });
  const withKeys = (environment: Record<string, string>) => ({
    ...environment,
    API_KEYS: 'a-long-random-secret:ops:admin',
    CUSTOMER_LINK_SECRET: 'a-link-secret-of-at-least-thirty-two-chars',
  });

  it('runs EventStoreDB as an insecure single node on 2113 with projections on', () => {
    const { environment, ports } = compose.services.eventstoredb;
    expect(environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'All' });
    expect(ports).toContain('2113:2113');
  });

  it('runs MongoDB as a replica set, so that projection batches commit in transactions', () => {
    expect(compose.services.mongodb.command).toEqual(['--replSet', 'rs0', '--bind_ip_all']);
    expect(compose.services.mongodb.healthcheck.test.join(' ')).toContain('rs.initiate');
  });

  it.each(['api', 'projector'])('gives the %s a configuration the service accepts, on EventStoreDB and MongoDB', (service) => {
    const { environment, depends_on } = compose.services[service];
    const config = loadConfig(withKeys(environment));
    expect(config.eventStore).toEqual({ kind: 'eventstoredb', url: 'esdb://eventstoredb:2113?tls=false' });
    expect(config.readStore).toEqual({ kind: 'mongodb', url: 'mongodb://mongodb:27017/collections?replicaSet=rs0' });
    expect(config.hostsProjector).toBe(false);
    expect(depends_on.eventstoredb.condition).toBe('service_healthy');
    expect(depends_on.mongodb.condition).toBe('service_healthy');
  });

  it("checks the api's readiness without curl (not in the image), and the proxy waits for a ready api", () => {
    const { api, proxy } = compose.services;
    expect(api.healthcheck.test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
    expect(api.healthcheck.test[3]).toContain(`http://localhost:${api.environment.PORT}/health/ready`);
    // Longer than the readiness check's own store timeout (3 s), so a slow store is answered as a 503 naming it.
    expect(api.healthcheck.timeout).toBe('5s');
    expect(proxy.depends_on.api.condition).toBe('service_healthy');
  });

  it('starts the projector as its own process', () => {
    expect(compose.services.projector.command).toEqual(['node', 'dist/apps/projector/src/main.js']);
  });

  it('runs the policy engine as its own process on EventStoreDB and MongoDB, and the api does not host it', () => {
    const engine = compose.services['policy-engine'];
    expect(engine.command).toEqual(['node', 'dist/apps/policy-engine/src/main.js']);
    const engineConfig = loadConfig(withKeys(engine.environment));
    expect(engineConfig.readStore.kind).toBe('mongodb');
    expect(engine.depends_on.mongodb.condition).toBe('service_healthy');
    expect(loadConfig(withKeys(compose.services.api.environment)).policyEngine.hosted).toBe(false);
  });

  it('gives the api, the projector and the policy engine longer to stop than their SHUTDOWN_TIMEOUT_SECONDS, and sends what a stopping api refused elsewhere', () => {
    const seconds = (duration: string) => Number(/^(\d+)s$/.exec(duration)?.[1]);
    for (const service of ['api', 'policy-engine', 'projector']) {
      const { environment, stop_grace_period: grace } = compose.services[service];
      expect({ service, longer: seconds(grace) > loadConfig(withKeys(environment)).shutdownTimeoutSeconds }).toEqual({
        service,
        longer: true,
      });
    }
    const { proxy } = compose.services;
    expect(compose.configs[proxy.configs[0].source].content).toContain('proxy_next_upstream error timeout http_503;');
  });

  it('keeps the api and the projector stateless: only the engine keeps files (its signing key, its .eml outbox, the anchors), which the api reads', () => {
    const { api, projector } = compose.services;
    const engine = compose.services['policy-engine'];
    expect(projector.volumes).toBeUndefined();
    expect(projector.environment.DATA_DIR).toBeUndefined();
    expect(api.environment.DATA_DIR).toBeUndefined();
    expect(api.volumes).toEqual(['anchors:/anchors:ro']);
    expect(engine.volumes).toEqual(['policy-engine-data:/data', 'anchors:/anchors']);
    expect(loadConfig(withKeys(engine.environment)).anchors).toEqual({ dir: '/anchors', everyMinutes: 60, mailTo: [] });
    expect(loadConfig(withKeys(api.environment)).anchors.dir).toBe('/anchors');
    expect(Object.keys(compose.volumes).sort()).toEqual([
      'anchors',
      'eventstore-data',
      'eventstore-logs',
      'mongodb-data',
      'policy-engine-data',
    ]);
  });

  it('runs the api as several replicas behind nginx from its official image, which alone publishes the port', () => {
    const { api, proxy } = compose.services;
    expect(api.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(api.ports).toBeUndefined();
    expect(api.expose).toEqual(['3000']);
    expect(proxy.image).toMatch(/^nginx:[\d.]+(-alpine)?$/);
    expect(proxy.ports).toEqual(['3000:80']);
    expect(Object.keys(proxy.depends_on)).toEqual(['api']);
    const nginx: string = compose.configs[proxy.configs[0].source].content;
    expect(proxy.configs[0].target).toBe('/etc/nginx/conf.d/default.conf');
    expect(nginx).toMatch(/upstream api \{\s*server api:3000;/);
    expect(nginx).toContain('proxy_pass http://api;');
    // The feed's server-sent events must not wait in the proxy's buffers.
    expect(nginx).toContain('proxy_buffering off;');
  });
});
