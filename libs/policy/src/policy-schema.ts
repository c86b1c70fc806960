import { DISPUTE_CATEGORIES, isCurrencyCode } from '@collections/domain';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import { CollectionPolicy, DUNNING_CHANNELS, MinimumBalances, TONES } from './collection-policy';

/** One thing wrong with a policy document: where (a JSON pointer) and what. */
export interface PolicyProblem {
  pointer: string;
  message: string;
}

export class InvalidPolicyError extends Error {
  constructor(readonly problems: readonly PolicyProblem[]) {
    super(`The collection policy is invalid: ${problems.map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}`);
    this.name = 'InvalidPolicyError';
  }
}

const days = (description: string) => ({ type: 'integer', minimum: -3650, maximum: 3650, description });
const nonNegativeDays = (description: string) => ({ type: 'integer', minimum: 0, maximum: 3650, description });
const minimumBalance = {
  type: 'object',
  description: 'Integer minor units per ISO 4217 currency; a currency not listed has no minimum',
  propertyNames: { pattern: '^[A-Z]{3}$' },
  additionalProperties: { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
};
const text = { type: 'string', minLength: 1, maxLength: 200 };
/** The longest pause unidentified cash may give its candidates. */
export const MAX_CASH_APPLICATION_GRACE_DAYS = 30;

/** The policy document's JSON Schema (draft 2020-12); semantic checks follow in `policyProblems`. */
export const COLLECTION_POLICY_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:collections:schema:CollectionPolicy',
  title: 'Collection policy',
  type: 'object',
  additionalProperties: false,
  required: [
    'name',
    'version',
    'levels',
    'finalNotice',
    'agencyReferral',
    'writeOffProposal',
    'promiseToleranceDays',
    'installmentGraceDays',
    'installmentCallDaysBefore',
    'quietPeriodDays',
    'highValue',
    'overrides',
  ],
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'Lower-case letters, digits and dashes' },
    // Whole numbers past 2^53 cannot be read from JSON exactly: refused, as the API refuses them everywhere.
    version: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
    description: { type: 'string', maxLength: 1000 },
    levels: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'daysPastDue', 'channel', 'template', 'tone', 'minimumBalance'],
        properties: {
          level: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
          daysPastDue: days('Sent this many days after the due date (negative: before it)'),
          channel: { enum: DUNNING_CHANNELS },
          template: text,
          tone: { enum: TONES },
          minimumBalance,
        },
      },
    },
    finalNotice: {
      type: 'object',
      additionalProperties: false,
      required: ['daysPastDue', 'channel', 'template', 'referralAfterDays', 'minimumBalance'],
      properties: {
        daysPastDue: nonNegativeDays('Sent this many days after the due date'),
        channel: { enum: DUNNING_CHANNELS.filter((channel) => channel !== 'call_task') },
        template: text,
        referralAfterDays: { type: 'integer', minimum: 1, maximum: 365 },
        minimumBalance,
      },
    },
    agencyReferral: {
      type: 'object',
      additionalProperties: false,
      required: ['daysPastDue', 'minimumBalance', 'automatic'],
      properties: {
        daysPastDue: nonNegativeDays('Not before this many days past due'),
        minimumBalance,
        automatic: { type: 'boolean' },
        agency: text,
      },
    },
    writeOffProposal: {
      type: 'object',
      additionalProperties: false,
      required: ['daysPastDue', 'minimumBalance'],
      properties: { daysPastDue: nonNegativeDays('Proposed from this many days past due'), minimumBalance },
    },
    promiseToleranceDays: nonNegativeDays('A promise is judged this many days after its date'),
    installmentGraceDays: nonNegativeDays('An installment is missed this many days after its date'),
    installmentCallDaysBefore: nonNegativeDays('A call task this many days before an installment falls due'),
    quietPeriodDays: nonNegativeDays('No reminder this many days after a logged contact'),
    // Optional: versions recorded before it existed stay valid (the planner then uses 5). At most
    // 30: any payer could otherwise hold dunning back for long with money nobody can place.
    cashApplicationGraceDays: {
      type: 'integer',
      minimum: 0,
      maximum: MAX_CASH_APPLICATION_GRACE_DAYS,
      description: 'Dunning pauses this many days for a customer that waiting unidentified cash names as a candidate (0: no pause)',
    },
    applyCashOldestFirst: {
      type: 'boolean',
      description: 'Apply bank payments no rule places to the oldest due invoices first (absent: false, a person applies them)',
    },
    selfService: {
      type: 'object',
      additionalProperties: false,
      description: 'What a customer may do on the page its letters link to (absent: the defaults)',
      required: ['linkValidDays', 'promiseMaxDays', 'promiseMinSharePercent', 'brokenPromisesBeforeCall'],
      properties: {
        linkValidDays: {
          type: 'integer',
          minimum: 1,
          maximum: 365,
          description: "A letter's link works this many days from the letter's date",
        },
        promiseMaxDays: {
          type: 'integer',
          minimum: 0,
          maximum: 365,
          description: 'A promise on the page is for a date at most this many days ahead',
        },
        promiseMinSharePercent: {
          type: 'integer',
          minimum: 1,
          maximum: 100,
          description: 'A promise on the page is for at least this share (percent) of the open balance it covers',
        },
        brokenPromisesBeforeCall: {
          type: 'integer',
          minimum: 0,
          maximum: 100,
          description: 'Once this many promises were broken, the page takes no promise (0: never one)',
        },
      },
    },
    disputeRouting: {
      type: 'object',
      additionalProperties: false,
      description: 'Who owns a dispute of each category, and the days they have to resolve it (absent: the defaults)',
      required: ['teams', 'routes'],
      properties: {
        teams: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$' } },
        routes: {
          type: 'object',
          additionalProperties: false,
          required: [...DISPUTE_CATEGORIES],
          properties: Object.fromEntries(
            DISPUTE_CATEGORIES.map((category) => [
              category,
              {
                type: 'object',
                additionalProperties: false,
                required: ['team', 'targetDays'],
                properties: { team: { type: 'string', minLength: 1 }, targetDays: { type: 'integer', minimum: 1, maximum: 365 } },
              },
            ]),
          ),
        },
      },
    },
    highValue: {
      type: 'object',
      additionalProperties: false,
      required: ['minimumBalance', 'followUpEveryDays'],
      properties: { minimumBalance, followUpEveryDays: { type: 'integer', minimum: 1, maximum: 365 } },
    },
    overrides: {
      type: 'object',
      propertyNames: { pattern: '^[A-Za-z0-9._:-]{1,128}$' },
      additionalProperties: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['policy'],
            properties: { policy: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' } },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['excluded'],
            properties: { excluded: { const: true }, reason: { type: 'string', maxLength: 500 } },
          },
        ],
      },
    },
  },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validateShape = ajv.compile<CollectionPolicy>(COLLECTION_POLICY_SCHEMA);

/** An ajv error as a problem that points at the offending field itself. */
function problemOf(error: ErrorObject): PolicyProblem {
  const params = error.params as { additionalProperty?: string; missingProperty?: string; propertyName?: string };
  if (error.keyword === 'additionalProperties' && params.additionalProperty !== undefined) {
    return { pointer: `${error.instancePath}/${escape(params.additionalProperty)}`, message: 'is not a field of the policy' };
  }
  if (error.keyword === 'required' && params.missingProperty !== undefined) {
    return { pointer: `${error.instancePath}/${escape(params.missingProperty)}`, message: 'is required' };
  }
  if (error.keyword === 'propertyNames' && params.propertyName !== undefined) {
    return { pointer: `${error.instancePath}/${escape(params.propertyName)}`, message: 'is not an allowed key here' };
  }
  const allowed = error.keyword === 'enum' ? `: one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}` : '';
  return { pointer: error.instancePath, message: `${error.message ?? 'is invalid'}${allowed}` };
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Rules a schema cannot state: the ladder's order, and currencies that exist. */
function semanticProblems(policy: CollectionPolicy): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  const checkCurrencies = (minimums: MinimumBalances, pointer: string) => {
    for (const currency of Object.keys(minimums)) {
      if (!isCurrencyCode(currency)) problems.push({ pointer: `${pointer}/${currency}`, message: 'is not an ISO 4217 currency code' });
    }
  };
  policy.levels.forEach((level, index) => {
    const pointer = `/levels/${index}`;
    if (level.level !== index + 1) {
      problems.push({
        pointer: `${pointer}/level`,
        message: `levels are numbered 1, 2, 3, … in order: expected ${index + 1}, found ${level.level}`,
      });
    }
    const previous = policy.levels[index - 1];
    if (previous !== undefined && level.daysPastDue <= previous.daysPastDue) {
      problems.push({
        pointer: `${pointer}/daysPastDue`,
        message: `must be later than level ${previous.level} (${previous.daysPastDue} days)`,
      });
    }
    checkCurrencies(level.minimumBalance, `${pointer}/minimumBalance`);
  });
  const last = policy.levels[policy.levels.length - 1];
  if (last !== undefined && policy.finalNotice.daysPastDue <= last.daysPastDue) {
    problems.push({
      pointer: '/finalNotice/daysPastDue',
      message: `the final notice comes after the last reminder level (${last.daysPastDue} days)`,
    });
  }
  if (policy.disputeRouting !== undefined) {
    const { teams, routes } = policy.disputeRouting;
    for (const category of DISPUTE_CATEGORIES) {
      const team = routes[category]?.team;
      if (team !== undefined && !teams.includes(team)) {
        problems.push({ pointer: `/disputeRouting/routes/${category}/team`, message: `is not one of the teams (${teams.join(', ')})` });
      }
    }
  }
  const announced = policy.finalNotice.daysPastDue + policy.finalNotice.referralAfterDays;
  if (policy.agencyReferral.daysPastDue < announced) {
    problems.push({
      pointer: '/agencyReferral/daysPastDue',
      message: `referral comes after the final notice and the ${policy.finalNotice.referralAfterDays} days it gives: at least ${announced}`,
    });
  }
  if (policy.writeOffProposal.daysPastDue <= policy.finalNotice.daysPastDue) {
    problems.push({
      pointer: '/writeOffProposal/daysPastDue',
      message: `a write-off is proposed only after the final notice (${policy.finalNotice.daysPastDue} days)`,
    });
  }
  if (policy.agencyReferral.automatic && policy.agencyReferral.agency === undefined) {
    problems.push({ pointer: '/agencyReferral/agency', message: 'is required when referral is automatic' });
  }
  checkCurrencies(policy.finalNotice.minimumBalance, '/finalNotice/minimumBalance');
  checkCurrencies(policy.agencyReferral.minimumBalance, '/agencyReferral/minimumBalance');
  checkCurrencies(policy.writeOffProposal.minimumBalance, '/writeOffProposal/minimumBalance');
  checkCurrencies(policy.highValue.minimumBalance, '/highValue/minimumBalance');
  for (const [customerId, override] of Object.entries(policy.overrides)) {
    if ('policy' in override && override.policy === policy.name) {
      problems.push({ pointer: `/overrides/${escape(customerId)}/policy`, message: 'names this policy itself' });
    }
  }
  return problems;
}

export type PolicyValidation = { valid: true; policy: CollectionPolicy } | { valid: false; problems: PolicyProblem[] };

/** Checks a parsed document: the schema first, then (if its shape is right) the ladder's rules. */
export function validateCollectionPolicy(document: unknown): PolicyValidation {
  if (!validateShape(document)) return { valid: false, problems: (validateShape.errors ?? []).map(problemOf) };
  const problems = semanticProblems(document);
  return problems.length === 0 ? { valid: true, policy: document } : { valid: false, problems };
}

/** The policy in a JSON text, or an InvalidPolicyError listing every problem. */
export function parseCollectionPolicy(json: string): CollectionPolicy {
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new InvalidPolicyError([{ pointer: '', message: `is not JSON: ${(error as Error).message}` }]);
  }
  return requireValidPolicy(document);
}

export function requireValidPolicy(document: unknown): CollectionPolicy {
  const validation = validateCollectionPolicy(document);
  if (!validation.valid) throw new InvalidPolicyError(validation.problems);
  return validation.policy;
}
