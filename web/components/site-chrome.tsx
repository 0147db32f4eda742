import { Form, Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { localeNames, locales, type Locale } from "../../shared/i18n";
import { useT } from "../lib/i18n";

interface RootData {
  locale: Locale;
  account: { handle: string; displayName: string; siteRole: string; status: string } | null;
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
          <NavLink to="/search">{t("nav.search")}</NavLink>
        </nav>
        <div className="header-tools">
          <LanguageSwitcher current={locale} />
          {account ? (
            <AccountMenu account={account} />
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
