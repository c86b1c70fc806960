import { ApiProperty } from '@nestjs/swagger';
import { KEY_ROLES, Role } from '@collections/accounts';
import { PERMISSIONS, Permission } from './roles';

/** What GET /me answers: who the key stands for and what its role may do. */

const PERMISSION_NAMES = Object.keys(PERMISSIONS) as Permission[];

export class RolePermissions {
  @ApiProperty({ enum: PERMISSION_NAMES, isArray: true, description: 'The commands the role may issue' })
  commands!: Permission[];

  @ApiProperty({ enum: PERMISSION_NAMES, isArray: true, description: 'The ways the role may read' })
  reads!: Permission[];
}

export class Identity {
  @ApiProperty({ description: 'The actor the key stands for, as the audit trail records it' })
  actorId!: string;

  @ApiProperty({ enum: KEY_ROLES })
  role!: Role;

  @ApiProperty({ type: RolePermissions })
  permissions!: RolePermissions;
}
