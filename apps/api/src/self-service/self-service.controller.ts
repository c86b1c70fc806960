import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CommandOrigin, CommandOutcome, ExecuteAccountCommand } from '@collections/accounts';
import { CollectionCommand, CurrencyCode, DomainError } from '@collections/domain';
import { nameBasedUuid } from '@collections/platform';
import { customerPromiseRefusal, invoicesACustomerPromiseCovers } from '@collections/policy';
import { CustomerLink } from '../auth/auth.decorators';
import { IDEMPOTENCY_KEY, Origin } from '../accounts/command-origin.decorator';
import { BusinessRuleRefusal } from '../problems/problem-details';
import { ProblemResponses } from '../problems/problem-responses';
import { CustomerLinkPages, OpenedLink } from './customer-link-pages';
import { CustomerDisputeBody, CustomerPromiseBody, LinkPath, PaymentReportBody } from './self-service-requests';
import {
  CustomerDisputeRecorded,
  CustomerPage,
  CustomerPromiseRecorded,
  FreshLinkRequestAccepted,
  PaymentReportRecorded,
} from './self-service-responses';

/**
 * An invoice the account does not have, whoever's it may be: the answer does not repeat the id,
 * so no page ever shows another customer's invoice number, even one its visitor typed.
 */
const notOnTheAccount = () => new DomainError('invoice-not-found', 'That invoice is not on your account');

/** No API key on these operations: the token in the path is the credential. */
const BY_LINK = { security: [] };

const IdempotencyKeyHeader = () =>
  ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Sending the same key and body again returns the first answer (200) and records nothing',
    schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
  });

/**
 * The customer's own routes, behind the link in each of its letters (/pay/<token>): its page,
 * and what it may do there — promise to pay within the policy's limits, dispute an invoice,
 * report a payment made, ask for a fresh link. What it does is recorded with the actor
 * `customer:<customerId>` (role `customer`) through the same commands collectors send. The token
 * opens its own customer's account and nothing else; an API key counts for nothing here.
 */
@ApiTags('Customer self-service')
@Controller('pay/:token')
export class SelfServiceController {
  constructor(
    private readonly pages: CustomerLinkPages,
    private readonly commands: CommandBus,
  ) {}

  /** The customer's page: open invoices, the letters sent, how to pay, and what it may promise. */
  @Get('account')
  @CustomerLink('ReadAccount')
  @ApiOperation({ summary: "The customer's page: open invoices, letters, how to pay, the promise limits", ...BY_LINK })
  @ApiOkResponse({ description: "The page of the link's customer", type: CustomerPage })
  @ProblemResponses(404, 410)
  async account(@Param() { token }: LinkPath): Promise<CustomerPage> {
    return this.pages.page(await this.pages.open(token));
  }

  /** Promise to pay an amount by a date, within the policy's limits: the collectors' MakePromise, by the customer. */
  @Post('promises')
  @CustomerLink('MakePromise')
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Promise to pay by a date, within the policy limits', ...BY_LINK })
  @ApiCreatedResponse({ description: 'Recorded as PromiseMade', type: CustomerPromiseRecorded })
  @ApiOkResponse({ description: 'Idempotent replay: the first answer, nothing recorded', type: CustomerPromiseRecorded })
  @ProblemResponses(400, 404, 409, 410, 413, 415, 422)
  async promise(
    @Param() { token }: LinkPath,
    @Body() body: CustomerPromiseBody,
    @Origin() origin: CommandOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerPromiseRecorded> {
    const opened = await this.pages.open(token);
    const { account } = opened;
    const promiseId = this.idFor('CP', opened, origin);
    const currency = body.currency as CurrencyCode;
    // A replay of a promise already recorded is the write side's to answer; the limits held when it was made.
    const recorded = account.promises.get(promiseId);
    const data =
      recorded === undefined
        ? await this.withinLimits(opened, { ...body, currency }, promiseId)
        : {
            promiseId,
            invoiceIds: [...recorded.invoiceIds],
            amount: recorded.amount,
            currency,
            promisedFor: recorded.promisedFor,
            madeOn: recorded.madeOn,
          };
    await this.execute(opened, { type: 'MakePromise', data }, origin, reply);
    const { invoiceIds, amount, promisedFor } = data;
    return { promiseId, invoiceIds, amount, currency, promisedFor };
  }

  /** Dispute an invoice, or part of it: RaiseDispute, which the policy routes to an owner team. */
  @Post('disputes')
  @CustomerLink('RaiseDispute')
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Dispute an invoice or part of it', ...BY_LINK })
  @ApiCreatedResponse({ description: 'Recorded as DisputeRaised', type: CustomerDisputeRecorded })
  @ApiOkResponse({ description: 'Idempotent replay: the first answer, nothing recorded', type: CustomerDisputeRecorded })
  @ProblemResponses(400, 404, 409, 410, 413, 415, 422)
  async dispute(
    @Param() { token }: LinkPath,
    @Body() body: CustomerDisputeBody,
    @Origin() origin: CommandOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CustomerDisputeRecorded> {
    const opened = await this.pages.open(token);
    const invoice = opened.account.invoices.get(body.invoiceId);
    // Another customer's invoice is as unknown here as one that does not exist.
    if (invoice === undefined) throw notOnTheAccount();
    const disputeId = this.idFor('CD', opened, origin);
    const data = {
      disputeId,
      invoiceId: invoice.invoiceId,
      amount: body.amount ?? invoice.balance,
      currency: invoice.currency,
      category: body.category,
      description: body.description,
      raisedOn: opened.today,
    };
    await this.execute(opened, { type: 'RaiseDispute', data }, origin, reply);
    return { disputeId };
  }

  /** Report a payment made: dunning pauses while the money is looked for (the policy's cashApplicationGraceDays). */
  @Post('payment-reports')
  @CustomerLink('ReportPayment')
  @IdempotencyKeyHeader()
  @ApiOperation({ summary: 'Report a payment made', ...BY_LINK })
  @ApiCreatedResponse({ description: 'Recorded as PaymentReported', type: PaymentReportRecorded })
  @ApiOkResponse({ description: 'Idempotent replay: the first answer, nothing recorded', type: PaymentReportRecorded })
  @ProblemResponses(400, 404, 409, 410, 413, 415, 422)
  async reportPayment(
    @Param() { token }: LinkPath,
    @Body() body: PaymentReportBody,
    @Origin() origin: CommandOrigin,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PaymentReportRecorded> {
    const opened = await this.pages.open(token);
    if (body.invoiceIds?.some((invoiceId) => !opened.account.invoices.has(invoiceId))) throw notOnTheAccount();
    const reportId = this.idFor('CR', opened, origin);
    const data = {
      reportId,
      invoiceIds: body.invoiceIds ?? [],
      amount: body.amount,
      currency: body.currency as CurrencyCode,
      paidOn: body.paidOn,
      ...(body.reference === undefined ? {} : { reference: body.reference }),
      reportedOn: opened.today,
    };
    await this.execute(opened, { type: 'ReportPayment', data }, origin, reply);
    return { reportId };
  }

  /**
   * Ask for a fresh link. Always the same answer, so it tells nothing of the token; only a
   * genuine link that expired or was revoked tells the collector (FreshLinkRequested, once per
   * letter and day).
   */
  @Post('link-requests')
  @HttpCode(202)
  @CustomerLink('RequestFreshLink')
  @ApiOperation({ summary: 'Ask for a fresh link (expired or revoked): the collector is told', ...BY_LINK })
  @ApiAcceptedResponse({ description: 'Taken: the same answer whatever the token', type: FreshLinkRequestAccepted })
  @ProblemResponses(400, 413, 415)
  async requestFreshLink(@Param() { token }: LinkPath, @Origin() origin: CommandOrigin): Promise<FreshLinkRequestAccepted> {
    const closed = await this.pages.closed(token);
    if (closed !== undefined) {
      const { letterId } = closed.claims;
      const requestId = `LR-${letterId}-${closed.today}`;
      if (!closed.account.messages.has(requestId)) {
        const command: CollectionCommand = { type: 'RequestFreshLink', data: { requestId, letterId, requestedOn: closed.today } };
        try {
          await this.commands.execute(new ExecuteAccountCommand(closed.claims.customerId, command, { ...origin, actor: closed.actor }));
        } catch (error) {
          // Two requests at once: the other one recorded it.
          if (!(error instanceof DomainError && error.code === 'duplicate-id')) throw error;
        }
      }
    }
    return { requested: true };
  }

  /** The promise the policy allows, covering what is open in its currency without a promise, oldest due first. */
  private async withinLimits(
    { account, claims, today }: OpenedLink,
    request: { amount: number; currency: CurrencyCode; promisedFor: string },
    promiseId: string,
  ) {
    const policy = await this.pages.policyOf(claims.customerId, today);
    const refusal = customerPromiseRefusal(account, request, policy, today);
    if (refusal !== undefined) throw new BusinessRuleRefusal(refusal.code, refusal.detail);
    const invoiceIds = invoicesACustomerPromiseCovers(account, request.currency, today).map((invoice) => invoice.invoiceId);
    return { promiseId, invoiceIds, amount: request.amount, currency: request.currency, promisedFor: request.promisedFor, madeOn: today };
  }

  /**
   * The id of what the customer records: from its Idempotency-Key when it sent one (a retry names
   * the same promise, dispute or report), otherwise new.
   */
  private idFor(prefix: string, { claims }: OpenedLink, origin: CommandOrigin): string {
    return origin.idempotencyKey === undefined
      ? `${prefix}-${randomUUID()}`
      : `${prefix}-${nameBasedUuid(`self-service\n${claims.customerId}\n${prefix}\n${origin.idempotencyKey}`)}`;
  }

  /** Through the command side as the customer; 200 instead of 201 for an idempotent replay. */
  private async execute(opened: OpenedLink, command: CollectionCommand, origin: CommandOrigin, reply: FastifyReply): Promise<void> {
    const { request } = origin as { request: { method: string; route: string; body: unknown } };
    const outcome = await this.commands.execute<ExecuteAccountCommand, CommandOutcome>(
      new ExecuteAccountCommand(opened.claims.customerId, command, {
        ...origin,
        actor: opened.actor,
        // What a replay is compared with: the route and the body, not the token (a fresh link may repeat a request).
        request: { method: request.method, route: request.route, body: request.body },
      }),
    );
    if (outcome.replayed) void reply.status(200);
  }
}
