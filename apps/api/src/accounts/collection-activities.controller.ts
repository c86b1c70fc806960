import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints, OptionalBody } from './account-command.controller';
import { Origin } from './command-origin.decorator';
import { CommandOrigin } from '@collections/accounts';
import {
  AgreePaymentPlanBody,
  ConfirmInstallmentPaidBody,
  ConfirmPromiseKeptBody,
  CustomerPath,
  DeclareInstallmentMissedBody,
  DeclarePromiseBrokenBody,
  InstallmentPath,
  LogContactBody,
  MakePromiseBody,
  PromisePath,
  ScheduleCallTaskBody,
  SendFinalNoticeBody,
  SendReminderBody,
} from './requests';

/** A collector's daily work: dunning, calls and call tasks, promises to pay and payment arrangements (steps 3–5, 7). */
@ApiTags('Collection activities')
@CommandEndpoints()
@Controller('customers/:customerId')
export class CollectionActivitiesController extends AccountCommandController {
  /** Record a dunning reminder sent. */
  @Post('reminders')
  @RequirePermission('SendReminder')
  sendReminder(@Param() { customerId }: CustomerPath, @Body() body: SendReminderBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, sentOn: this.dateOr(body.sentOn) };
    return this.execute(customerId, { type: 'SendReminder', data }, origin);
  }

  /** Record the final notice sent before agency referral. */
  @Post('final-notices')
  @RequirePermission('SendFinalNotice')
  sendFinalNotice(@Param() { customerId }: CustomerPath, @Body() body: SendFinalNoticeBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, sentOn: this.dateOr(body.sentOn) };
    return this.execute(customerId, { type: 'SendFinalNotice', data }, origin);
  }

  /** Log a contact with the customer. */
  @Post('contacts')
  @RequirePermission('LogContact')
  logContact(@Param() { customerId }: CustomerPath, @Body() body: LogContactBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, contactedOn: this.dateOr(body.contactedOn) };
    return this.execute(customerId, { type: 'LogContact', data }, origin);
  }

  /** Schedule a call to the customer for a collector. */
  @Post('call-tasks')
  @RequirePermission('ScheduleCallTask')
  scheduleCallTask(@Param() { customerId }: CustomerPath, @Body() body: ScheduleCallTaskBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, scheduledOn: this.dateOr(body.scheduledOn) };
    return this.execute(customerId, { type: 'ScheduleCallTask', data }, origin);
  }

  /** Record a promise to pay. */
  @Post('promises')
  @RequirePermission('MakePromise')
  makePromise(@Param() { customerId }: CustomerPath, @Body() body: MakePromiseBody, @Origin() origin: CommandOrigin) {
    const data = { ...body, madeOn: this.dateOr(body.madeOn) };
    return this.execute(customerId, { type: 'MakePromise', data }, origin);
  }

  /** Confirm a promise to pay kept. */
  @Post('promises/:promiseId/kept')
  @OptionalBody(ConfirmPromiseKeptBody)
  @RequirePermission('ConfirmPromiseKept')
  confirmPromiseKept(
    @Param() { customerId, promiseId }: PromisePath,
    @Body() body: ConfirmPromiseKeptBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { promiseId, keptOn: this.dateOr(body.keptOn) };
    return this.execute(customerId, { type: 'ConfirmPromiseKept', data }, origin);
  }

  /** Declare a promise to pay broken. */
  @Post('promises/:promiseId/broken')
  @OptionalBody(DeclarePromiseBrokenBody)
  @RequirePermission('DeclarePromiseBroken')
  declarePromiseBroken(
    @Param() { customerId, promiseId }: PromisePath,
    @Body() body: DeclarePromiseBrokenBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { promiseId, brokenOn: this.dateOr(body.brokenOn) };
    return this.execute(customerId, { type: 'DeclarePromiseBroken', data }, origin);
  }

  /** Agree a payment plan of installments. */
  @Post('payment-plans')
  @RequirePermission('AgreePaymentPlan')
  agreePaymentPlan(@Param() { customerId }: CustomerPath, @Body() body: AgreePaymentPlanBody, @Origin() origin: CommandOrigin) {
    const data = {
      ...body,
      installments: body.installments.map((installment) => ({ ...installment })),
      interestRateBasisPoints: body.interestRateBasisPoints ?? 0,
      guarantors: body.guarantors ?? [],
      agreedOn: this.dateOr(body.agreedOn),
    };
    return this.execute(customerId, { type: 'AgreePaymentPlan', data }, origin);
  }

  /** Confirm a plan's installment paid. */
  @Post('payment-plans/:planId/installments/:number/paid')
  @OptionalBody(ConfirmInstallmentPaidBody)
  @RequirePermission('ConfirmInstallmentPaid')
  confirmInstallmentPaid(
    @Param() { customerId, planId, number }: InstallmentPath,
    @Body() body: ConfirmInstallmentPaidBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { planId, installmentNumber: number, paidOn: this.dateOr(body.paidOn) };
    return this.execute(customerId, { type: 'ConfirmInstallmentPaid', data }, origin);
  }

  /** Declare a plan's installment missed. */
  @Post('payment-plans/:planId/installments/:number/missed')
  @OptionalBody(DeclareInstallmentMissedBody)
  @RequirePermission('DeclareInstallmentMissed')
  declareInstallmentMissed(
    @Param() { customerId, planId, number }: InstallmentPath,
    @Body() body: DeclareInstallmentMissedBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { planId, installmentNumber: number, detectedOn: this.dateOr(body.detectedOn) };
    return this.execute(customerId, { type: 'DeclareInstallmentMissed', data }, origin);
  }
}
