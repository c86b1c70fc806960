import '@mantine/charts/styles.css';
import type { components } from '@collections/api-client';
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatMoney } from '../format';
import { Session, useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { chartUnits, ChartFigure, CurrencySelect, DayInput, USUAL_CURRENCIES } from './report-controls';
import { useSearchFilters } from '../search-filters';

type AgingReport = components['schemas']['AgingReport'];
type AgingBuckets = components['schemas']['AgingBuckets'];

/** The buckets in the API's order, with the column header each has. */
export const BUCKETS: { key: keyof AgingBuckets; label: string; color: string }[] = [
  { key: 'current', label: 'Current', color: 'teal.7' },
  { key: '1-30', label: '1-30', color: 'yellow.6' },
  { key: '31-60', label: '31-60', color: 'orange.6' },
  { key: '61-90', label: '61-90', color: 'red.6' },
  { key: '90+', label: '90+', color: 'grape.8' },
];
const CUSTOMERS_PER_PAGE = 50;

/** The aging of each usual currency that has anything open or disputed, or of the one chosen. */
async function loadAging(session: Session, asOf: string | undefined, currency: string | undefined): Promise<AgingReport[]> {
  const read = async (code: string) =>
    dataOf(await session.client.GET('/aging', { params: { query: { currency: code, asOf } } }), 'The aging could not be read.');
  if (currency) return [await read(currency)];
  const reports = await Promise.all(USUAL_CURRENCIES.map(read));
  const held = reports.filter((report) => report.total !== 0 || report.disputed !== 0);
  // Nothing open anywhere: still say as of when, with the first currency's zeros.
  return held.length > 0 ? held : reports.slice(0, 1);
}

/** Open balances by days past due as of any day, per currency, with each currency's customers. */
export function AgingPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const asOf = search.get('asOf') ?? undefined;
  const currency = search.get('currency') ?? undefined;
  const page = Number(search.get('page') ?? '1') || 1;
  const reports = useAnswer(() => loadAging(session!, asOf, currency), [session, asOf, currency]);
  const shownAsOf = asOf ?? (reports instanceof Array ? reports[0]?.asOf : undefined) ?? '';

  return (
    <Stack>
      <Title order={1}>Aging</Title>
      <Group align="end">
        <DayInput
          label="As of"
          description="Balances open at the end of this day"
          value={shownAsOf}
          onChange={(day) => choose({ asOf: day, page: null })}
        />
        <CurrencySelect value={currency} anyLabel="Every currency" onChange={(code) => choose({ currency: code, page: null })} />
      </Group>
      {reports === undefined && <Text>Loading the aging…</Text>}
      {reports instanceof Error && (
        <Alert color="red" title="The aging could not be read">
          {reports.message}
        </Alert>
      )}
      {reports instanceof Array && (
        <>
          <AgingTable reports={reports} />
          <AgingChart reports={reports} />
          {currency ? (
            <CustomerAging
              asOf={reports[0].asOf}
              currency={currency}
              page={page}
              onPage={(next) => choose({ page: next === 1 ? null : String(next) })}
            />
          ) : (
            <Text>Choose a currency to see its customers.</Text>
          )}
        </>
      )}
    </Stack>
  );
}

/** The columns every aging row has after its name: the buckets, the total and what is disputed. */
function BucketHeaders() {
  return (
    <>
      {BUCKETS.map(({ key, label }) => (
        <Table.Th key={key}>{label}</Table.Th>
      ))}
      <Table.Th>Total</Table.Th>
      <Table.Th>Disputed</Table.Th>
    </>
  );
}

function BucketCells({ aging, currency }: { aging: Pick<AgingReport, 'buckets' | 'total' | 'disputed'>; currency: string }) {
  return (
    <>
      {BUCKETS.map(({ key }) => (
        <Table.Td key={key}>{formatMoney(aging.buckets[key], currency)}</Table.Td>
      ))}
      <Table.Td>{formatMoney(aging.total, currency)}</Table.Td>
      <Table.Td>{formatMoney(aging.disputed, currency)}</Table.Td>
    </>
  );
}

function AgingTable({ reports }: { reports: AgingReport[] }) {
  return (
    <section aria-labelledby="aging-heading">
      <Title order={2} id="aging-heading" size="h3">
        Aging as of {reports[0].asOf}
      </Title>
      <Table aria-labelledby="aging-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Currency</Table.Th>
            <BucketHeaders />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {reports.map((report) => (
            <Table.Tr key={report.currency}>
              <Table.Th scope="row">{report.currency}</Table.Th>
              <BucketCells aging={report} currency={report.currency} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

/** One bar per currency, stacked by bucket, in major units (the table above has the exact amounts). */
function AgingChart({ reports }: { reports: AgingReport[] }) {
  const data = reports.map((report) => ({
    currency: report.currency,
    ...Object.fromEntries(BUCKETS.map(({ key }) => [key, chartUnits(report.buckets[key], report.currency)])),
  }));
  return (
    <ChartFigure label={`Aging as of ${reports[0].asOf}: a stacked bar per currency by days past due; the table above gives the amounts`}>
      <BarChart
        h={60 + 50 * reports.length}
        data={data}
        dataKey="currency"
        orientation="vertical"
        type="stacked"
        withLegend
        // The series in their own order (recharts sorts the legend by name otherwise).
        legendProps={{ itemSorter: null }}
        valueFormatter={(value) => value.toLocaleString()}
        yAxisProps={{ width: 50 }}
        barChartProps={{ accessibilityLayer: false }}
        series={BUCKETS.map(({ key, label, color }) => ({ name: key, label, color }))}
      />
    </ChartFigure>
  );
}

/** A page of the currency's customers, largest total first, each linked to its account. */
function CustomerAging({ asOf, currency, page, onPage }: { asOf: string; currency: string; page: number; onPage(page: number): void }) {
  const { session } = useSession();
  const answer = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/aging', {
          params: { query: { asOf, currency, groupBy: 'customer', page, pageSize: CUSTOMERS_PER_PAGE } },
        }),
        'The customers could not be read.',
      ),
    [session, asOf, currency, page],
  );
  if (answer === undefined) return <Text>Loading the customers…</Text>;
  if (answer instanceof Error) return <Alert color="red">{answer.message}</Alert>;
  const customers = answer.customers ?? [];
  const count = answer.customerCount ?? customers.length;
  const pages = Math.max(1, Math.ceil(count / CUSTOMERS_PER_PAGE));
  return (
    <section aria-labelledby="customers-heading">
      <Title order={2} id="customers-heading" size="h3">
        Customers in {currency}, largest first
      </Title>
      <Text>
        {count.toLocaleString()} customers with something open or disputed; page {page} of {pages}.
      </Text>
      <Table aria-labelledby="customers-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <BucketHeaders />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {customers.map((customer) => (
            <Table.Tr key={customer.customerId}>
              <Table.Td>
                <Anchor component={Link} to={`/customers/${encodeURIComponent(customer.customerId)}`}>
                  {customer.customerId}
                </Anchor>
              </Table.Td>
              <BucketCells aging={customer} currency={currency} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group mt="sm">
        <Button variant="default" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous customers
        </Button>
        <Button variant="default" disabled={page >= pages} onClick={() => onPage(page + 1)}>
          Next customers
        </Button>
      </Group>
    </section>
  );
}
