import { ConcurrencyConflictError, IdempotencyKeyReusedError } from '@collections/accounts';
import { DomainError } from '@collections/domain';
import { DeliveryReceipt, Letter, LetterDelivery } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { NO_POLICY_ENGINE_METRICS, PolicyEngineMetrics, meteredDelivery, refusalReason } from './engine-metrics';

describe('the letters a metered delivery counts', () => {
  const handedOver: string[] = [];
  const metrics: PolicyEngineMetrics = {
    ...NO_POLICY_ENGINE_METRICS,
    letterHandedOver: (channel, result) => handedOver.push(`${channel} ${result}`),
  };
  const transport = (deliver: (letter: Letter) => Promise<DeliveryReceipt>): LetterDelivery => ({ deliver });
  beforeEach(() => handedOver.splice(0));

  it('given the transport takes a letter, then it is counted as sent under its channel and its receipt passed on', async () => {
    const delivery = meteredDelivery(
      transport(async () => ({ transportId: 'file:1.eml' })),
      metrics,
    );

    expect(await delivery.deliver(aLetter({ channel: 'letter' }))).toEqual({ transportId: 'file:1.eml' });
    expect(handedOver).toEqual(['letter sent']);
  });

  it('given the transport refuses, then it is counted as failed and the error reaches the outbox unchanged', async () => {
    const refusal = new Error('451 Requested action aborted');
    const delivery = meteredDelivery(
      transport(() => Promise.reject(refusal)),
      metrics,
    );

    await expect(delivery.deliver(aLetter({ channel: 'email' }))).rejects.toBe(refusal);
    expect(handedOver).toEqual(['email failed']);
  });

  it('given a receipt without a transport id, then it is counted as failed, as the outbox records it', async () => {
    const delivery = meteredDelivery(
      transport(async () => ({}) as DeliveryReceipt),
      metrics,
    );

    await delivery.deliver(aLetter({ channel: 'sms' }));
    expect(handedOver).toEqual(['sms failed']);
  });

  it('given a transport to prepare, then the metered delivery prepares it; without metrics it is the transport itself', async () => {
    let prepared = 0;
    const files: LetterDelivery = { deliver: async () => ({ transportId: 't' }), prepare: async () => void prepared++ };

    await meteredDelivery(files, metrics).prepare?.();
    expect(prepared).toBe(1);
    expect(meteredDelivery(files, NO_POLICY_ENGINE_METRICS)).toBe(files);
  });
});

describe('the reason a run left a customer', () => {
  it('given each refusal, then its label is a code from a closed set, never the message', () => {
    expect(refusalReason(new DomainError('amount-exceeds-balance', 'Customer C-1 owes less'))).toBe('amount-exceeds-balance');
    expect(refusalReason(new ConcurrencyConflictError('Customer C-1', 8))).toBe('conflict');
    expect(refusalReason(new IdempotencyKeyReusedError('policy:SendReminder:R-1'))).toBe('idempotency-key-reused');
  });
});
