import { Inject, Injectable, Provider } from '@nestjs/common';
import { Actor, CustomerAccounts } from '@collections/accounts';
import { AppConfig } from '@collections/config';
import { CustomerLinkClaims, checkCustomerLink, loadOrCreateLinkSecret } from '@collections/customer-links';
import { ActiveAccount, BusinessDate, Clock } from '@collections/domain';
import { LETTER_OUTBOX, LetterOutbox, isCustomerLetter } from '@collections/letters';
import { CLOCK } from '@collections/platform';
import { CollectionPolicy, customerPromiseTerms, resolvePolicy } from '@collections/policy';
import { PoliciesInForce } from '@collections/policy-engine';
import { LinkNotValidError } from '../problems/problem-details';
import { APP_CONFIG } from '../read-models/read-side';
import { CUSTOMER_DISPUTE_CATEGORIES } from './self-service-requests';
import { CustomerPage } from './self-service-responses';

/** The secret customer links are signed with (CUSTOMER_LINK_SECRET, or DATA_DIR's generated one). */
export const CUSTOMER_LINK_SECRET = Symbol('CustomerLinkSecret');

export const customerLinkSecretProvider = (config: AppConfig): Provider => ({
  provide: CUSTOMER_LINK_SECRET,
  useFactory: () => loadOrCreateLinkSecret(config.dataDir, config.policyEngine.letters.customerLinks.secret),
});

/** A link that opens its customer's page today, with the account it opens. */
export interface OpenedLink {
  claims: CustomerLinkClaims;
  account: ActiveAccount;
  /** Who the customer's actions are recorded as. */
  actor: Actor;
  today: BusinessDate;
}

export const customerActor = (customerId: string): Actor => ({ id: `customer:${customerId}`, role: 'customer' });

const INVALID = 'This link is not valid. Please use the link in your latest letter, or contact us.';

/**
 * Opens customers' links: the token's signature and expiry, then the account it names and
 * whether a manager revoked the letter's link. A refusal names no customer: a forged token, one
 * naming nobody and a malformed one get the same answer.
 */
@Injectable()
export class CustomerLinkPages {
  constructor(
    @Inject(CUSTOMER_LINK_SECRET) private readonly secret: string,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LETTER_OUTBOX) private readonly outbox: LetterOutbox,
    private readonly accounts: CustomerAccounts,
    private readonly policies: PoliciesInForce,
  ) {}

  /** The link's customer and account, or LinkNotValidError (404 invalid, 410 expired or revoked). */
  async open(token: string): Promise<OpenedLink> {
    const today = this.clock.today();
    const check = checkCustomerLink(token, this.secret, today);
    if (!check.valid && check.reason !== 'expired') throw new LinkNotValidError('invalid', INVALID);
    const claims = check.claims as CustomerLinkClaims;
    const { state } = await this.accounts.load(claims.customerId);
    if (state.status !== 'active') throw new LinkNotValidError('invalid', INVALID);
    if (!check.valid) {
      throw new LinkNotValidError('expired', `This link expired on ${claims.expiresOn}. You can ask for a fresh one.`);
    }
    if (state.revokedLinks.has(claims.letterId)) {
      throw new LinkNotValidError('revoked', 'This link was withdrawn. You can ask for a fresh one.');
    }
    return { claims, account: state, actor: customerActor(claims.customerId), today };
  }

  /**
   * A link whose signature is genuine, of an account that exists, that no longer opens the page
   * (expired or revoked): who may be sent a fresh one. Undefined for anything else.
   */
  async closed(token: string): Promise<OpenedLink | undefined> {
    try {
      await this.open(token);
      return undefined;
    } catch (error) {
      if (!(error instanceof LinkNotValidError) || error.reason === 'invalid') return undefined;
    }
    const claims = checkCustomerLink(token, this.secret, this.clock.today()).claims as CustomerLinkClaims;
    const { state } = await this.accounts.load(claims.customerId);
    return state.status === 'active'
      ? { claims, account: state, actor: customerActor(claims.customerId), today: this.clock.today() }
      : undefined;
  }

  /** The policy the customer is under today, its overrides followed, as the engine applies it. */
  async policyOf(customerId: string, today: BusinessDate): Promise<CollectionPolicy> {
    const { policy, policies } = await this.policies.on(today, { adopt: false });
    return resolvePolicy(policy, { customerId, policies }).policy;
  }

  /** The customer's page: open invoices, letters, how to pay, and what it may promise. */
  async page({ claims, account, today }: OpenedLink): Promise<CustomerPage> {
    const { customerId } = claims;
    const { creditor } = this.config.policyEngine.letters.settings;
    const openPromises = [...account.promises.values()].filter((promise) => promise.status === 'open');
    const openDisputes = [...account.disputes.values()].filter((dispute) => dispute.status === 'open');
    const invoices = [...account.invoices.values()]
      .filter((invoice) => invoice.balance > 0)
      .sort((a, b) => (a.dueOn === b.dueOn ? a.invoiceId.localeCompare(b.invoiceId) : a.dueOn < b.dueOn ? -1 : 1))
      .map(({ invoiceId, issuedOn, dueOn, currency, amount, balance }) => ({
        invoiceId,
        issuedOn,
        dueOn,
        currency,
        amount,
        openBalance: balance,
        disputed: openDisputes.some((dispute) => dispute.invoiceId === invoiceId),
        promised: openPromises.some((promise) => promise.invoiceIds.includes(invoiceId)),
      }));
    const letters = (await this.outbox.lettersOf(customerId))
      // Only what went to the customer (the outbox leaves staff mail out too; the guard also narrows the kind).
      .filter(isCustomerLetter)
      .sort((a, b) => (a.sentOn === b.sentOn ? 0 : a.sentOn < b.sentOn ? 1 : -1))
      .map(({ letterId, sentOn, kind, subject, text }) => ({ letterId, sentOn, kind, subject, text }));
    return {
      customerId,
      linkExpiresOn: claims.expiresOn,
      creditor: {
        name: creditor.name,
        ...(creditor.bankDetails === undefined ? {} : { bankDetails: creditor.bankDetails }),
        ...(creditor.paymentUrl === undefined ? {} : { paymentUrl: creditor.paymentUrl }),
        ...(creditor.contact === undefined ? {} : { contact: creditor.contact }),
      },
      paymentReference: customerId,
      invoices,
      letters,
      promise: customerPromiseTerms(account, await this.policyOf(customerId, today), today),
      disputeCategories: [...CUSTOMER_DISPUTE_CATEGORIES],
    };
  }
}
