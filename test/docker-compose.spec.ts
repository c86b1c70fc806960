import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** No Docker engine runs here, so the compose file is checked for structure. */
describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(join(__dirname, '..', 'docker-compose.yml'), 'utf8'));

  it('runs EventStoreDB as an insecure single node on 2113 with projections on', () => {
    const { environment, ports } = compose.services.eventstoredb;
    expect(environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '1', EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'All' });
    expect(ports).toContain('2113:2113');
  });

  it('wires the api to EventStoreDB through the variables the service validates', () => {
    const { environment, depends_on } = compose.services.api;
    expect(environment.EVENT_STORE).toBe('eventstoredb');
    expect(environment.EVENTSTORE_URL).toMatch(/^esdb:\/\/eventstoredb:2113\?tls=false$/);
    expect(environment.API_KEYS).toBeDefined();
    expect(depends_on.eventstoredb.condition).toBe('service_healthy');
  });
});
