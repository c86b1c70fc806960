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
import { formatInstant } from './instants';
import { KnownAtInput } from './known-at';

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

/** A row of the aging table: a currency's figures, as now or as known at an instant. */
interface AgingRow {
  label: string;
  report: AgingReport;
}

/**
 * The aging of each usual currency that has anything open or disputed, or of the one chosen; with
 * `knownAt`, each currency's figures as known then beside the same figures restated (as now).
 */
async function loadAging(
  session: Session,
  asOf: string | undefined,
  currency: string | undefined,
  knownAt: string | undefined,
): Promise<AgingRow[]> {
  const read = async (code: string, at?: string) =>
    dataOf(
      await session.client.GET('/aging', { params: { query: { currency: code, asOf, knownAt: at } } }),
      'The aging could not be read.',
    );
  const currencies = currency ? [currency] : USUAL_CURRENCIES;
  const restated = await Promise.all(currencies.map((code) => read(code)));
  const reported = knownAt ? await Promise.all(currencies.map((code) => read(code, knownAt))) : [];
  const rows = restated.flatMap((report, index): AgingRow[] =>
    knownAt
      ? [
          { label: `${report.currency} as known at ${formatInstant(knownAt)}`, report: reported[index] },
          { label: `${report.currency} restated`, report },
        ]
      : [{ label: report.currency, report }],
  );
  if (currency) return rows;
  const held = rows.filter(({ report }) => report.total !== 0 || report.disputed !== 0);
  const heldCurrencies = new Set(held.map(({ report }) => report.currency));
  // Nothing open anywhere: still say as of when, with the first currency's zeros.
  return heldCurrencies.size > 0 ? rows.filter(({ report }) => heldCurrencies.has(report.currency)) : rows.slice(0, knownAt ? 2 : 1);
}

/** Open balances by days past due as of any day, per currency, with each currency's customers. */
export function AgingPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const asOf = search.get('asOf') ?? undefined;
  const currency = search.get('currency') ?? undefined;
  const knownAt = search.get('knownAt') ?? undefined;
  const page = Number(search.get('page') ?? '1') || 1;
  const rows = useAnswer(() => loadAging(session!, asOf, currency, knownAt), [session, asOf, currency, knownAt]);
  const shownAsOf = asOf ?? (rows instanceof Array ? rows[0]?.report.asOf : undefined) ?? '';

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
        <KnownAtInput value={knownAt} onChange={(instant) => choose({ knownAt: instant, page: null })} />
      </Group>
      {rows === undefined && <Text>Loading the aging…</Text>}
      {rows instanceof Error && (
        <Alert color="red" title="The aging could not be read">
          {rows.message}
        </Alert>
      )}
      {rows instanceof Array && (
        <>
          <AgingTable rows={rows} knownAt={knownAt} />
          <AgingChart rows={rows} />
          {currency ? (
            <CustomerAging
              asOf={rows[0].report.asOf}
              currency={currency}
              knownAt={knownAt}
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

function AgingTable({ rows, knownAt }: { rows: AgingRow[]; knownAt: string | undefined }) {
  return (
    <section aria-labelledby="aging-heading">
      <Title order={2} id="aging-heading" size="h3">
        Aging as of {rows[0].report.asOf}
      </Title>
      {knownAt && (
        <Text>
          As known at {formatInstant(knownAt)} (only what was recorded by then, as it was reported), beside the same figures restated with
          everything recorded since.
        </Text>
      )}
      <Table aria-labelledby="aging-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Currency</Table.Th>
            <BucketHeaders />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map(({ label, report }) => (
            <Table.Tr key={label}>
              <Table.Th scope="row">{label}</Table.Th>
              <BucketCells aging={report} currency={report.currency} />
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}

/** One bar per row of the table (a currency, or a currency as known and restated), stacked by bucket, in major units. */
function AgingChart({ rows }: { rows: AgingRow[] }) {
  const data = rows.map(({ label, report }) => ({
    label,
    ...Object.fromEntries(BUCKETS.map(({ key }) => [key, chartUnits(report.buckets[key], report.currency)])),
  }));
  return (
    <ChartFigure
      label={`Aging as of ${rows[0].report.asOf}: a stacked bar per row of the table by days past due; the table above gives the amounts`}
    >
      <BarChart
        h={60 + 50 * rows.length}
        data={data}
        dataKey="label"
        orientation="vertical"
        type="stacked"
        withLegend
        // The series in their own order (recharts sorts the legend by name otherwise).
        legendProps={{ itemSorter: null }}
        valueFormatter={(value) => value.toLocaleString()}
        // Room for the longest row name ("EUR as known at 2024-04-01 00:00 UTC" with knownAt).
        yAxisProps={{ width: Math.min(260, 14 + 7 * Math.max(...rows.map(({ label }) => label.length))) }}
        barChartProps={{ accessibilityLayer: false }}
        series={BUCKETS.map(({ key, label, color }) => ({ name: key, label, color }))}
      />
    </ChartFigure>
  );
}

/** A page of the currency's customers, largest total first, each linked to its account. */
/** With `knownAt`, the customers as known then. */
function CustomerAging({
  asOf,
  currency,
  knownAt,
  page,
  onPage,
}: {
  asOf: string;
  currency: string;
  knownAt: string | undefined;
  page: number;
  onPage(page: number): void;
}) {
  const { session } = useSession();
  const answer = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/aging', {
          params: { query: { asOf, currency, groupBy: 'customer', page, pageSize: CUSTOMERS_PER_PAGE, knownAt } },
        }),
        'The customers could not be read.',
      ),
    [session, asOf, currency, page, knownAt],
  );
  if (answer === undefined) return <Text>Loading the customers…</Text>;
  if (answer instanceof Error) return <Alert color="red">{answer.message}</Alert>;
  const customers = answer.customers ?? [];
  const count = answer.customerCount ?? customers.length;
  const pages = Math.max(1, Math.ceil(count / CUSTOMERS_PER_PAGE));
  return (
    <section aria-labelledby="customers-heading">
      <Title order={2} id="customers-heading" size="h3">
        Customers in {currency}, largest first{knownAt && `, as known at ${formatInstant(knownAt)}`}
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
