import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useT } from "../lib/i18n";
import { requireSignedIn } from "../lib/http.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSignedIn(context, request);
  return json({});
}

export default function SettingsLayout() {
  const t = useT();
  return (
    <div className="with-sidebar">
      <nav aria-label={t("settings.nav_label")} className="sidebar-nav">
        <h1 className="sidebar-title">{t("nav.settings")}</h1>
        <ul>
          <li>
            <NavLink to="/settings/profile">{t("settings.profile_title")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/account">{t("settings.account_title")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/sessions">{t("settings.sessions_title")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/notifications">{t("notifications.title")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/tokens">{t("settings.tokens_title")}</NavLink>
          </li>
          <li>
            <NavLink to="/settings/privacy">{t("settings.privacy_title")}</NavLink>
          </li>
        </ul>
      </nav>
      <div className="sidebar-content">
        <Outlet />
      </div>
    </div>
  );
}
