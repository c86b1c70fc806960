/** What GET /health answers while the event store answers reads. */
export class HealthStatus {
  status!: 'ok';
}
