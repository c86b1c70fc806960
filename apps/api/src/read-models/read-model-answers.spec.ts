import { Projector } from '@collections/projections';
import { ReadModelAnswers } from './read-model-answers';

describe('answers from the read models', () => {
  let position: number;
  let computed: number;
  const projector = {
    get position() {
      return position;
    },
  } as unknown as Projector;
  const compute = async () => ++computed;

  beforeEach(() => {
    position = 10;
    computed = 0;
  });

  it('given the read models stay where they are, when the same question is asked again, then it is computed once', async () => {
    const answers = new ReadModelAnswers(projector, true);

    expect([await answers.answer('q', compute), await answers.answer('q', compute), await answers.answer('other', compute)]).toEqual([
      1, 1, 2,
    ]);
  });

  it('given the projector applied another event, when the question is asked again, then it is computed again', async () => {
    const answers = new ReadModelAnswers(projector, true);
    await answers.answer('q', compute);

    position = 11;

    expect(await answers.answer('q', compute)).toBe(2);
  });

  it('given a refresh of the payment predictions completes (no event), when the question is asked again, then it is computed again and its version moves', async () => {
    const refreshes = { completed: 0 };
    const answers = new ReadModelAnswers(projector, true, refreshes);
    await answers.answer('q', compute);
    const before = answers.version;

    refreshes.completed = 1;

    expect(await answers.answer('q', compute)).toBe(2);
    expect(answers.version).not.toBe(before);
  });

  it('given this process does not keep the read models, then every question is computed', async () => {
    const answers = new ReadModelAnswers(projector, false);

    expect([await answers.answer('q', compute), await answers.answer('q', compute)]).toEqual([1, 2]);
  });

  it('given a computation fails, then the failure is not kept as the answer', async () => {
    const answers = new ReadModelAnswers(projector, true);
    await expect(answers.answer('q', () => Promise.reject(new Error('read store down')))).rejects.toThrow('read store down');

    expect(await answers.answer('q', compute)).toBe(1);
  });
});
