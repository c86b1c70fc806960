import { aLetter } from '../testing/letter-fixtures';
import { ChannelRoutedDelivery } from './channel-routed-delivery';
import { LetterDelivery } from './letter-delivery.port';

describe('ChannelRoutedDelivery', () => {
  const transport = (name: string, log: string[], prepares = true): LetterDelivery => ({
    deliver: async () => (log.push(`${name} deliver`), { transportId: name }),
    ...(prepares ? { prepare: async () => void log.push(`${name} prepare`) } : {}),
  });

  it('given one transport for several channels and one without a prepare step, when prepared, then each transport that can is prepared once', async () => {
    const log: string[] = [];
    const files = transport('files', log);
    const routed = new ChannelRoutedDelivery({ email: transport('smtp', log, false), letter: files, sms: files });

    await routed.prepare();

    expect(log).toEqual(['files prepare']);
  });

  it("given letters of each channel, when delivered, then each goes by its channel's transport", async () => {
    const log: string[] = [];
    const routed = new ChannelRoutedDelivery({
      email: transport('smtp', log),
      letter: transport('files', log),
      sms: transport('sms', log),
    });

    const receipts = await Promise.all((['email', 'letter', 'sms'] as const).map((channel) => routed.deliver(aLetter({ channel }))));

    expect(receipts.map((receipt) => receipt.transportId)).toEqual(['smtp', 'files', 'sms']);
  });
});
