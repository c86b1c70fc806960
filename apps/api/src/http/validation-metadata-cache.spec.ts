import { IsInt, IsString, Min, getMetadataStorage, validateSync } from 'class-validator';
import { cacheValidationMetadata } from './validation-metadata-cache';

class Base {
  @IsString() id!: string;
}

class Payment extends Base {
  @IsInt() @Min(1) amount!: number;
}

const messagesOf = (value: object) =>
  validateSync(value, { forbidUnknownValues: true }).map(({ property, constraints }) => ({ property, constraints }));

describe('the validation metadata cache', () => {
  it('given a class with inherited rules, when it is validated again and again, then its rules are looked up once and the errors are the same as without the cache', () => {
    const invalid = Object.assign(new Payment(), { id: 7, amount: 0 });
    const before = messagesOf(invalid);
    const storage = getMetadataStorage();

    cacheValidationMetadata();
    const lookUp = jest.spyOn((storage as unknown as { validationMetadatas: Map<unknown, unknown> }).validationMetadatas, 'entries');
    const after = [messagesOf(invalid), messagesOf(invalid), messagesOf(Object.assign(new Payment(), { id: 'P-1', amount: 5 }))];

    expect(before.map(({ property }) => property).sort()).toEqual(['amount', 'id']);
    expect(after).toEqual([before, before, []]);
    // The first validation after installing scans the registered classes once; the rest are remembered.
    expect(lookUp.mock.calls.length).toBeLessThanOrEqual(1);
  });
});
