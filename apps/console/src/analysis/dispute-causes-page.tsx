import '@mantine/charts/styles.css';
import type { components } from '@collections/api-client';
import { BarChart } from '@mantine/charts';
import { Alert, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { formatMoney, words } from '../format';
import { Session, useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { addDays, chartUnits, ChartFigure, CurrencySelect, DayInput, serviceToday, USUAL_CURRENCIES } from './report-controls';
import { useSearchFilters } from '../search-filters';

type DisputeCausesReport = components['schemas']['DisputeCausesReport'];
type DisputedByCategory = components['schemas']['DisputedByCategory'];
type Granularity = DisputeCausesReport['period'];

const CATEGORIES: { key: keyof DisputedByCategory; color: string }[] = [
  { key: 'failed_product', color: 'red.8' },
  { key: 'poor_service', color: 'orange.7' },
  { key: 'damaged_goods', color: 'yellow.7' },
  { key: 'wrong_item', color: 'teal.8' },
  { key: 'pricing', color: 'blue.8' },
  { key: 'deduction', color: 'grape.8' },
];

/** The range asked for, or by default the last twelve months up to the service's today. */
async function loadCauses(session: Session, from: string | null, to: string | null, currency: string, period: Granularity) {
  const end = to ?? (await serviceToday(session));
  const start = from ?? `${addDays(`${end.slice(0, 7)}-01`, -320).slice(0, 7)}-01`;
  return dataOf(
    await session.client.GET('/reports/dispute-causes', { params: { query: { from: start, to: end, currency, period } } }),
    'The dispute causes could not be read.',
  );
}

/** Disputed amounts by complaint category, per month or quarter: what goes wrong, and how often. */
export function DisputeCausesPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const from = search.get('from');
  const to = search.get('to');
  const currency = search.get('currency') ?? USUAL_CURRENCIES[0];
  const period: Granularity = search.get('period') === 'quarter' ? 'quarter' : 'month';
  const report = useAnswer(() => loadCauses(session!, from, to, currency, period), [session, from, to, currency, period]);
  const shown = report && !(report instanceof Error) ? report : undefined;

  return (
    <Stack>
      <Title order={1}>Dispute causes</Title>
      <Group align="end">
        <DayInput label="From" value={from ?? shown?.from ?? ''} onChange={(day) => choose({ from: day, to: to ?? shown?.to })} />
        <DayInput label="To" value={to ?? shown?.to ?? ''} onChange={(day) => choose({ to: day, from: from ?? shown?.from })} />
        <CurrencySelect value={currency} onChange={(code) => choose({ currency: code })} />
        <Select
          label="Period"
          data={[
            { value: 'month', label: 'Month' },
            { value: 'quarter', label: 'Quarter' },
          ]}
          value={period}
          allowDeselect={false}
          onChange={(value) => choose({ period: value === 'quarter' ? 'quarter' : null })}
          w={140}
        />
      </Group>
      {report === undefined && <Text>Loading the dispute causes…</Text>}
      {report instanceof Error && (
        <Alert color="red" title="The dispute causes could not be read">
          {report.message}
        </Alert>
      )}
      {shown && <DisputeCauses report={shown} />}
    </Stack>
  );
}

function DisputeCauses({ report }: { report: DisputeCausesReport }) {
  const heading = `Disputed in ${report.currency} from ${report.from} to ${report.to}, by ${report.period}`;
  const cell = ({ amount, count }: { amount: number; count: number }) => `${formatMoney(amount, report.currency)} (${count})`;
  const data = report.periods.map(({ period, categories }) => ({
    period,
    ...Object.fromEntries(CATEGORIES.map(({ key }) => [key, chartUnits(categories[key].amount, report.currency)])),
  }));
  return (
    <section aria-labelledby="causes-heading">
      <Title order={2} id="causes-heading" size="h3">
        {heading}
      </Title>
      <Text size="sm">Each cell: the amount disputed (deductions included) and, in brackets, how many disputes.</Text>
      <ChartFigure label={`${heading}: a stacked bar per ${report.period} by category; the table below gives the amounts and counts`}>
        <BarChart
          h={280}
          data={data}
          dataKey="period"
          type="stacked"
          withLegend
          // The series in their own order (recharts sorts the legend by name otherwise).
          legendProps={{ itemSorter: null }}
          valueFormatter={(value) => value.toLocaleString()}
          barChartProps={{ accessibilityLayer: false }}
          series={CATEGORIES.map(({ key, color }) => ({ name: key, label: words(key), color }))}
        />
      </ChartFigure>
      <Table aria-labelledby="causes-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{report.period === 'month' ? 'Month' : 'Quarter'}</Table.Th>
            {CATEGORIES.map(({ key }) => (
              <Table.Th key={key}>{words(key)}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {report.periods.map(({ period, categories }) => (
            <Table.Tr key={period}>
              <Table.Th scope="row">{period}</Table.Th>
              {CATEGORIES.map(({ key }) => (
                <Table.Td key={key}>{cell(categories[key])}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">Total</Table.Th>
            {CATEGORIES.map(({ key }) => (
              <Table.Td key={key}>{cell(report.totals[key])}</Table.Td>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </section>
  );
}
