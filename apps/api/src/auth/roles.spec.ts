import { CollectionCommandType } from '@collections/domain';
import { PERMISSIONS, ROLES, isAllowed, mayIssue } from './roles';

describe('who may issue a command', () => {
  it('follows the permission matrix for every command an endpoint serves', () => {
    // Reading permissions (ReadAccount, ReadFeed, …) are not commands.
    const routed = Object.keys(PERMISSIONS).filter((permission) => !permission.startsWith('Read')) as (keyof typeof PERMISSIONS &
      CollectionCommandType)[];
    expect(routed).toContain('ReceivePayment');
    for (const role of ROLES) {
      for (const type of routed) expect({ role, type, may: mayIssue(role, type) }).toEqual({ role, type, may: isAllowed(role, type) });
    }
  });

  it('lets collectors and managers schedule call tasks, only managers propose escalations, and admins do all', () => {
    expect(ROLES.filter((role) => mayIssue(role, 'ScheduleCallTask'))).toEqual(['admin', 'manager', 'collector']);
    expect(ROLES.filter((role) => mayIssue(role, 'ProposeEscalation'))).toEqual(['admin', 'manager']);
  });
});
