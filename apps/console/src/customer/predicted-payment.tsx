import type { components } from '@collections/api-client';
import { Button, Group, List, Popover, Text } from '@mantine/core';
import { formatDay } from '../format';

type AccountInvoice = components['schemas']['AccountInvoice'];

/** A signed number of days as a person says it: "+12 days", "−3 days", "0 days". */
const signedDays = (days: number) => `${days > 0 ? '+' : days < 0 ? '−' : ''}${Math.abs(days)} day${Math.abs(days) === 1 ? '' : 's'}`;

/**
 * An open invoice's predicted payment day and its 10–90% range, with the facts that drove it on
 * demand (a button that opens them), so the table stays readable.
 */
export function PredictedPayment({ invoice }: { invoice: AccountInvoice }) {
  if (!invoice.predictedPaymentOn || !invoice.predictedRange) return <Text size="sm">No prediction yet</Text>;
  const { from, to } = invoice.predictedRange;
  return (
    <Group gap="xs" wrap="nowrap">
      <Text size="sm">
        {formatDay(invoice.predictedPaymentOn)}
        {from !== to && ` (${formatDay(from)} to ${formatDay(to)})`}
      </Text>
      <Popover width={360} position="bottom" withArrow shadow="md">
        <Popover.Target>
          <Button variant="default" size="compact-xs" aria-label={`Why ${invoice.invoiceId} is predicted to be paid then`}>
            Why?
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <Text size="sm" fw={600}>
            {invoice.predictionBasis === 'customer' ? "From the customer's own payment history" : 'From the whole book (no history yet)'}
          </Text>
          <List size="sm" aria-label={`What drove the prediction of ${invoice.invoiceId}`}>
            {(invoice.predictionDrivers ?? []).map((driver) => (
              <List.Item key={driver.fact}>
                {driver.fact}: {signedDays(driver.days)}
              </List.Item>
            ))}
          </List>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
