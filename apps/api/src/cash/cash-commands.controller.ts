import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ProblemResponses } from '../problems/problem-responses';
import { CommandOrigin, CustomerAccounts, ExecuteAccountCommand, UnidentifiedCashWriter } from '@collections/accounts';
import { Clock, DomainError } from '@collections/domain';
import { CLOCK } from '@collections/platform';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints } from '../accounts/account-command.controller';
import { CommandRecorded } from '../accounts/command-responses';
import { Origin } from '../accounts/command-origin.decorator';
import { CustomerPath } from '../accounts/requests';
import {
  ApplyCashBody,
  AssignUnidentifiedCashBody,
  CashApplicationPath,
  CashPath,
  RecordPayerAccountBody,
  RefundCashBody,
  RefundUnidentifiedCashBody,
  UnapplyCashBody,
  UnidentifiedCashPath,
} from './cash-requests';

/**
 * What people do with cash the matcher could not place: apply it across invoices, take a wrong
 * application back, refund what is left, teach the matcher a payer's account, and give
 * unidentified cash its customer.
 */
@ApiTags('Cash application')
@CommandEndpoints()
@Controller()
export class CashCommandsController extends AccountCommandController {
  constructor(
    private readonly bus: CommandBus,
    @Inject(CLOCK) clock: Clock,
    private readonly unidentified: UnidentifiedCashWriter,
    private readonly accounts: CustomerAccounts,
  ) {
    super(bus, clock);
  }

  /** Apply a payment's unapplied cash to invoices: each at most its balance, together at most what is unapplied. */
  @Post('customers/:customerId/cash/:paymentId/applications')
  @RequirePermission('ApplyCash')
  applyCash(@Param() { customerId, paymentId }: CashPath, @Body() body: ApplyCashBody, @Origin() origin: CommandOrigin) {
    const data = {
      paymentId,
      applicationId: body.applicationId,
      allocations: body.allocations,
      appliedOn: this.dateOr(body.appliedOn),
      rule: 'manual' as const,
    };
    return this.execute(customerId, { type: 'ApplyCash', data }, origin);
  }

  /** Reverse one application whole: its invoices owe again what it paid, and the cash is unapplied again. */
  @Post('customers/:customerId/cash/:paymentId/applications/:applicationId/reversal')
  @RequirePermission('UnapplyCash')
  unapplyCash(
    @Param() { customerId, paymentId, applicationId }: CashApplicationPath,
    @Body() body: UnapplyCashBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { paymentId, applicationId, reason: body.reason, unappliedOn: this.dateOr(body.unappliedOn) };
    return this.execute(customerId, { type: 'UnapplyCash', data }, origin);
  }

  /** Pay back some or all of a payment's unapplied cash. */
  @Post('customers/:customerId/cash/:paymentId/refunds')
  @RequirePermission('RefundCash')
  refundCash(@Param() { customerId, paymentId }: CashPath, @Body() body: RefundCashBody, @Origin() origin: CommandOrigin) {
    const data = { paymentId, refundId: body.refundId, amount: body.amount, reason: body.reason, refundedOn: this.dateOr(body.refundedOn) };
    return this.execute(customerId, { type: 'RefundCash', data }, origin);
  }

  /** Record a bank account the customer pays from: later payments from it are theirs. */
  @Post('customers/:customerId/payer-accounts')
  @RequirePermission('RecordPayerAccount')
  recordPayerAccount(@Param() { customerId }: CustomerPath, @Body() body: RecordPayerAccountBody, @Origin() origin: CommandOrigin) {
    const data = { account: body.account, recordedOn: this.dateOr(body.recordedOn) };
    return this.execute(customerId, { type: 'RecordPayerAccount', data }, origin);
  }

  /**
   * Give unidentified cash its customer: it arrives on that account as unapplied cash, and the
   * account it was paid from is learned. Sent again for the same customer, it finishes what an
   * interrupted assignment left undone and appends nothing twice.
   */
  @Post('cash/unidentified/:paymentId/assignment')
  @RequirePermission('AssignUnidentifiedCash')
  async assignUnidentifiedCash(
    @Param() { paymentId }: UnidentifiedCashPath,
    @Body() body: AssignUnidentifiedCashBody,
    @Origin() origin: CommandOrigin,
  ): Promise<CommandRecorded> {
    const { customerId } = body;
    if ((await this.accounts.load(customerId)).state.status === 'empty') {
      throw new DomainError('account-not-found', `There is no customer ${customerId} to assign the cash to`);
    }
    const { state } = await this.unidentified.load(paymentId);
    if (state.status === 'none') throw new DomainError('payment-not-found', `There is no unidentified cash ${paymentId}`);
    // The payment's stream decides whose it is, once: two people assigning it at once cannot both win.
    if (!(state.status === 'assigned' && state.assignedTo === customerId)) {
      const assignedOn = this.dateOr(body.assignedOn);
      await this.unidentified.write(
        { type: 'AssignUnidentifiedCash', data: { paymentId, customerId, assignedOn } },
        { actor: origin.actor, correlationId: origin.correlationId },
      );
    }
    const { candidates: _candidates, ...received } = state.received;
    return this.bus.execute(
      new ExecuteAccountCommand(
        customerId,
        { type: 'ReceiveCash', data: { ...received, learnPayerAccount: received.payer?.account !== undefined } },
        { actor: origin.actor, correlationId: origin.correlationId, idempotencyKey: `bank:${paymentId}`, keyScope: 'service' },
      ),
    );
  }
}

/** What refunding unidentified cash answers: the payment's stream and where its last event went. */
export class UnidentifiedCashRefunded {
  @ApiProperty() paymentId!: string;
  @ApiProperty({ enum: ['refunded'] }) status!: 'refunded';
}

/** Unidentified cash that belongs to nobody here is paid back; it has no customer, so no account command. */
@ApiTags('Cash application')
@ApiBearerAuth()
@ProblemResponses(400, 401, 403, 404, 422)
@Controller('cash/unidentified')
export class UnidentifiedCashController {
  constructor(
    private readonly unidentified: UnidentifiedCashWriter,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Pay unidentified cash back to whoever sent it. */
  @Post(':paymentId/refund')
  @RequirePermission('RefundUnidentifiedCash')
  @ApiResponse({ status: 201, description: 'Refunded', type: UnidentifiedCashRefunded })
  async refund(
    @Param() { paymentId }: UnidentifiedCashPath,
    @Body() body: RefundUnidentifiedCashBody,
    @Origin() origin: CommandOrigin,
  ): Promise<UnidentifiedCashRefunded> {
    const data = { paymentId, reason: body.reason, refundedOn: body.refundedOn ?? this.clock.today() };
    await this.unidentified.write({ type: 'RefundUnidentifiedCash', data }, { actor: origin.actor, correlationId: origin.correlationId });
    return { paymentId, status: 'refunded' };
  }
}
