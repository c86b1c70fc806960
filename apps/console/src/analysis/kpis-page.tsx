import '@mantine/charts/styles.css';
import type { components } from '@collections/api-client';
import { LineChart } from '@mantine/charts';
import { Alert, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { formatMoney } from '../format';
import { Session, useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { formatDays, formatPercent, monthsOf } from './figures';
import { addDays, ChartFigure, CurrencySelect, DayInput, serviceToday, USUAL_CURRENCIES } from './report-controls';
import { useSearchFilters } from '../search-filters';
import { formatInstant } from './instants';
import { KnownAtInput } from './known-at';

type KpiReport = components['schemas']['KpiReport'];

/** A trend is one request per month (the API has no monthly series): the last two years of a longer period. */
const MAX_TREND_MONTHS = 24;

interface KpiFilters {
  from: string;
  to: string;
  currency: string;
  collectorId?: string;
  knownAt?: string;
}

/** The period asked for, or by default the last three calendar months up to the service's today. */
async function periodOf(session: Session, from: string | null, to: string | null): Promise<{ from: string; to: string }> {
  if (from && to) return { from, to };
  const today = to ?? (await serviceToday(session));
  return { from: from ?? `${addDays(`${today.slice(0, 7)}-01`, -45).slice(0, 7)}-01`, to: today };
}

async function readKpis(session: Session, { from, to, currency, collectorId, knownAt }: KpiFilters): Promise<KpiReport> {
  return dataOf(
    await session.client.GET('/kpis', { params: { query: { from, to, currency, collectorId, knownAt } } }),
    'The KPIs could not be read.',
  );
}

/**
 * The period's KPIs, and the same KPIs month by month (one GET /kpis each); with `knownAt`, all of
 * them as known then, and the period's restated beside them.
 */
async function loadKpis(session: Session, filters: Omit<KpiFilters, 'from' | 'to'>, from: string | null, to: string | null) {
  const period = await periodOf(session, from, to);
  const months = monthsOf(period.from, period.to).slice(-MAX_TREND_MONTHS);
  const [whole, restated, ...trend] = await Promise.all([
    readKpis(session, { ...filters, ...period }),
    filters.knownAt ? readKpis(session, { ...filters, ...period, knownAt: undefined }) : undefined,
    ...months.map((month) => readKpis(session, { ...filters, from: month.from, to: month.to })),
  ]);
  return { whole, restated, trend: trend.map((report, index) => ({ month: months[index].month, report: report! })) };
}

/** DSO and its companions, CEI, promise-kept and roll rates of a period, and their trend by month. */
export function KpisPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const currency = search.get('currency') ?? USUAL_CURRENCIES[0];
  const collectorId = search.get('collector') ?? undefined;
  const from = search.get('from');
  const to = search.get('to');
  const knownAt = search.get('knownAt') ?? undefined;
  const answer = useAnswer(
    () => loadKpis(session!, { currency, collectorId, knownAt }, from, to),
    [session, currency, collectorId, from, to, knownAt],
  );
  const shown = answer && !(answer instanceof Error) ? answer.whole : undefined;

  return (
    <Stack>
      <Title order={1}>KPIs</Title>
      <Group align="end">
        <DayInput label="From" value={from ?? shown?.from ?? ''} onChange={(day) => choose({ from: day, to: to ?? shown?.to })} />
        <DayInput label="To" value={to ?? shown?.to ?? ''} onChange={(day) => choose({ to: day, from: from ?? shown?.from })} />
        <CurrencySelect value={currency} onChange={(code) => choose({ currency: code })} />
        <TextInput
          label="Collector"
          description="Optional: only their customers"
          defaultValue={collectorId ?? ''}
          onBlur={(event) => choose({ collector: event.currentTarget.value.trim() })}
          onKeyDown={(event) => event.key === 'Enter' && choose({ collector: event.currentTarget.value.trim() })}
        />
        <KnownAtInput value={knownAt} onChange={(instant) => choose({ knownAt: instant })} />
      </Group>
      {answer === undefined && <Text>Loading the KPIs…</Text>}
      {answer instanceof Error && (
        <Alert color="red" title="The KPIs could not be read">
          {answer.message}
        </Alert>
      )}
      {answer && !(answer instanceof Error) && (
        <>
          <KpiFigures report={answer.whole} restated={answer.restated} />
          <KpiTrend trend={answer.trend} currency={answer.whole.currency} knownAt={knownAt} />
        </>
      )}
    </Stack>
  );
}

/** The measures of the figures table: its name, its value in a report, and what it measures. */
const MEASURES: [string, (report: KpiReport) => string, string][] = [
  ['DSO', (report) => formatDays(report.dso), 'ending AR / credit sales × days in the period'],
  [
    'Count-back DSO',
    (report) => formatDays(report.countBackDso),
    'months of sales it takes, walking back from the end, to make up the ending AR',
  ],
  ['Best possible DSO', (report) => formatDays(report.bestPossibleDso), 'not yet due AR / credit sales × days'],
  ['Average days delinquent', (report) => formatDays(report.averageDaysDelinquent), 'DSO − best possible DSO'],
  ['CEI', (report) => formatPercent(report.cei), 'collection effectiveness index'],
  ['Promise-kept rate', (report) => formatPercent(report.promiseKeptRate), 'kept / (kept + broken) among promises due in the period'],
  ['Collected', (report) => formatMoney(report.collected, report.currency), 'payments received in the period'],
  ['Recovered', (report) => formatMoney(report.recovered, report.currency), 'recoveries on written-off invoices'],
  ['Credit sales', (report) => formatMoney(report.creditSales, report.currency), 'invoices issued in the period'],
  ['Beginning AR', (report) => formatMoney(report.beginningAr, report.currency), 'open at the close of the day before the period'],
  ['Ending AR', (report) => formatMoney(report.endingAr, report.currency), 'open at the close of its last day'],
  ['Ending current AR', (report) => formatMoney(report.endingCurrentAr, report.currency), 'the part of ending AR not yet due'],
];

/** Each figure as the API answers it, with what it measures; as known at an instant, beside the restated figure. */
function KpiFigures({ report, restated }: { report: KpiReport; restated?: KpiReport }) {
  const knownAt = report.knownAt ? ` as known at ${formatInstant(report.knownAt)}` : '';
  const heading = `KPIs from ${report.from} to ${report.to} in ${report.currency}${report.collectorId ? ` for ${report.collectorId}` : ''}${knownAt}`;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }}>
      <section aria-labelledby="kpi-heading">
        <Title order={2} id="kpi-heading" size="h3">
          {heading}
        </Title>
        <Table aria-labelledby="kpi-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Measure</Table.Th>
              <Table.Th>{report.knownAt ? `As known at ${formatInstant(report.knownAt)}` : 'Value'}</Table.Th>
              {restated && <Table.Th>Restated</Table.Th>}
              <Table.Th>What it is</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {MEASURES.map(([name, valueOf, meaning]) => (
              <Table.Tr key={name}>
                <Table.Th scope="row">{name}</Table.Th>
                <Table.Td>{valueOf(report)}</Table.Td>
                {restated && <Table.Td>{valueOf(restated)}</Table.Td>}
                <Table.Td>{meaning}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">— : not defined (its denominator is zero, or count-back DSO would need sales older than ten years).</Text>
      </section>
      <section aria-labelledby="roll-heading">
        <Title order={2} id="roll-heading" size="h3">
          Roll rates, over the 30 days before {report.to}
          {knownAt}
        </Title>
        <Table aria-labelledby="roll-heading">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>From</Table.Th>
              <Table.Th>Into</Table.Th>
              <Table.Th>Rolled</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.rollRates.map((rate) => (
              <Table.Tr key={`${rate.from} ${rate.to}`}>
                <Table.Td>{rate.from}</Table.Td>
                <Table.Td>{rate.to}</Table.Td>
                <Table.Td>{formatPercent(rate.percent)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </section>
    </SimpleGrid>
  );
}

const TREND_SERIES = [
  { name: 'dso', label: 'DSO', color: 'blue.8' },
  { name: 'bestPossibleDso', label: 'Best possible DSO', color: 'teal.8' },
  { name: 'averageDaysDelinquent', label: 'Average days delinquent', color: 'red.8' },
] as const;

/** The month-by-month DSO lines, and the same months as a table (what a screen reader reads). */
function KpiTrend({ trend, currency, knownAt }: { trend: { month: string; report: KpiReport }[]; currency: string; knownAt?: string }) {
  const data = trend.map(({ month, report }) => ({ month, ...Object.fromEntries(TREND_SERIES.map(({ name }) => [name, report[name]])) }));
  return (
    <section aria-labelledby="trend-heading">
      <Title order={2} id="trend-heading" size="h3">
        Trend by month
      </Title>
      <Text size="sm">
        One request per calendar month of the period (at most the last {MAX_TREND_MONTHS}): the API gives a period&apos;s KPIs, not a
        series.{knownAt && ` Each month as known at ${formatInstant(knownAt)}.`}
      </Text>
      <ChartFigure label="DSO, best possible DSO and average days delinquent by month, in days; the table below gives the figures">
        <LineChart
          h={260}
          data={data}
          dataKey="month"
          unit=" d"
          withLegend
          // The series in their own order (recharts sorts the legend by name otherwise).
          legendProps={{ itemSorter: null }}
          connectNulls={false}
          lineChartProps={{ accessibilityLayer: false }}
          series={TREND_SERIES.map((series) => ({ ...series }))}
        />
      </ChartFigure>
      <Table aria-labelledby="trend-heading" striped>
        <Table.Thead>
          <Table.Tr>
            {[
              'Month',
              'DSO',
              'Count-back DSO',
              'Best possible DSO',
              'Average days delinquent',
              'CEI',
              'Promise-kept rate',
              'Collected',
            ].map((name) => (
              <Table.Th key={name}>{name}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trend.map(({ month, report }) => (
            <Table.Tr key={month}>
              <Table.Th scope="row">{month}</Table.Th>
              <Table.Td>{formatDays(report.dso)}</Table.Td>
              <Table.Td>{formatDays(report.countBackDso)}</Table.Td>
              <Table.Td>{formatDays(report.bestPossibleDso)}</Table.Td>
              <Table.Td>{formatDays(report.averageDaysDelinquent)}</Table.Td>
              <Table.Td>{formatPercent(report.cei)}</Table.Td>
              <Table.Td>{formatPercent(report.promiseKeptRate)}</Table.Td>
              <Table.Td>{formatMoney(report.collected, currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}
