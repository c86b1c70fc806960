import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { CONTROLLERS } from '../../apps/api/src/app.module';
import { CUSTOMER_LINK, PERMISSION, PUBLIC } from '../../apps/api/src/auth/auth.decorators';
import { PUBLIC_ROUTES } from '../../apps/api/src/auth/authenticate';
import { PERMISSIONS, Permission, isAllowed } from '../../apps/api/src/auth/roles';
import { KEY_ROLES } from '@collections/accounts';
import { TestApi, keyOf, startApi } from './harness';

interface Route {
  method: 'get' | 'post' | 'put';
  path: string;
  permission?: Permission;
  isPublic: boolean;
  /** A customer's own route (/pay/:token/…): what it does, in the matrix's words; no key opens it. */
  customerLink?: Permission;
}

/** Path parameters that must have a particular form; the rest get a placeholder id. */
const PARAMETERS: Record<string, string> = {
  number: '1',
  // The harness's collector is collector-1, and a collector may read only their own worklist.
  collectorId: 'collector-1',
  name: 'default',
  version: '1',
};

/** Query strings some routes need to answer at all: the feed would stream forever without `live=false`. */
const QUERIES: Record<string, string> = {
  '/feed': '?live=false',
};

/** Every route the application serves, read from the controllers themselves. */
function routesOf(): Route[] {
  return CONTROLLERS.flatMap((metatype) => {
    const prefix = Reflect.getMetadata(PATH_METADATA, metatype) as string;
    const prototype = metatype.prototype as unknown as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name] as object))
      .map((name) => {
        const handler = prototype[name] as object;
        const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        const method = verb === RequestMethod.GET ? 'get' : verb === RequestMethod.PUT ? 'put' : 'post';
        const path = `/${prefix}/${Reflect.getMetadata(PATH_METADATA, handler)}`
          .replace(/\/+$/, '')
          .replace(/\/{2,}/g, '/')
          .replace(/:(\w+)/g, (_, param) => PARAMETERS[param] ?? `X-${param}`);
        const permission = Reflect.getMetadata(PERMISSION, handler) as Permission | undefined;
        const isPublic = Reflect.getMetadata(PUBLIC, handler) === true;
        const customerLink = Reflect.getMetadata(CUSTOMER_LINK, handler) as Permission | undefined;
        return { method, path: `${path}${QUERIES[path] ?? ''}`, permission, isPublic, customerLink };
      });
  });
}

describe('the permission matrix', () => {
  let api: TestApi;
  let routes: Route[];

  beforeAll(async () => {
    api = await startApi();
    routes = routesOf();
  });
  afterAll(() => api.close());

  it('covers every command type, and every route but the health probes declares a permission', () => {
    const probes = ['/health', '/health/live', '/health/ready'];
    expect(routes.length).toBeGreaterThanOrEqual(30);
    expect(routes.filter((route) => route.isPublic).map((route) => route.path)).toEqual(probes);
    // Opening a route takes both @Public and PUBLIC_ROUTES (authentication in front of the router): the two agree.
    expect([...new Set(PUBLIC_ROUTES.map((route) => route.path))]).toEqual(probes);
    expect(routes.filter((route) => !route.isPublic && route.permission === undefined && route.customerLink === undefined)).toEqual([]);
    // A customer's route takes no key: it declares what it does, never a permission a key could hold.
    expect(routes.filter((route) => route.customerLink !== undefined && route.permission !== undefined)).toEqual([]);
    expect(routes.filter((route) => route.customerLink !== undefined).every((route) => route.path.startsWith('/pay/X-token/'))).toBe(true);
    const used = new Set(routes.flatMap((route) => [route.permission, route.customerLink]));
    expect(Object.keys(PERMISSIONS).filter((permission) => !used.has(permission as Permission))).toEqual([]);
  });

  it('gives auditors and analysts no write permission at all', () => {
    for (const [permission, roles] of Object.entries(PERMISSIONS)) {
      if (permission.startsWith('Read')) continue;
      expect({ permission, roles }).not.toEqual({ permission, roles: expect.arrayContaining(['auditor']) });
      expect({ permission, roles }).not.toEqual({ permission, roles: expect.arrayContaining(['analyst']) });
    }
  });

  it('refuses every role the matrix does not list, on every route, and lets the listed ones through', async () => {
    for (const route of routes.filter((candidate) => !candidate.isPublic && candidate.customerLink === undefined)) {
      for (const role of KEY_ROLES) {
        const requester = api.as(role);
        const response = await (route.method === 'get'
          ? requester.get(route.path)
          : route.method === 'put'
            ? requester.put(route.path, {})
            : requester.post(route.path, {}));
        const allowed = isAllowed(role, route.permission as Permission);
        // An allowed role gets past the guard to validation or the domain (400/404/422).
        const outcome = response.status === 401 || response.status === 403 ? response.status : 'past the guard';
        expect({ route: `${route.method} ${route.path}`, role, outcome }).toEqual({
          route: `${route.method} ${route.path}`,
          role,
          outcome: allowed ? 'past the guard' : 403,
        });
      }
    }
  });

  it("lets no key of any role through a customer's route: each answers as without a key, to the token alone", async () => {
    for (const route of routes.filter((candidate) => candidate.customerLink !== undefined)) {
      for (const authorization of [...KEY_ROLES.map((role) => `Bearer ${keyOf(role)}`), undefined]) {
        const requester = api.withAuthorization(authorization);
        const response = await (route.method === 'get' ? requester.get(route.path) : requester.post(route.path, {}));
        // The placeholder token opens nothing; the fresh-link request answers every token alike.
        const expected = route.customerLink === 'RequestFreshLink' ? 202 : route.method === 'get' ? 404 : 'refused';
        const outcome =
          response.status === 404 && response.body.reason === 'invalid' ? 404 : response.status === 400 ? 'refused' : response.status;
        expect({ route: `${route.method} ${route.path}`, authorization, outcome }).toEqual({
          route: `${route.method} ${route.path}`,
          authorization,
          outcome: expected,
        });
      }
    }
  });
});
