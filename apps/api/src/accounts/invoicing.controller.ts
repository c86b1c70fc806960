import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/auth.decorators';
import { AccountCommandController, CommandEndpoints, OptionalBody } from './account-command.controller';
import { Origin } from './command-origin.decorator';
import { CommandOrigin } from '@collections/accounts';
import {
  CustomerPath,
  InvoicePath,
  IssueCreditMemoBody,
  MarkInvoiceOverdueBody,
  ReceivePaymentBody,
  ReceiveRecoveryBody,
  RegisterInvoiceBody,
} from './requests';

/** Intake and cash posting: what billing and the ERP send, posted at once. */
@ApiTags('Invoices and cash')
@CommandEndpoints()
@Controller('customers/:customerId')
export class InvoicingController extends AccountCommandController {
  /** Register an invoice for collection (opens the account). */
  @Post('invoices')
  @RequirePermission('RegisterInvoice')
  registerInvoice(@Param() { customerId }: CustomerPath, @Body() body: RegisterInvoiceBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'RegisterInvoice', data: { ...body } }, origin);
  }

  /** Record a payment applied to one invoice. */
  @Post('payments')
  @RequirePermission('ReceivePayment')
  receivePayment(@Param() { customerId }: CustomerPath, @Body() body: ReceivePaymentBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'ReceivePayment', data: { ...body } }, origin);
  }

  /** Issue a credit memo against an invoice. */
  @Post('credit-memos')
  @RequirePermission('IssueCreditMemo')
  issueCreditMemo(@Param() { customerId }: CustomerPath, @Body() body: IssueCreditMemoBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'IssueCreditMemo', data: { ...body } }, origin);
  }

  /** Mark an invoice overdue. */
  @Post('invoices/:invoiceId/overdue')
  @OptionalBody(MarkInvoiceOverdueBody)
  @RequirePermission('MarkInvoiceOverdue')
  markInvoiceOverdue(
    @Param() { customerId, invoiceId }: InvoicePath,
    @Body() body: MarkInvoiceOverdueBody,
    @Origin() origin: CommandOrigin,
  ) {
    const data = { invoiceId, detectedOn: this.dateOr(body.detectedOn) };
    return this.execute(customerId, { type: 'MarkInvoiceOverdue', data }, origin);
  }

  /** Record a recovery on a written-off invoice. */
  @Post('recoveries')
  @RequirePermission('ReceiveRecovery')
  receiveRecovery(@Param() { customerId }: CustomerPath, @Body() body: ReceiveRecoveryBody, @Origin() origin: CommandOrigin) {
    return this.execute(customerId, { type: 'ReceiveRecovery', data: { ...body } }, origin);
  }
}
