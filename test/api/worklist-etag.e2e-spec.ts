import { TestApi, startApi } from './harness';

/**
 * Conditional reads of a worklist: the answer names itself with an ETag; asked again with it in
 * If-None-Match, the api answers 304 with no body until the read models move or the question
 * changes. (The harness also holds every answer, the 304 included, to the OpenAPI document.)
 */
describe('the worklist, read conditionally', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
    await api
      .as('integration')
      .post('/customers/ET-1/invoices', {
        invoiceId: 'INV-1',
        amount: 10_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await api.projected();
  });
  afterAll(() => api.close());

  const read = (path: string, ifNoneMatch?: string) => {
    const test = api.as('manager').get(path);
    return ifNoneMatch === undefined ? test : test.set('If-None-Match', ifNoneMatch);
  };

  it('given a worklist read, when it is asked again with its ETag, then the answer is 304 with no body and the same tag', async () => {
    const first = await read('/worklists/unassigned').expect(200);
    const tag = first.headers.etag;
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(first.body.items.map((item: { customerId: string }) => item.customerId)).toEqual(['ET-1']);

    const again = await read('/worklists/unassigned', tag).expect(304);

    expect(again.text).toBeFalsy();
    expect(again.headers.etag).toBe(tag);
    // A weak form of the tag, or one of a list, matches as well (weak comparison).
    await read('/worklists/unassigned', `"other", W/${tag}`).expect(304);
  });

  it('given an ETag, when another question is asked with it (another page, filter or collector), then the answer is the whole page', async () => {
    const { headers } = await read('/worklists/unassigned').expect(200);

    for (const other of ['/worklists/unassigned?pageSize=10', '/worklists/unassigned?currency=USD', '/worklists/collector-2']) {
      const answer = await read(other, headers.etag).expect(200);
      expect(answer.headers.etag).not.toBe(headers.etag);
    }
  });

  it('given an ETag, when something is recorded and the read models have it, then the same question answers 200 with the new list and a new tag', async () => {
    const { headers } = await read('/worklists/unassigned').expect(200);

    await api.as('manager').post('/customers/ET-1/assignment', { collectorId: 'collector-2', assignedOn: '2024-06-30' }).expect(201);
    await api.projected();

    const changed = await read('/worklists/unassigned', headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(headers.etag);
    expect(changed.body.items).toEqual([]);
    const theirs = await read('/worklists/collector-2').expect(200);
    expect(theirs.body.items.map((item: { customerId: string }) => item.customerId)).toEqual(['ET-1']);
  });

  it('given an ETag, when the day changes, then the same question answers 200: what is overdue depends on the day', async () => {
    const { headers } = await read('/worklists/collector-2').expect(200);

    api.clock.set('2024-07-01T09:00:00.000Z');

    const nextDay = await read('/worklists/collector-2', headers.etag).expect(200);
    expect(nextDay.body.asOf).toBe('2024-07-01');
  });

  it('given a collector asking with a tag for another collector’s list, then the answer is still 403', async () => {
    const { headers } = await read('/worklists/collector-2').expect(200);

    await api.as('collector').get('/worklists/collector-2').set('If-None-Match', headers.etag).expect(403);
  });
});
