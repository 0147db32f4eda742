import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { AppError } from "../../shared/errors";
import { formToObject } from "../../shared/schemas/parse";
import { countryName } from "../../shared/profile";
import { FormMessage } from "../components/form";
import { useLocale, useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const page = await runLoader(request, () => context.services.admin.listMembers(context.ctx, params));
  return json({
    title: translatorFor(context)("admin.members_title"),
    ...page,
    canVerify: context.ctx.guardian.canVerifyExperts(),
    canChangeRoles: context.ctx.guardian.canChangeSiteRoles(),
    canRestrict: context.ctx.guardian.canSuspendMembers(),
    isAdmin: context.ctx.guardian.isAdmin(),
    selfId: context.state.actor?.id,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { admin, moderation } = context.services;
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "restrict":
        if (input.restriction === "suspend") await moderation.suspendMember(context.ctx, input);
        else if (input.restriction === "silence") await moderation.silenceMember(context.ctx, input);
        else throw new AppError("VALIDATION", "validation.failed", { fieldErrors: { restriction: "validation.restriction_invalid" } });
        break;
      case "lift-suspension":
        await moderation.liftSuspension(context.ctx, input);
        break;
      case "lift-silence":
        await moderation.liftSilence(context.ctx, input);
        break;
      case "approve":
        await admin.approveMember(context.ctx, input);
        break;
      case "verify-expert":
        await admin.setExpertVerification(context.ctx, input, true);
        break;
      case "unverify-expert":
        await admin.setExpertVerification(context.ctx, input, false);
        break;
      case "change-role":
        await admin.changeSiteRole(context.ctx, input);
        break;
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const });
  });
}

export default function AdminMembers() {
  const { members, nextCursor, canVerify, canChangeRoles, canRestrict, isAdmin, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const nextParams = new URLSearchParams(params);
  if (nextCursor) nextParams.set("before", String(nextCursor));
  const failure = isFailure(result) ? result : undefined;
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
  const until = (iso: string) => `${dateFormat.format(new Date(iso))} UTC`;
  return (
    <section>
      <h2>{t("admin.members_title")}</h2>
      {failure ? (
        <FormMessage kind="error">
          {failure.message}
          {Object.values(failure.fieldErrors).length ? ` ${Object.values(failure.fieldErrors).join(" ")}` : null}
        </FormMessage>
      ) : null}
      {result && !isFailure(result) ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="member-search">{t("admin.search_label")}</label>
          <input id="member-search" type="search" name="q" defaultValue={params.get("q") ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="member-status">{t("admin.status_label")}</label>
          <select id="member-status" name="status" defaultValue={params.get("status") ?? ""}>
            <option value="">{t("admin.any")}</option>
            <option value="pending">{t("admin.status_pending")}</option>
            <option value="active">{t("admin.status_active")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="member-experts">{t("admin.experts_label")}</label>
          <select id="member-experts" name="experts" defaultValue={params.get("experts") ?? ""}>
            <option value="">{t("admin.any")}</option>
            <option value="unverified">{t("admin.experts_unverified")}</option>
          </select>
        </div>
        <button type="submit" className="button button-small">
          {t("admin.filter_submit")}
        </button>
      </Form>
      {members.length === 0 ? <p>{t("admin.no_members")}</p> : null}
      <ul className="member-list">
        {members.map((member) => (
          <li key={member.id} className="card-plain">
            <p>
              <Link to={`/u/${member.handle}`}>
                <strong>{member.displayName}</strong>
              </Link>{" "}
              <span className="muted">@{member.handle}</span>
              <span className="badge">{t(`site_roles.${member.siteRole}`)}</span>
              {member.status === "pending" ? <span className="badge badge-warning">{t("admin.status_pending")}</span> : null}
              {member.expertVerified ? <span className="badge badge-verified">{t("profile.verified_expert")}</span> : null}
              {!member.emailVerified ? <span className="badge">{t("admin.email_unverified")}</span> : null}
              {member.suspendedUntil ? (
                <span className="badge badge-danger">{t("moderation.suspended_until", { date: until(member.suspendedUntil) })}</span>
              ) : null}
              {member.silencedUntil ? (
                <span className="badge badge-warning">{t("moderation.silenced_until", { date: until(member.silencedUntil) })}</span>
              ) : null}
            </p>
            {member.moderationReason ? <p className="hint">{t("moderation.hidden_reason", { reason: member.moderationReason })}</p> : null}
            <p className="hint">
              {member.email} · {t(`roles.${member.communityRole}`)}
              {member.organisation ? ` · ${member.organisation}` : ""}
              {member.partnerOrg ? ` · ${member.partnerOrg.toUpperCase()}` : ""}
              {member.country ? ` · ${countryName(member.country, locale)}` : ""}
            </p>
            <div className="actions">
              {member.status === "pending" ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" name="intent" value="approve" className="button button-small">
                    {t("admin.approve")}
                  </button>
                </Form>
              ) : null}
              {canVerify && member.communityRole === "expert" && member.partnerOrg ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={member.id} />
                  <button
                    type="submit"
                    name="intent"
                    value={member.expertVerified ? "unverify-expert" : "verify-expert"}
                    className="button button-small button-secondary"
                  >
                    {member.expertVerified ? t("admin.unverify_expert") : t("admin.verify_expert")}
                  </button>
                </Form>
              ) : null}
              {canChangeRoles && member.id !== selfId ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="userId" value={member.id} />
                  <input type="hidden" name="intent" value="change-role" />
                  <label htmlFor={`role-${member.id}`} className="visually-hidden">
                    {t("admin.site_role_for", { name: member.displayName })}
                  </label>
                  <select id={`role-${member.id}`} name="role" defaultValue={member.siteRole}>
                    <option value="member">{t("site_roles.member")}</option>
                    <option value="moderator">{t("site_roles.moderator")}</option>
                    <option value="admin">{t("site_roles.admin")}</option>
                  </select>
                  <button type="submit" className="button button-small button-secondary">
                    {t("admin.change_role")}
                  </button>
                </Form>
              ) : null}
              {canRestrict && member.suspendedUntil ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" name="intent" value="lift-suspension" className="button button-small button-secondary">
                    {t("moderation.lift_suspension")}
                  </button>
                </Form>
              ) : null}
              {canRestrict && member.silencedUntil ? (
                <Form method="post">
                  <input type="hidden" name="userId" value={member.id} />
                  <button type="submit" name="intent" value="lift-silence" className="button button-small button-secondary">
                    {t("moderation.lift_silence")}
                  </button>
                </Form>
              ) : null}
            </div>
            {canRestrict && member.id !== selfId && member.siteRole !== "admin" && (member.siteRole !== "moderator" || isAdmin) ? (
              <details className="restrict-member">
                <summary>{t("moderation.restrict_summary")}</summary>
                <Form method="post" className="stack">
                  <input type="hidden" name="userId" value={member.id} />
                  <fieldset className="field">
                    <legend>{t("moderation.restrict_legend", { name: member.displayName })}</legend>
                    <div className="radio-option">
                      <input type="radio" id={`restrict-${member.id}-suspend`} name="restriction" value="suspend" defaultChecked />
                      <label htmlFor={`restrict-${member.id}-suspend`}>{t("moderation.restrict_suspend")}</label>
                    </div>
                    <div className="radio-option">
                      <input type="radio" id={`restrict-${member.id}-silence`} name="restriction" value="silence" />
                      <label htmlFor={`restrict-${member.id}-silence`}>{t("moderation.restrict_silence")}</label>
                    </div>
                  </fieldset>
                  <div className="field">
                    <label htmlFor={`restrict-${member.id}-days`}>{t("moderation.days")}</label>
                    <input
                      id={`restrict-${member.id}-days`}
                      name="days"
                      type="number"
                      min={1}
                      max={365}
                      step={1}
                      defaultValue={7}
                      required
                      aria-describedby={`restrict-${member.id}-days-hint`}
                    />
                    <p className="hint" id={`restrict-${member.id}-days-hint`}>
                      {t("moderation.days_hint")}
                    </p>
                  </div>
                  <div className="field">
                    <label htmlFor={`restrict-${member.id}-reason`}>{t("moderation.reason_label")}</label>
                    <textarea id={`restrict-${member.id}-reason`} name="reason" maxLength={500} rows={2} required />
                  </div>
                  <div>
                    <button type="submit" name="intent" value="restrict" className="button button-small button-danger">
                      {t("moderation.restrict_submit")}
                    </button>
                  </div>
                </Form>
              </details>
            ) : null}
          </li>
        ))}
      </ul>
      {nextCursor ? (
        <p>
          <Link to={`?${nextParams.toString()}`}>{t("admin.next_page")}</Link>
        </p>
      ) : null}
    </section>
  );
}
