import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { localeNames, locales, type Locale } from "../../shared/i18n/core";
import { useT } from "../lib/i18n";
import { useRealtime } from "../lib/realtime";

interface RootData {
  locale: Locale;
  account: { handle: string; displayName: string; siteRole: string; status: string } | null;
  unreadCount: number;
}

/** The notification centre's link, with the unread count (kept current by the socket when there is one). */
function NotificationBell() {
  const t = useT();
  const { unreadCount } = useRealtime();
  const label = unreadCount > 0 ? t("notifications.bell_unread", { count: unreadCount }) : t("notifications.bell_label");
  return (
    <NavLink to="/notifications" className="bell" aria-label={label} title={label}>
      <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path
          d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
          fill="currentColor"
        />
      </svg>
      {unreadCount > 0 ? (
        <span className="bell-count" aria-hidden="true">
          {unreadCount > 99 ? "99+" : unreadCount}
        </span>
      ) : null}
    </NavLink>
  );
}

/** A discreet notice while a live connection that worked is down and the client is trying again. */
function LiveStatus() {
  const t = useT();
  const { status } = useRealtime();
  return (
    <p className="live-status" role="status">
      {status === "paused" ? t("notifications.live_offline") : ""}
    </p>
  );
}

function LanguageSwitcher({ current }: { current: Locale }) {
  const t = useT();
  const location = useLocation();
  return (
    <Form method="post" action="/language" className="language-switcher" aria-label={t("nav.language")}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {locales.map((locale) => (
        <button
          key={locale}
          type="submit"
          name="locale"
          value={locale}
          lang={locale}
          aria-pressed={locale === current}
          title={localeNames[locale]}
        >
          <span aria-hidden="true">{locale.toUpperCase()}</span>
          <span className="visually-hidden">{localeNames[locale]}</span>
        </button>
      ))}
    </Form>
  );
}

function AccountMenu({ account }: { account: NonNullable<RootData["account"]> }) {
  const t = useT();
  const isStaff = account.siteRole === "admin" || account.siteRole === "moderator";
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // The header stays mounted across navigations; close the menu once a link in it was followed.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);
  return (
    <details className="account-menu" ref={menu}>
      <summary>
        <span className="avatar" aria-hidden="true">
          {account.displayName.slice(0, 1).toUpperCase()}
        </span>
        <span className="account-name">{account.displayName}</span>
        <span className="visually-hidden">{t("nav.account_menu")}</span>
      </summary>
      <ul>
        <li>
          <Link to={`/u/${account.handle}`}>{t("nav.my_profile")}</Link>
        </li>
        <li>
          <Link to="/settings/profile">{t("nav.settings")}</Link>
        </li>
        <li>
          <Link to="/settings/sessions">{t("nav.sessions")}</Link>
        </li>
        {isStaff ? (
          <li>
            <Link to="/admin/members">{t("nav.admin")}</Link>
          </li>
        ) : null}
        <li>
          <Form method="post" action="/sign-out">
            <button type="submit" className="link-button">
              {t("nav.sign_out")}
            </button>
          </Form>
        </li>
      </ul>
    </details>
  );
}

export function SiteHeader() {
  const t = useT();
  const data = useRouteLoaderData("root") as RootData | undefined;
  const locale = data?.locale ?? "es";
  const account = data?.account ?? null;
  return (
    <header className="site-header">
      <div className="site-header-inner">
        <Link to="/" className="brand" aria-label={t("nav.home_label")}>
          <svg width="28" height="28" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <circle cx="9" cy="16" r="6" fill="none" stroke="currentColor" strokeWidth="3" />
            <circle cx="23" cy="16" r="6" fill="none" stroke="currentColor" strokeWidth="3" />
          </svg>
          <span>Enlace</span>
        </Link>
        <nav aria-label={t("nav.main")} className="main-nav">
          <NavLink to="/" end>
            {t("nav.home")}
          </NavLink>
          <NavLink to="/topics">{t("nav.topics")}</NavLink>
          <NavLink to="/groups">{t("group.title")}</NavLink>
          <NavLink to="/documents">{t("document.nav")}</NavLink>
          <NavLink to="/events">{t("event.nav")}</NavLink>
          <NavLink to="/experts">{t("directory.nav")}</NavLink>
          <NavLink to="/pairs">{t("pair.nav")}</NavLink>
          <NavLink to="/search">{t("nav.search")}</NavLink>
        </nav>
        <div className="header-tools">
          <LanguageSwitcher current={locale} />
          {account ? (
            <>
              <NotificationBell />
              <AccountMenu account={account} />
            </>
          ) : (
            <div className="auth-links">
              <Link to="/sign-in">{t("nav.sign_in")}</Link>
              <Link to="/sign-up" className="button button-small">
                {t("nav.sign_up")}
              </Link>
            </div>
          )}
        </div>
      </div>
      {account?.status === "pending" ? (
        <p className="banner" role="status">
          {t("account.pending_banner")}
        </p>
      ) : null}
      {account ? <LiveStatus /> : null}
    </header>
  );
}

export function SiteFooter() {
  const t = useT();
  return (
    <footer className="site-footer">
      <p>{t("footer.about")}</p>
      <p>{t("footer.languages")}</p>
    </footer>
  );
}
