import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import request from 'supertest';
import { Anchor, anchorExcerptOf } from '@collections/evidence';
import { parseMessage } from '@collections/letters/testing/eml';
import { runCli } from '../cli/run-cli';
import { changeAmount, tamper } from '../evidence/tamper';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/** Reads a binary answer whole, as a Buffer (superagent would not buffer application/zip). */
const asBytes = (response: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => done(null, Buffer.concat(chunks)));
};
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const json = (bytes: Uint8Array) => JSON.parse(text(bytes));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function eventually(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('never happened');
}

interface Manifest {
  customerId: string;
  covers: { events: number; revision: number; position: number };
  anchor: { file: string; revision: number; agrees: boolean } | null;
  anchorMissing?: string;
  files: { name: string; size: number; sha256: string }[];
}

/**
 * GET /customers/:id/evidence-pack: the ZIP a manager hands to a collection agency or a court, of a
 * customer driven through HTTP to a letter, an agency referral, a legal action and a write-off, with
 * the policy engine hosted so that it writes the letter and places the referral's credit hold.
 */
describe('the evidence pack of a customer', () => {
  let api: TestApi;
  let anchors: string;
  const customer = 'EP-1';
  const at = (path: string) => `/customers/${customer}/${path}`;
  const packOf = async (role: 'manager' | 'auditor', customerId = customer) => {
    const response = await api.as(role).get(`/customers/${customerId}/evidence-pack`).buffer(true).parse(asBytes).expect(200);
    const files = unzipSync(new Uint8Array(response.body as Buffer));
    return { response, files, manifest: json(files['manifest.json']) as Manifest };
  };
  const typesOf = async () => (await api.store.readStream(`collection-${customer}`)).map((event) => event.type);

  beforeAll(async () => {
    anchors = mkdtempSync(join(tmpdir(), 'evidence-pack-anchors-'));
    api = await startApi({
      today: '2024-06-30',
      env: { POLICY_ENGINE: 'hosted', POLICY_RUN_INTERVAL_MINUTES: '0', ANCHOR_DIR: anchors, ANCHOR_EVERY_MINUTES: '0' },
    });
    const invoice = (invoiceId: string, amount: number, issuedOn: string, dueOn: string) => ({
      invoiceId,
      amount,
      currency: 'EUR',
      issuedOn,
      dueOn,
    });
    await api
      .as('integration')
      .post(at('invoices'), invoice('INV-1', 100_000, '2024-01-10', '2024-02-09'))
      .expect(201);
    await api
      .as('integration')
      .post(at('invoices'), invoice('INV-2', 50_000, '2024-01-20', '2024-02-19'))
      .expect(201);
    await api
      .as('integration')
      .post(at('invoices'), invoice('INV-3', 30_000, '2024-02-01', '2024-03-02'))
      .expect(201);
    const reminder = { reminderId: 'REM-1', invoiceIds: ['INV-1', 'INV-2'], level: 1, channel: 'email', template: 'friendly-1' };
    await api
      .as('collector')
      .post(at('reminders'), { ...reminder, sentOn: '2024-02-20' })
      .expect(201);
    // The engine's letter writer renders the reminder into the outbox.
    await eventually(async () => (await api.as('auditor').get(at('letters')).expect(200)).body.letters.length === 1);
    const referral = { referralId: 'AG-1', agency: 'Baltic Recovery UAB', invoiceIds: ['INV-1', 'INV-2'], reason: 'Steps exhausted' };
    await api
      .as('manager')
      .post(at('agency-referrals'), { ...referral, referredOn: '2024-05-10' })
      .expect(201);
    // The engine's saga puts the referred account on hold: wait for it, so the stream stands still.
    await eventually(async () => (await typesOf()).includes('CreditHoldPlaced'));
    const legal = { caseId: 'CASE-1', invoiceIds: ['INV-3'], court: 'Small claims court', smallClaims: true, reason: 'Assets found' };
    await api
      .as('manager')
      .post(at('legal-actions'), { ...legal, initiatedOn: '2024-05-20' })
      .expect(201);
    const writeOff = { writeOffId: 'WO-1', invoiceIds: ['INV-1', 'INV-2'], reason: 'Agency could not collect' };
    await api
      .as('manager')
      .post(at('write-offs'), { ...writeOff, writtenOffOn: '2024-06-15' })
      .expect(201);
  });
  afterAll(async () => {
    await api.close();
    rmSync(anchors, { recursive: true, force: true });
  });

  it('given the account, when a manager asks, then a ZIP download named for the customer and the day holds exactly the files named', async () => {
    const { response, files, manifest } = await packOf('manager');
    const { body: letters } = await api.as('manager').get(at('letters')).expect(200);

    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="evidence-pack-EP-1-2024-06-30.zip"');
    expect(Object.keys(files).sort()).toEqual(
      [
        'manifest.json',
        'README.txt',
        'history.jsonl',
        'verification.json',
        'state/2024-05-10-agency-referral.json',
        'state/2024-05-20-legal-action.json',
        'state/2024-06-15-write-off.json',
        `letters/${letters.letters[0].letterId}.eml`,
      ].sort(),
    );
    expect(manifest.files.map(({ name }) => name).sort()).toEqual(
      Object.keys(files)
        .filter((name) => name !== 'manifest.json')
        .sort(),
    );
  });

  it('then every file has the size and SHA-256 the manifest gives it, and the manifest says what the pack covers', async () => {
    const { files, manifest } = await packOf('manager');
    const [last] = await api.store.readStream(`collection-${customer}`, { direction: 'backwards', maxCount: 1 });

    expect(manifest.files.filter(({ name, size, sha256: hash }) => files[name].length !== size || sha256(files[name]) !== hash)).toEqual(
      [],
    );
    expect(manifest).toMatchObject({
      format: 'collections-evidence-pack/1',
      customerId: customer,
      streamId: `collection-${customer}`,
      generatedAt: '2024-06-30T12:00:00.000Z',
      generatedBy: { id: 'manager-1', role: 'manager' },
      covers: { events: last.revision + 1, revision: last.revision, position: last.position },
      anchor: null,
      anchorMissing: 'the anchor directory holds no anchor',
    });
    expect(text(files['README.txt'])).toContain('EVIDENCE PACK: the collection account of customer EP-1');
  });

  it('then history.jsonl is the whole stream in order, each event with its hash, as the history export gives it', async () => {
    const { files } = await packOf('auditor');
    const exported = await api.as('auditor').get(at('history/export')).buffer(true).parse(asBytes).expect(200);

    const lines = text(files['history.jsonl'])
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map(({ revision, type }) => ({ revision, type }))).toEqual(
      (await typesOf()).map((type, revision) => ({ revision, type })),
    );
    expect(lines.every(({ metadata }) => /^[0-9a-f]{64}$/.test(metadata.hash))).toBe(true);
    expect(lines.flatMap((line) => api.contract.componentProblems('HistoryEntry', line))).toEqual([]);
    expect(text(files['history.jsonl'])).toBe(text(exported.body as Buffer));
  });

  it('then each state is the account as of its day, as GET state answers it', async () => {
    const { files } = await packOf('manager');

    for (const [date, step] of [
      ['2024-05-10', 'agency-referral'],
      ['2024-05-20', 'legal-action'],
      ['2024-06-15', 'write-off'],
    ]) {
      const { body: state } = await api
        .as('auditor')
        .get(at(`state?asOf=${date}`))
        .expect(200);
      expect({ date, state: json(files[`state/${date}-${step}.json`]) }).toEqual({ date, state });
    }
    const referred = json(files['state/2024-05-10-agency-referral.json']);
    expect(referred.agencyReferrals).toEqual([expect.objectContaining({ referralId: 'AG-1', status: 'active' })]);
    expect(referred.writeOffs).toEqual([]);
    expect(json(files['state/2024-06-15-write-off.json']).writeOffs).toEqual([expect.objectContaining({ writeOffId: 'WO-1' })]);
  });

  it('then the letter is an e-mail message with its Message-ID, subject and text as sent', async () => {
    const { files } = await packOf('manager');
    const {
      body: {
        letters: [letter],
      },
    } = await api.as('manager').get(at('letters')).expect(200);

    const message = parseMessage(Buffer.from(files[`letters/${letter.letterId}.eml`]));
    expect(message.header('message-id')).toBe(`<${letter.letterId}@collections>`);
    expect(message.header('subject')).toBe(letter.subject);
    expect(message.header('x-collections-customer-id')).toBe(customer);
    expect(message.part('text/plain')?.body).toBe(letter.text);
    expect(message.part('text/html')?.body).toBe(letter.html);
  });

  it('then verification.json is what GET verification answers: the whole chain verifies', async () => {
    const { files } = await packOf('manager');
    const { body: verification } = await api.as('auditor').get(at('verification')).expect(200);

    expect(json(files['verification.json'])).toEqual(verification);
    expect(verification).toMatchObject({ verified: true, chainedFrom: 0, broken: null });
  });

  it('given roles, then an auditor may have the pack, a collector and an analyst are refused with 403 problem details', async () => {
    await packOf('auditor');
    for (const role of ['collector', 'analyst'] as const) {
      const response = await api.as(role).get(at('evidence-pack')).expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    await api.withAuthorization().get(at('evidence-pack')).expect(401);
  });

  it('given a customer without a stream, when asked, then 404 problem details', async () => {
    const { body, headers } = await api.as('manager').get('/customers/NOBODY/evidence-pack').expect(404);

    expect(headers['content-type']).toMatch(PROBLEM_JSON);
    expect(body.detail).toBe('There is no collection account for customer NOBODY');
  });

  it('given anchors written before and after a post-mortem, then anchor.json is this stream’s excerpt of the latest, naming no other customer, and the stream agrees with it', async () => {
    await api
      .as('integration')
      .post('/customers/EP-OTHER/invoices', { invoiceId: 'O-1', amount: 500, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' })
      .expect(201);
    const anchor = () => runCli(['anchor', '--to', anchors], { DATA_DIR: api.dataDir });
    expect((await anchor()).code).toBe(0);
    const postMortem = {
      postMortemId: 'PM-1',
      rootCause: 'credit_risk_misjudged',
      summary: 'Limit raised blind',
      actionItems: [{ description: 'Check payment history first', owner: 'credit-team', dueOn: '2024-07-31' }],
    };
    await api
      .as('manager')
      .post(at('post-mortems'), { ...postMortem, recordedOn: '2024-06-20' })
      .expect(201);
    expect((await anchor()).code).toBe(0);
    const latest = readdirSync(anchors).sort().at(-1) as string;

    const { files, manifest } = await packOf('manager');

    const kept = JSON.parse(readFileSync(join(anchors, latest), 'utf8')) as Anchor;
    expect(kept.heads.map((head) => head.streamId)).toContain('collection-EP-OTHER');
    expect(json(files['anchor.json'])).toEqual(anchorExcerptOf(kept, `collection-${customer}`));
    expect(text(files['anchor.json'])).not.toContain('EP-OTHER');
    // The recipient's check: the excerpt's signature and proof, and the live stream against its head.
    const excerptFile = join(anchors, '..', `${latest}.excerpt.json`);
    writeFileSync(excerptFile, files['anchor.json']);
    const verified = await runCli(['verify', '--anchor', excerptFile], { DATA_DIR: api.dataDir });
    rmSync(excerptFile);
    expect(verified.stdout).toMatch(/signature holds\.\nVerified \d+ events in 1 stream: every chain holds\.\n$/);
    expect(verified.code).toBe(0);
    expect(manifest.anchor).toEqual({ file: latest, createdAt: expect.any(String), revision: manifest.covers.revision, agrees: true });
    expect(json(files['anchor-check.json'])).toMatchObject({
      anchorFile: latest,
      streamId: `collection-${customer}`,
      anchored: { revision: manifest.covers.revision, hash: json(files['verification.json']).headHash },
      agrees: true,
      broken: null,
      // The CLI signed it with the key it made in the api's DATA_DIR, whose public key the api checks it with.
      signature: { checked: true, problems: [] },
    });
    expect(manifest.files.map(({ name }) => name)).toEqual(expect.arrayContaining(['anchor.json', 'anchor-check.json']));
  });
});

describe('the evidence pack of a tampered account', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ today: '2024-06-30' });
  });
  afterAll(() => api.close());

  it("given one event's amount changed in the SQLite file, when a manager asks, then verification.json names the broken revision", async () => {
    const invoice = { invoiceId: 'INV-1', amount: 100_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
    const payment = (paymentId: string) => ({ paymentId, invoiceId: 'INV-1', amount: 1_000, currency: 'EUR', receivedOn: '2024-03-01' });
    await api.as('integration').post('/customers/EP-T/invoices', invoice).expect(201);
    await api.as('integration').post('/customers/EP-T/payments', payment('P-1')).expect(201);
    await api.as('integration').post('/customers/EP-T/payments', payment('P-2')).expect(201);
    tamper(api.dataDir, (db) => changeAmount(db, 'collection-EP-T', 1, 100_000));

    const response = await api.as('manager').get('/customers/EP-T/evidence-pack').buffer(true).parse(asBytes).expect(200);
    const files = unzipSync(new Uint8Array(response.body as Buffer));

    expect(json(files['verification.json'])).toMatchObject({
      customerId: 'EP-T',
      verified: false,
      lastRevision: 0,
      broken: { revision: 1, reason: 'hash-mismatch' },
    });
    // The history shows the event as it is stored now, changed: the reader sees what the chain refuses.
    expect(JSON.parse(text(files['history.jsonl']).split('\n')[1]).data.amount).toBe(100_000);
    expect(json(files['manifest.json'])).toMatchObject({ anchor: null, anchorMissing: 'no anchor directory is configured (ANCHOR_DIR)' });
  });
});
