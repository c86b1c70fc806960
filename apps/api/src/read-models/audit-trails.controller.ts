import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { queryAuditTrail } from '@collections/projections';
import { READ_STORE, ReadStore } from '@collections/read-store';
import { CustomerPath } from '../accounts/requests';
import { RequirePermission } from '../auth/auth.decorators';
import { NotFoundError } from '../problems/problem-details';
import { AuditTrailQuery, requireOrdered } from './read-model-requests';
import { ProblemResponses } from '../problems/problem-responses';
import { AuditTrail } from './audit-trail-responses';

@ApiTags('Audit')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404)
@Controller('audit-trails')
export class AuditTrailsController {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  /** Every event of a customer with who, when, why and the balance after it; by invoice or dates. */
  @Get(':customerId')
  @ApiOkResponse({ description: "The customer's trail", type: AuditTrail })
  @RequirePermission('ReadAccount')
  async auditTrail(@Param() { customerId }: CustomerPath, @Query() { invoiceId, from, to }: AuditTrailQuery): Promise<AuditTrail> {
    requireOrdered(from, to);
    const entries = await queryAuditTrail(this.readStore, { customerId, invoiceId, from, to });
    if (entries.length === 0 && (await queryAuditTrail(this.readStore, { customerId })).length === 0) {
      throw new NotFoundError(`There is no audit trail for customer ${customerId}`);
    }
    return { customerId, entries };
  }
}
