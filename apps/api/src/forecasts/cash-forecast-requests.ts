import { IsOptional } from 'class-validator';
import { IsBusinessDate, IsCurrencyCode } from '../accounts/validation';
import { IsQueryInteger } from '../read-models/read-model-requests';

/** The most weeks a cash forecast reaches: half a year. */
export const MAX_FORECAST_WEEKS = 26;
/** Weeks unless said: the treasury's quarter. */
export const DEFAULT_FORECAST_WEEKS = 13;

export class CashForecastQuery {
  /** Any day of the first week (the forecast starts on that week's Monday); today unless said. */
  @IsOptional() @IsBusinessDate() from?: string;
  /** How many weeks, 1–26; 13 unless said. */
  @IsOptional() @IsQueryInteger(1, MAX_FORECAST_WEEKS) weeks?: number;
  /** The currency forecast (ISO 4217): amounts in other currencies are forecast apart. */
  @IsCurrencyCode() currency!: string;
}
