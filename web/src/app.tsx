import { Layout } from './components/layout.tsx';
import { Empty } from './components/query-state.tsx';
import { ContractPage } from './pages/contract.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { EnvironmentPage } from './pages/environment.tsx';
import { EnvironmentsPage } from './pages/environments.tsx';
import { MatrixPage } from './pages/matrix.tsx';
import { NetworkPage } from './pages/network.tsx';
import { PacticipantPage } from './pages/pacticipant.tsx';
import { SchemaPage } from './pages/schema.tsx';
import { WebhooksPage } from './pages/webhooks.tsx';
import { Link, routeHref, useLocation, type Route } from './router.tsx';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'dashboard':
      return <DashboardPage />;
    case 'matrix':
      return <MatrixPage />;
    case 'network':
      return <NetworkPage />;
    case 'pacticipant':
      return <PacticipantPage name={route.name} />;
    case 'contract':
      return <ContractPage provider={route.provider} consumer={route.consumer} version={route.version} />;
    case 'environments':
      return <EnvironmentsPage />;
    case 'environment':
      return <EnvironmentPage name={route.name} />;
    case 'webhooks':
      return <WebhooksPage />;
    case 'schema':
      return <SchemaPage subject={route.subject} />;
    case 'not-found':
      return (
        <Empty title="There is no page at this address.">
          <p>
            <code>{route.path}</code> is not a Treaty page. Go to the <Link to={routeHref({ page: 'dashboard' })}>dashboard</Link>.
          </p>
        </Empty>
      );
    default: {
      const unreachable: never = route;
      return unreachable;
    }
  }
}

export function App() {
  const { route, pathname } = useLocation();
  return (
    <Layout>
      <Page key={route.page === 'not-found' ? pathname : route.page} route={route} />
    </Layout>
  );
}
