import '@mantine/charts/styles.css';
import type { components } from '@collections/api-client';
import { CompositeChart } from '@mantine/charts';
import { Alert, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { formatMoney } from '../format';
import { useSearchFilters } from '../search-filters';
import { useSession } from '../session';
import { dataOf, useAnswer } from '../use-answer';
import { ChartFigure, chartUnits, CurrencySelect, DayInput, USUAL_CURRENCIES } from '../analysis/report-controls';

type CashForecast = components['schemas']['CashForecast'];

const DEFAULT_WEEKS = 13;
const MAX_WEEKS = 26;

/**
 * The treasury's cash forecast: expected collections per week (Monday to Sunday) in one currency,
 * with its 10–90% range, from the open invoices' predicted payment days, promises and plans.
 */
export function CashForecastPage() {
  const { session } = useSession();
  const [search, choose] = useSearchFilters();
  const currency = search.get('currency') ?? USUAL_CURRENCIES[0];
  const from = search.get('from') ?? undefined;
  const weeks = Number(search.get('weeks') ?? DEFAULT_WEEKS);
  const answer = useAnswer(
    async () =>
      dataOf(
        await session!.client.GET('/forecasts/cash', { params: { query: { currency, from, weeks } } }),
        'The cash forecast could not be read.',
      ),
    [session, currency, from, weeks],
  );
  const shown = answer && !(answer instanceof Error) ? answer : undefined;

  return (
    <Stack>
      <Title order={1}>Cash forecast</Title>
      <Group align="end">
        <DayInput
          label="From"
          description="The forecast starts on that week's Monday"
          value={from ?? shown?.weeks[0]?.weekStart ?? ''}
          onChange={(day) => choose({ from: day })}
        />
        <NumberInput
          label="Weeks"
          description={`1 to ${MAX_WEEKS}`}
          min={1}
          max={MAX_WEEKS}
          allowDecimal={false}
          value={weeks}
          onChange={(value) => typeof value === 'number' && value >= 1 && value <= MAX_WEEKS && choose({ weeks: String(value) })}
          w={120}
        />
        <CurrencySelect value={currency} onChange={(code) => choose({ currency: code })} />
      </Group>
      {answer === undefined && <Text>Loading the cash forecast…</Text>}
      {answer instanceof Error && (
        <Alert color="red" title="The cash forecast could not be read">
          {answer.message}
        </Alert>
      )}
      {shown && <ForecastWeeks forecast={shown} />}
    </Stack>
  );
}

/** The weeks as a chart (expected as bars, the range as lines) and as a table with the exact amounts. */
function ForecastWeeks({ forecast }: { forecast: CashForecast }) {
  const money = (amount: number) => formatMoney(amount, forecast.currency);
  const data = forecast.weeks.map((week) => ({
    weekStart: week.weekStart,
    expected: chartUnits(week.expected, forecast.currency),
    low: chartUnits(week.low, forecast.currency),
    high: chartUnits(week.high, forecast.currency),
  }));
  const heading = `Expected collections in ${forecast.currency}, ${forecast.weeks.length} weeks from ${forecast.weeks[0].weekStart}`;
  return (
    <section aria-labelledby="forecast-heading">
      <Title order={2} id="forecast-heading" size="h3">
        {heading}
      </Title>
      <Text size="sm">
        From the predicted payment days of the open invoices; promises not yet due and payment-plan installments say when for what they
        cover. The range is the 10th to the 90th percentile of each week.
      </Text>
      <ChartFigure
        label={`${heading}: expected per week as bars, the low and high ends of the range as lines; the table gives the amounts`}
      >
        <CompositeChart
          h={280}
          data={data}
          dataKey="weekStart"
          withLegend
          legendProps={{ itemSorter: null }}
          valueFormatter={(value) => value.toLocaleString()}
          composedChartProps={{ accessibilityLayer: false }}
          series={[
            { name: 'expected', label: 'Expected', color: 'blue.8', type: 'bar' },
            { name: 'low', label: 'Low (10%)', color: 'orange.8', type: 'line' },
            { name: 'high', label: 'High (90%)', color: 'teal.8', type: 'line' },
          ]}
        />
      </ChartFigure>
      <Table aria-labelledby="forecast-heading" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Week of</Table.Th>
            <Table.Th>Expected</Table.Th>
            <Table.Th>Low</Table.Th>
            <Table.Th>High</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {forecast.weeks.map((week) => (
            <Table.Tr key={week.weekStart}>
              <Table.Th scope="row">{week.weekStart}</Table.Th>
              <Table.Td>{money(week.expected)}</Table.Td>
              <Table.Td>{money(week.low)}</Table.Td>
              <Table.Td>{money(week.high)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text>Expected after the last week: {money(forecast.beyond)}</Text>
    </section>
  );
}
