import type { EnvironmentFields } from '../graphql/documents/environments.ts';
import { Link, routeHref } from '../router.tsx';
import { Pager, usePage } from './pager.tsx';
import { ShortVersion } from './short-version.tsx';
import { Time } from './time.tsx';

/** What runs in an environment: current deployments and supported releases. */
export function DeploymentsTable({ environment }: { environment: EnvironmentFields }) {
  const rows = [
    ...environment.deployedVersions.map((d) => ({
      key: d.uuid,
      pacticipant: d.pacticipant.name,
      version: d.version.number,
      how: d.applicationInstance ? `deployed (${d.applicationInstance})` : 'deployed',
      at: d.deployedAt,
    })),
    ...environment.releasedVersions.map((r) => ({
      key: r.uuid,
      pacticipant: r.pacticipant.name,
      version: r.version.number,
      how: 'released',
      at: r.releasedAt,
    })),
  ].sort((a, b) => a.pacticipant.localeCompare(b.pacticipant) || b.at.localeCompare(a.at));
  const { page, pager } = usePage(rows, 50);
  if (rows.length === 0) return <p className="muted">Nothing is deployed or released here yet.</p>;
  return (
    <>
      <div className="table-wrap">
        <table className="table">
          <caption className="visually-hidden">Versions in {environment.name}</caption>
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">Version</th>
              <th scope="col">How</th>
              <th scope="col">Since</th>
            </tr>
          </thead>
          <tbody>
            {page.map((r) => (
              <tr key={r.key}>
                <td className="nowrap">
                  <Link to={routeHref({ page: 'pacticipant', name: r.pacticipant })}>{r.pacticipant}</Link>
                </td>
                <td>
                  <ShortVersion value={r.version} />
                </td>
                <td>{r.how}</td>
                <td>
                  <Time iso={r.at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} label={`Versions in ${environment.name}`} />
    </>
  );
}
