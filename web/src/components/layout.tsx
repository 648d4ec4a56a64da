import { useEffect, useRef, type ReactNode } from 'react';
import { Link, routeHref, useLocation, type Route } from '../router.tsx';
import { SignOut } from './sign-in.tsx';

const sections: Array<{ label: string; to: string; match: Array<Route['page']> }> = [
  { label: 'Dashboard', to: routeHref({ page: 'dashboard' }), match: ['dashboard', 'pacticipant', 'contract'] },
  { label: 'Matrix', to: routeHref({ page: 'matrix' }), match: ['matrix'] },
  { label: 'Network', to: routeHref({ page: 'network' }), match: ['network'] },
  { label: 'Environments', to: routeHref({ page: 'environments' }), match: ['environments', 'environment'] },
  { label: 'Webhooks', to: routeHref({ page: 'webhooks' }), match: ['webhooks'] },
];

export function Layout({ children }: { children: ReactNode }) {
  const { route } = useLocation();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={routeHref({ page: 'dashboard' })} className="brand">
          <span className="brand-mark" aria-hidden="true">
            ✓
          </span>
          Treaty
        </Link>
        <nav aria-label="Main">
          <ul className="nav">
            {sections.map((s) => (
              <li key={s.label}>
                <Link to={s.to} aria-current={s.match.includes(route.page) ? 'page' : undefined}>
                  {s.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <SignOut />
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A page title that also becomes the document title and takes focus after navigation (screen readers). */
export function PageHeader({ title, subtitle, children }: { title: ReactNode; subtitle?: ReactNode; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const text = typeof title === 'string' ? title : undefined;
  useEffect(() => {
    if (text) document.title = `${text} · Treaty`;
  }, [text]);
  return (
    <div className="page-header">
      <div>
        <h1 ref={ref}>{title}</h1>
        {subtitle ? <p className="subtitle">{subtitle}</p> : null}
      </div>
      {children ? <div className="page-actions">{children}</div> : null}
    </div>
  );
}

export function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="section" aria-labelledby={id}>
      <div className="section-header">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
