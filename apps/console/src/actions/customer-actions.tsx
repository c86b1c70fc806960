import { Group, Title } from '@mantine/core';
import { ReactNode } from 'react';
import { Permission, useSession } from '../session';
import { AccountState, openInvoices } from './choices';
import { CommandDialog } from './command-dialog';
import { ActionFormProps, LogCallForm, RecordPromiseForm } from './contact-and-promise';
import { AssignCollectorForm, LiftCreditHoldForm, PlaceCreditHoldForm, RecommendCreditLimitForm } from './credit';
import { ClaimDeductionForm, RaiseDisputeForm, ResolveDisputeForm, openDisputes } from './disputes';
import { LegalActionForm, RecallReferralForm, ReferToAgencyForm, WriteOffForm, activeReferrals } from './escalation';
import { PaymentPlanForm } from './payment-plan';
import { PostMortemForm } from './post-mortem';

interface Action {
  /** The button's words; the dialog's title too. */
  label: string;
  permission: Permission;
  /** Whether the account is in a state the action applies to (a hold to lift, a referral to recall). */
  applies?(state: AccountState): boolean;
  form(props: ActionFormProps): ReactNode;
}

/** Every action on an account, in the order a collector's work goes, then a manager's. */
const somethingOpen = (state: AccountState) => openInvoices(state).length > 0;
const ACTIONS: Action[] = [
  { label: 'Log a call', permission: 'LogContact', form: (props) => <LogCallForm {...props} /> },
  { label: 'Record a promise', permission: 'MakePromise', applies: somethingOpen, form: (props) => <RecordPromiseForm {...props} /> },
  {
    label: 'Agree a payment plan',
    permission: 'AgreePaymentPlan',
    applies: somethingOpen,
    form: (props) => <PaymentPlanForm {...props} />,
  },
  { label: 'Raise a dispute', permission: 'RaiseDispute', applies: somethingOpen, form: (props) => <RaiseDisputeForm {...props} /> },
  { label: 'Claim a deduction', permission: 'ClaimDeduction', applies: somethingOpen, form: (props) => <ClaimDeductionForm {...props} /> },
  {
    label: 'Resolve a dispute or deduction',
    permission: 'ResolveDispute',
    applies: (state) => openDisputes(state).length > 0,
    form: (props) => <ResolveDisputeForm {...props} />,
  },
  { label: 'Recommend a credit limit', permission: 'RecommendCreditLimitChange', form: (props) => <RecommendCreditLimitForm {...props} /> },
  { label: 'Assign a collector', permission: 'AssignCollector', form: (props) => <AssignCollectorForm {...props} /> },
  {
    label: 'Place a credit hold',
    permission: 'PlaceCreditHold',
    applies: (state) => !state.creditHold,
    form: (props) => <PlaceCreditHoldForm {...props} />,
  },
  {
    label: 'Lift the credit hold',
    permission: 'LiftCreditHold',
    applies: (state) => Boolean(state.creditHold),
    form: (props) => <LiftCreditHoldForm {...props} />,
  },
  { label: 'Refer to an agency', permission: 'ReferToAgency', applies: somethingOpen, form: (props) => <ReferToAgencyForm {...props} /> },
  {
    label: 'Recall a referral',
    permission: 'RecallFromAgency',
    applies: (state) => activeReferrals(state).length > 0,
    form: (props) => <RecallReferralForm {...props} />,
  },
  {
    label: 'Start legal action',
    permission: 'InitiateLegalAction',
    applies: somethingOpen,
    form: (props) => <LegalActionForm {...props} />,
  },
  { label: 'Write off', permission: 'WriteOff', applies: somethingOpen, form: (props) => <WriteOffForm {...props} /> },
  {
    label: 'Record a post-mortem',
    permission: 'RecordPostMortem',
    // A post-mortem reviews a bad debt: the api refuses one for an account with nothing written off.
    applies: (state) => state.writeOffs.length > 0,
    form: (props) => <PostMortemForm {...props} />,
  },
];

/** The actions the signed-in role may take on this account, each a button that opens its form. */
export function CustomerActions({ customerId, state, onRecorded }: { customerId: string; state: AccountState; onRecorded(): void }) {
  const { session } = useSession();
  const shown = ACTIONS.filter(({ permission, applies }) => session?.may(permission) && (applies?.(state) ?? true));
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="actions-heading">
      <Title order={2} id="actions-heading">
        Actions
      </Title>
      <Group mt="xs">
        {shown.map(({ label, form }) => (
          <CommandDialog key={label} label={label} onRecorded={onRecorded}>
            {(done) => form({ customerId, state, done })}
          </CommandDialog>
        ))}
      </Group>
    </section>
  );
}
