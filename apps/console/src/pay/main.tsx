import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { accessibleColors, theme } from '../theme';
import { LinkRefused } from './link-refused';
import { tokenOfPath } from './pay-client';
import { PayPage } from './pay-page';

/**
 * The customer's page (pay.html, served at /pay/<token>): a second entry of the console's build
 * with none of its staff pages, session or navigation. The token in the address is all it has.
 */
function PayApp() {
  const token = tokenOfPath(window.location.pathname);
  return token === undefined ? <LinkRefused reason="invalid" client={undefined} /> : <PayPage token={token} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={accessibleColors}>
      <PayApp />
    </MantineProvider>
  </StrictMode>,
);
