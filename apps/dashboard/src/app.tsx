/** The shell: header with navigation and the token, and the page the path names. */
import { ActivationPage } from './pages/activation-page.tsx';
import { CampaignPage } from './pages/campaign-page.tsx';
import { CampaignsPage } from './pages/campaigns-page.tsx';
import { LeaderboardPage } from './pages/leaderboard-page.tsx';
import { TokenBox } from './components/token-box.tsx';
import { matchRoute, onLinkClick, useLocation } from './lib/router.ts';
import { useEffect } from 'preact/hooks';

const TITLES = {
  campaigns: 'Campaigns',
  campaign: 'Campaign',
  leaderboard: 'Leaderboard',
  activation: 'Activation',
  'not-found': 'Not found',
} as const;

export function App() {
  const { pathname, search } = useLocation();
  const route = matchRoute(pathname);
  useEffect(() => {
    document.title = `${TITLES[route.page]} · actsearch`;
  }, [route.page]);
  const current = (page: string) =>
    route.page === page || (page === 'campaigns' && route.page === 'campaign') ? { 'aria-current': 'page' as const } : {};
  return (
    <div class="shell" onClick={onLinkClick}>
      <header class="site-header">
        <a class="brand" href="/">
          actsearch
        </a>
        <nav aria-label="main">
          <a href="/" {...current('campaigns')}>
            Campaigns
          </a>
          <a href="/leaderboard" {...current('leaderboard')}>
            Leaderboard
          </a>
          <a href="/api/docs">API</a>
        </nav>
        <TokenBox />
      </header>
      <main>
        {route.page === 'campaigns' && <CampaignsPage />}
        {route.page === 'campaign' && <CampaignPage id={route.id} />}
        {route.page === 'leaderboard' && <LeaderboardPage search={search} />}
        {route.page === 'activation' && <ActivationPage fingerprint={route.fingerprint} />}
        {route.page === 'not-found' && (
          <section>
            <h1>Not found</h1>
            <p>
              There is no page at <code>{route.path}</code>. Go to the <a href="/">campaigns</a>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
