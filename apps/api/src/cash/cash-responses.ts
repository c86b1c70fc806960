import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASH_APPLICATION_RULES } from '@collections/domain';

const OUTCOMES = ['applied', 'unapplied', 'unidentified', 'already-imported', 'skipped', 'refused'] as const;

export class AllocationAnswer {
  @ApiProperty() invoiceId!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
}

export class CandidateAnswer {
  @ApiProperty() customerId!: string;
  @ApiProperty({ description: 'Why the matcher thinks the money may be theirs' }) reason!: string;
}

/** What became of one statement entry. */
export class ImportedEntryAnswer {
  @ApiProperty({ description: "The bank's reference for the entry" }) reference!: string;
  @ApiProperty({ description: 'Where in the file: `line N` or an XML path' }) source!: string;
  @ApiProperty({ type: 'integer', description: 'Minor units' }) amount!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: OUTCOMES }) outcome!: (typeof OUTCOMES)[number];
  @ApiPropertyOptional({ description: 'The payment id it is recorded under' }) paymentId?: string;
  @ApiPropertyOptional() customerId?: string;
  @ApiPropertyOptional({ enum: ['payer-account', 'remittance-reference'] }) identifiedBy?: 'payer-account' | 'remittance-reference';
  @ApiPropertyOptional({ enum: CASH_APPLICATION_RULES }) rule?: (typeof CASH_APPLICATION_RULES)[number];
  @ApiPropertyOptional({ type: [AllocationAnswer] }) allocations?: AllocationAnswer[];
  @ApiPropertyOptional({ type: 'integer', description: 'What stayed unapplied on the account, minor units' }) unapplied?: number;
  @ApiPropertyOptional({ type: [CandidateAnswer] }) candidates?: CandidateAnswer[];
  @ApiPropertyOptional({ description: 'Why it was skipped or refused' }) reason?: string;
}

export class ImportCounts {
  @ApiProperty({ type: 'integer' }) applied!: number;
  @ApiProperty({ type: 'integer' }) unapplied!: number;
  @ApiProperty({ type: 'integer' }) unidentified!: number;
  @ApiProperty({ type: 'integer' }) 'already-imported'!: number;
  @ApiProperty({ type: 'integer' }) skipped!: number;
  @ApiProperty({ type: 'integer' }) refused!: number;
}

/** POST /bank-statements: what the matcher did with each entry. */
export class StatementImported {
  @ApiProperty({ enum: ['camt.053.001.02', 'camt.053.001.08', 'csv'] }) format!: string;
  @ApiProperty({ type: 'integer' }) entries!: number;
  @ApiProperty({ type: ImportCounts }) counts!: ImportCounts;
  @ApiProperty({ type: [ImportedEntryAnswer] }) items!: ImportedEntryAnswer[];
}
