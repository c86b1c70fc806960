import { fieldOfInstant, formatInstant, instantOfField } from '../../apps/console/src/analysis/instants';

describe('the As known at field: instants in UTC', () => {
  it.each([
    ['2024-04-01T00:00:00.000Z', '2024-04-01 00:00 UTC'],
    ['2024-04-01T02:00:00+02:00', '2024-04-01 00:00 UTC'],
    ['2024-04-10T08:59:59.999Z', '2024-04-10 08:59:59 UTC'],
    ['2024-04-10T09:00:30Z', '2024-04-10 09:00:30 UTC'],
    ['yesterday', 'yesterday'],
  ])('shows %s as %s', (instant, shown) => {
    expect(formatInstant(instant)).toBe(shown);
  });

  it.each([
    ['2024-04-01T00:00', '2024-04-01T00:00:00.000Z'],
    ['2024-04-01T23:59:30', '2024-04-01T23:59:30.000Z'],
    ['', null],
    ['2024-04-01', null],
    ['2024-02-30T00:00', null],
    ['2024-04-01T24:00', null],
  ])('reads the field value %p as the instant %p', (value, instant) => {
    expect(instantOfField(value)).toBe(instant);
  });

  it.each([
    ['2024-04-01T00:00:00.000Z', '2024-04-01T00:00'],
    ['2024-04-01T02:00:30+02:00', '2024-04-01T00:00:30'],
    ['not an instant', ''],
  ])('puts the instant %s in the field as %p', (instant, value) => {
    expect(fieldOfInstant(instant)).toBe(value);
  });
});
