import { ReminderChannel } from '@collections/domain';
import { Letter } from '../letter';
import { DeliveryReceipt, LetterDelivery } from './letter-delivery.port';

/** Which transport carries each channel's letters. */
export type DeliveryRoutes = Readonly<Record<ReminderChannel, LetterDelivery>>;

/** Hands each letter to the transport of its channel (e-mail, postal letter, SMS). */
export class ChannelRoutedDelivery implements LetterDelivery {
  constructor(private readonly routes: DeliveryRoutes) {}

  deliver(letter: Letter): Promise<DeliveryReceipt> {
    return this.routes[letter.channel].deliver(letter);
  }

  /** Prepares each transport once, however many channels it carries. */
  async prepare(): Promise<void> {
    for (const route of new Set(Object.values(this.routes))) await route.prepare?.();
  }
}
