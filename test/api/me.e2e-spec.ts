import { PERMISSIONS } from '../../apps/api/src/auth/roles';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * GET /me: who the caller's key stands for and what its role may do, read from the one permission
 * matrix, so that a client (the console) shows a person only the actions they may take.
 */
describe('GET /me', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("given a collector's key, then it answers with the collector, their role, and the commands and reads that role has", async () => {
    const { body } = await api.as('collector').get('/me').expect(200);

    expect(body).toMatchObject({ actorId: 'collector-1', role: 'collector' });
    expect(body.permissions.commands).toEqual(expect.arrayContaining(['MakePromise', 'LogContact', 'ScheduleCallTask']));
    expect(body.permissions.commands).not.toContain('WriteOff');
    expect(body.permissions.commands).not.toContain('RegisterInvoice');
    expect(body.permissions.reads).toEqual([
      'ReadAccount',
      'ReadWorklist',
      'ReadCash',
      'ReadReplies',
      'ReadDisputeBoard',
      'ReadPolicy',
      'ReadOwnIdentity',
    ]);
  });

  it('given a manager, an integration and an auditor, then each sees what its own role may do', async () => {
    const manager = (await api.as('manager').get('/me').expect(200)).body;
    const integration = (await api.as('integration').get('/me').expect(200)).body;
    const auditor = (await api.as('auditor').get('/me').expect(200)).body;

    expect(manager.permissions.commands).toEqual(
      expect.arrayContaining(['WriteOff', 'ReferToAgency', 'ReplaceCollectionPolicy', 'RunPolicyWhatIf']),
    );
    expect(manager.permissions.reads).toEqual(expect.arrayContaining(['ReadReports', 'ReadEvidencePack']));
    expect(integration.permissions).toEqual({
      commands: [
        'RegisterInvoice',
        'ReceivePayment',
        'IssueCreditMemo',
        'ReceiveCash',
        'ApplyCash',
        'RecordPayerAccount',
        'AssignUnidentifiedCash',
        'ReceiveRecovery',
        'RecordReply',
      ],
      reads: ['ReadCash', 'ReadFeed', 'ReadOwnIdentity'],
    });
    expect(auditor.permissions.commands).toEqual([]);
    expect(auditor.permissions.reads).toEqual(expect.arrayContaining(['ReadEvidencePack', 'ReadAdHocQueries']));
  });

  it('given an admin, then every permission of the matrix is listed', async () => {
    const { body } = await api.as('admin').get('/me').expect(200);

    expect(body.role).toBe('admin');
    expect(body.permissions.commands).toContain('ReplaceCollectionPolicy');
    expect([...body.permissions.commands, ...body.permissions.reads].sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect(body.permissions.reads).toEqual([
      'ReadAccount',
      'ReadWorklist',
      'ReadReports',
      'ReadCash',
      'ReadReplies',
      'ReadDisputeBoard',
      'ReadCashForecast',
      'ReadAdHocQueries',
      'ReadEvidencePack',
      'ReadFeed',
      'ReadPolicy',
      'ReadOwnIdentity',
      'ReadMetrics',
    ]);
  });

  it('given no key, then it is refused with 401 problem+json', async () => {
    const response = await api.withAuthorization().get('/me').expect(401);

    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});
