import { Counter, Histogram, Registry } from 'prom-client';
import { parsePrometheusText, sampleValue } from './prometheus-text';

describe('the Prometheus text reader the metrics tests use', () => {
  it('given what prom-client writes, when read, then it has every family, type, help and labelled sample', async () => {
    const registry = new Registry();
    new Counter({ name: 'things_total', help: 'Things, "quoted" \\ and more', labelNames: ['kind'], registers: [registry] })
      .labels('a "b"\\c\nd')
      .inc(3);
    const histogram = new Histogram({ name: 'wait_seconds', help: 'Waits', buckets: [0.1, 1], registers: [registry] });
    histogram.observe(0.5);
    histogram.observe(2);

    const families = parsePrometheusText(await registry.metrics());

    expect(families.get('things_total')).toMatchObject({ type: 'counter', help: 'Things, "quoted" \\ and more' });
    expect(sampleValue(families, 'things_total', { kind: 'a "b"\\c\nd' })).toBe(3);
    expect(families.get('wait_seconds')?.type).toBe('histogram');
    expect(sampleValue(families, 'wait_seconds_bucket', { le: '0.1' })).toBe(0);
    expect(sampleValue(families, 'wait_seconds_bucket', { le: '1' })).toBe(1);
    expect(sampleValue(families, 'wait_seconds_bucket', { le: '+Inf' })).toBe(2);
    expect(sampleValue(families, 'wait_seconds_count')).toBe(2);
    expect(sampleValue(families, 'wait_seconds_sum')).toBe(2.5);
    expect(sampleValue(families, 'wait_seconds_count', { le: 'nowhere' })).toBeUndefined();
  });

  it('reads NaN and infinities as Prometheus does (any case: prom-client writes Nan)', () => {
    const families = parsePrometheusText('# TYPE a gauge\na{x="1"} Nan\na{x="2"} +Inf\na{x="3"} -inf\n');
    expect(sampleValue(families, 'a', { x: '1' })).toBeNaN();
    expect(sampleValue(families, 'a', { x: '2' })).toBe(Infinity);
    expect(sampleValue(families, 'a', { x: '3' })).toBe(-Infinity);
  });

  it.each([
    ['a sample of no declared metric', 'stray 1\n'],
    ['an unterminated label value', '# TYPE a counter\na{x="1} 1\n'],
    ['a bad label name', '# TYPE a counter\na{1x="1"} 1\n'],
    ['a value that is not a number', '# TYPE a gauge\na one\n'],
    ['no value at all', '# TYPE a gauge\na\n'],
    ['labels run together', '# TYPE a gauge\na{x="1" y="2"} 1\n'],
    ['a label given twice', '# TYPE a gauge\na{x="1",x="2"} 1\n'],
    ['an unknown type', '# TYPE a meter\n'],
    ['a TYPE after its samples', '# TYPE a gauge\na 1\n# TYPE a counter\n'],
    ['no final line break', '# TYPE a gauge\na 1'],
    ['a bad escape', '# TYPE a gauge\na{x="\\t"} 1\n'],
  ])('refuses %s', (_, text) => {
    expect(() => parsePrometheusText(text)).toThrow();
  });
});
