import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useT } from "../lib/i18n";

// Staff only; everyone else gets the same 404 as for a page that does not exist.
export async function loader({ context }: LoaderFunctionArgs) {
  if (!context.ctx.guardian.canAdminister()) throw new Response("Not Found", { status: 404 });
  return json({
    canInvite: context.ctx.guardian.canInviteMembers(),
    canManageTopics: context.ctx.guardian.canManageTopics(),
    canViewAuditLog: context.ctx.guardian.canViewAuditLog(),
    canViewFigures: context.ctx.guardian.canViewFigures(),
    canManageWebhooks: context.ctx.guardian.canManageWebhooks(),
  });
}

export default function AdminLayout() {
  const { canInvite, canManageTopics, canViewAuditLog, canViewFigures, canManageWebhooks } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="with-sidebar">
      <nav aria-label={t("admin.nav_label")} className="sidebar-nav">
        <h1 className="sidebar-title">{t("nav.admin")}</h1>
        <ul>
          <li>
            <NavLink to="/admin/members">{t("admin.members_title")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/flags">{t("moderation.queue_title")}</NavLink>
          </li>
          {canViewAuditLog ? (
            <li>
              <NavLink to="/admin/audit">{t("moderation.audit_title")}</NavLink>
            </li>
          ) : null}
          {canViewFigures ? (
            <li>
              <NavLink to="/admin/figures">{t("figures.title")}</NavLink>
            </li>
          ) : null}
          {canManageWebhooks ? (
            <li>
              <NavLink to="/admin/webhooks">{t("webhook.title")}</NavLink>
            </li>
          ) : null}
          {canInvite ? (
            <li>
              <NavLink to="/admin/invitations">{t("admin.invitations_title")}</NavLink>
            </li>
          ) : null}
          {canManageTopics ? (
            <>
              <li>
                <NavLink to="/admin/topics">{t("admin.topics_title")}</NavLink>
              </li>
              <li>
                <NavLink to="/admin/tags">{t("admin.tags_title")}</NavLink>
              </li>
              <li>
                <NavLink to="/admin/groups">{t("group.admin_title")}</NavLink>
              </li>
            </>
          ) : null}
        </ul>
      </nav>
      <div className="sidebar-content">
        <Outlet />
      </div>
    </div>
  );
}
