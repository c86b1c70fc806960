import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@collections/accounts';
import { CurrentActor, RequirePermission } from './auth.decorators';
import { Identity } from './identity';
import { permissionsOf } from './roles';
import { ProblemResponses } from '../problems/problem-responses';

/**
 * Who the caller is: the actor its key stands for, its role, and what that role may do, from the
 * one permission matrix, so that a client shows a person only the actions they may take.
 */
@ApiTags('Identity')
@ApiBearerAuth()
@ProblemResponses(401)
@Controller('me')
export class MeController {
  /** Who the caller is, and what their role may do. */
  @Get()
  @RequirePermission('ReadOwnIdentity')
  @ApiOkResponse({ description: 'The caller, and what their role may do', type: Identity })
  me(@CurrentActor() actor: Actor): Identity {
    return { actorId: actor.id, role: actor.role, permissions: permissionsOf(actor.role) };
  }
}
