import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, ValidateNested } from 'class-validator';
import { isValidIBAN } from 'ibantools';
import { ValidateBy } from 'class-validator';
import { CustomerPath } from '../accounts/requests';
import { IsBusinessDate, IsEntityId, IsMinorUnits, IsText } from '../accounts/validation';
import { ClosedBody } from '../openapi/component-schemas';

/** Cash received on a customer's account, as its path names it. */
export class CashPath extends CustomerPath {
  @IsEntityId() paymentId!: string;
}

/** One application of a customer's cash, as its path names it. */
export class CashApplicationPath extends CashPath {
  @IsEntityId() applicationId!: string;
}

/** Unidentified cash, as its path names it. */
export class UnidentifiedCashPath {
  @IsEntityId() paymentId!: string;
}

/** The most invoices one application spreads cash over. */
export const MAX_ALLOCATIONS = 500;

@ClosedBody()
export class AllocationBody {
  @IsEntityId() invoiceId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
}

@ClosedBody()
export class ApplyCashBody {
  @IsEntityId() applicationId!: string;
  /** Each at most the invoice's balance; together at most the cash still unapplied. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ALLOCATIONS)
  @ValidateNested({ each: true })
  @Type(() => AllocationBody)
  @ApiProperty({ type: [AllocationBody], minItems: 1, maxItems: MAX_ALLOCATIONS })
  allocations!: AllocationBody[];
  @IsOptional() @IsBusinessDate() appliedOn?: string;
}

@ClosedBody()
export class UnapplyCashBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() unappliedOn?: string;
}

@ClosedBody()
export class RefundCashBody {
  @IsEntityId() refundId!: string;
  @IsMinorUnits({ positive: true }) amount!: number;
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() refundedOn?: string;
}

/** An IBAN, checked (country, length and check digits) by ibantools, in its electronic form (no spaces). */
const IsIban = () =>
  ValidateBy({
    name: 'isIban',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isValidIBAN(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'account'} must be a valid IBAN in electronic form (no spaces), e.g. LT121000011101001000`,
    },
  });

@ClosedBody()
export class RecordPayerAccountBody {
  /** The IBAN the customer pays from. */
  @IsIban() account!: string;
  @IsOptional() @IsBusinessDate() recordedOn?: string;
}

@ClosedBody()
export class AssignUnidentifiedCashBody {
  /** The customer whose money it is: it arrives on that account as unapplied cash. */
  @IsEntityId() customerId!: string;
  @IsOptional() @IsBusinessDate() assignedOn?: string;
}

@ClosedBody()
export class RefundUnidentifiedCashBody {
  @IsText() reason!: string;
  @IsOptional() @IsBusinessDate() refundedOn?: string;
}
