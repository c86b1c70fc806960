/**
 * A strict reader of Prometheus's text exposition format 0.0.4, for tests: what a scraper would
 * refuse, this throws on, naming the line. No parser package is installed
 * (`parse-prometheus-text-format` is not), and prom-client writes but does not read.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name: a histogram's `_bucket`, `_sum` and `_count` belong to its family. */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES: readonly string[] = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];
const SUFFIXES: Record<MetricType, readonly string[]> = {
  counter: [''],
  gauge: [''],
  untyped: [''],
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new Error('The exposition must end with a line break');
  lines.forEach((line, index) => {
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${JSON.stringify(line)}`);
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const [, keyword, name, ...rest] = line.split(' ');
      if (keyword !== 'HELP' && keyword !== 'TYPE') return;
      if (!NAME.test(name ?? '')) fail('not a metric name');
      const family = families.get(name) ?? { name, type: 'untyped' as MetricType, help: '', samples: [] };
      if (keyword === 'TYPE') {
        if (family.samples.length > 0) fail('TYPE after its samples');
        if (!TYPES.includes(rest[0] ?? '') || rest.length !== 1) fail('unknown type');
        family.type = rest[0] as MetricType;
      } else {
        family.help = rest.join(' ').replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      families.set(name, family);
      return;
    }
    const sample = parseSample(line, fail);
    const family = [...families.values()].find((candidate) =>
      SUFFIXES[candidate.type].some((suffix) => `${candidate.name}${suffix}` === sample.name),
    );
    if (family === undefined) fail('a sample of no declared metric');
    family!.samples.push(sample);
  });
  return families;
}

function parseSample(line: string, fail: (why: string) => never): Sample {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0] ?? fail('no metric name');
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const labelName = /^[^=]*/.exec(line.slice(at))![0];
      if (!LABEL_NAME.test(labelName)) fail('not a label name');
      at += labelName.length;
      if (line[at] !== '=' || line[at + 1] !== '"') fail('a label without ="value"');
      at += 2;
      let value = '';
      for (;;) {
        const char = line[at++];
        if (char === undefined) fail('an unterminated label value');
        if (char === '"') break;
        if (char === '\\') {
          const escaped = line[at++];
          if (escaped === 'n') value += '\n';
          else if (escaped === '\\' || escaped === '"') value += escaped;
          else fail('a bad escape in a label value');
        } else value += char;
      }
      if (Object.prototype.hasOwnProperty.call(labels, labelName)) fail('a label given twice');
      labels[labelName] = value;
      if (line[at] === ',') at++;
      else if (line[at] !== '}') fail('labels not separated by commas');
    }
    at++;
  }
  if (line[at] !== ' ') fail('no space before the value');
  const [value, timestamp, ...extra] = line.slice(at + 1).split(' ');
  if (extra.length > 0 || (timestamp !== undefined && !/^-?\d+$/.test(timestamp))) fail('more than a value and a timestamp');
  // Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
  const special = value.toLowerCase();
  const number =
    special === '+inf' || special === 'inf' ? Infinity : special === '-inf' ? -Infinity : special === 'nan' ? NaN : Number(value);
  if (value.trim() !== value || value === '' || (Number.isNaN(number) && special !== 'nan')) fail('not a number');
  return { name, labels, value: number };
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function sampleValue(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): number | undefined {
  const matching = [...families.values()]
    .flatMap((family) => family.samples)
    .filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (matching.length > 1) throw new Error(`${matching.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return matching[0]?.value;
}
