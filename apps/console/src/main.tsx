import '@mantine/core/styles.css';
import { Center, Loader, MantineProvider } from '@mantine/core';
import { lazy, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { CustomerPage } from './customer-page';
import { HomePage } from './home-page';
import { Layout } from './layout';
import { SessionProvider, useSession } from './session';
import { SignInPage } from './sign-in-page';
import { accessibleColors, theme } from './theme';
import { WorklistPage } from './worklist-page';

// Every page but the worklist and a customer's loads when first opened: the charts, the editor and
// the queues are not part of the first load a collector waits for.
const AgingPage = lazy(async () => ({ default: (await import('./analysis/aging-page')).AgingPage }));
const KpisPage = lazy(async () => ({ default: (await import('./analysis/kpis-page')).KpisPage }));
const DisputeCausesPage = lazy(async () => ({ default: (await import('./analysis/dispute-causes-page')).DisputeCausesPage }));
const PostMortemsPage = lazy(async () => ({ default: (await import('./analysis/post-mortems-page')).PostMortemsPage }));
const PolicyPage = lazy(async () => ({ default: (await import('./policy/policy-page')).PolicyPage }));
const CashPage = lazy(async () => ({ default: (await import('./cash/cash-page')).CashPage }));
const RepliesPage = lazy(async () => ({ default: (await import('./replies/replies-page')).RepliesPage }));
const DisputesPage = lazy(async () => ({ default: (await import('./disputes/disputes-page')).DisputesPage }));
const CashForecastPage = lazy(async () => ({ default: (await import('./forecasts/cash-forecast-page')).CashForecastPage }));
const QueriesPage = lazy(async () => ({ default: (await import('./queries/queries-page')).QueriesPage }));
const EscalationsPage = lazy(async () => ({ default: (await import('./escalations/escalations-page')).EscalationsPage }));

/** Every page has its own URL under /app/ (the api answers index.html for each), so reloads and bookmarks work. */
function Console() {
  const { session, restoring } = useSession();
  if (restoring) {
    return (
      <Center h="100vh">
        <Loader aria-label="Signing in" />
      </Center>
    );
  }
  if (!session) return <SignInPage />;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="worklist" element={<WorklistPage />} />
        <Route path="customers/:customerId" element={<CustomerPage />} />
        <Route path="aging" element={<AgingPage />} />
        <Route path="kpis" element={<KpisPage />} />
        <Route path="dispute-causes" element={<DisputeCausesPage />} />
        <Route path="post-mortems" element={<PostMortemsPage />} />
        <Route path="policy" element={<PolicyPage />} />
        <Route path="escalations" element={<EscalationsPage />} />
        <Route path="cash" element={<CashPage />} />
        <Route path="replies" element={<RepliesPage />} />
        <Route path="disputes" element={<DisputesPage />} />
        <Route path="cash-forecast" element={<CashForecastPage />} />
        <Route path="queries" element={<QueriesPage />} />
        <Route path="*" element={<HomePage />} />
      </Route>
    </Routes>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={accessibleColors}>
      <SessionProvider>
        <BrowserRouter basename="/app">
          <Console />
        </BrowserRouter>
      </SessionProvider>
    </MantineProvider>
  </StrictMode>,
);
