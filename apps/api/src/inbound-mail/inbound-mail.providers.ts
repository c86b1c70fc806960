import { Provider } from '@nestjs/common';
import { AppConfig } from '@collections/config';
import { INBOUND_MAIL_SETTINGS, InboundMail } from './inbound-mail.service';
import { InboundSmtpListener } from './inbound-smtp-listener';

/** Replies to letters: the service POST /inbound-mail and the SMTP listener share. */
export const inboundMailProviders = (config: AppConfig): Provider[] => [
  { provide: INBOUND_MAIL_SETTINGS, useValue: config.inboundMail },
  InboundMail,
  InboundSmtpListener,
];
