import { ApiProperty } from '@nestjs/swagger';

/** What a command endpoint answers: where the command's events went (201), or where they went the first time (200, a replay). */
export class CommandRecorded {
  @ApiProperty({ description: 'The customer whose stream recorded it' })
  customerId!: string;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    description: "The stream revision of the command's last event (0-based, as EventStoreDB counts)",
  })
  revision!: number;
}
