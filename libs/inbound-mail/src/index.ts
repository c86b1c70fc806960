export * from './errors';
export * from './read-inbound-message';
export { bounceReasonOf, readDeliveryStatus, DELIVERY_REPORT_HEADING } from './delivery-status';
