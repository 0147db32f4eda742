import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { Field, FormMessage } from "../components/form";
import { AuthorName, RelativeTime } from "../components/forum";
import { isFailure } from "../lib/action-result";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, runLoader } from "../lib/http.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { groups } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  const [members, admin] = await Promise.all([
    groups.listGroupMembers(context.ctx, { groupId: group.id }),
    group.can.manage ? groups.getGroupAdminView(context.ctx, { groupId: group.id }) : Promise.resolve(null),
  ]);
  return json({ group, members, admin, isOwnerOrAdmin: group.myRole === "owner" || context.ctx.guardian.isAdmin(), selfId: context.state.actor?.id ?? null });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.group.name} · Enlace` : "Enlace" }];
export const headers = passActionHeaders;

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  const { groups } = context.services;
  const group = await runLoader(request, () => groups.getGroup(context.ctx, params.slug ?? ""));
  const withGroup = { ...input, groupId: group.id };
  return runAction(context, async () => {
    switch (form.get("intent")) {
      case "invite":
        await groups.inviteToGroup(context.ctx, withGroup);
        break;
      case "revoke-invitation":
        await groups.revokeGroupInvitation(context.ctx, input);
        break;
      case "approve":
      case "decline":
        await groups.decideJoinRequest(context.ctx, { ...input, approve: form.get("intent") === "approve" });
        break;
      case "remove":
        await groups.removeMember(context.ctx, withGroup, false);
        break;
      case "ban":
        await groups.removeMember(context.ctx, withGroup, true);
        break;
      case "role":
        await groups.changeMemberRole(context.ctx, withGroup);
        break;
      case "owner":
        await groups.transferOwnership(context.ctx, withGroup);
        break;
      default:
        throw new Response("Bad Request", { status: 400 });
    }
    return json({ ok: true as const });
  });
}

export default function GroupMembers() {
  const { group, members, admin, isOwnerOrAdmin, selfId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const t = useT();
  const failure = isFailure(result) ? result : undefined;
  return (
    <section className="stack-large">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/groups">{t("group.title")}</Link> › <Link to={`/g/${group.slug}`}>{group.name}</Link>
      </nav>
      <h1>{t("group.members_title", { name: group.name })}</h1>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      {admin ? (
        <>
          <Form method="post" className="stack card-plain" noValidate aria-labelledby="invite-title">
            <h2 id="invite-title">{t("group.invite_title")}</h2>
            <Field name="invitee" label={t("group.invitee_label")} hint={t("group.invitee_hint")} required error={failure?.fieldErrors.invitee} />
            <button type="submit" name="intent" value="invite" className="button">
              {t("group.invite")}
            </button>
          </Form>
          {admin.requests.length ? (
            <section aria-labelledby="requests-title">
              <h2 id="requests-title">{t("group.requests_title")}</h2>
              <ul className="member-list">
                {admin.requests.map((request) => (
                  <li key={request.id} className="card-plain">
                    <p>
                      <AuthorName author={request.user} /> · <RelativeTime iso={request.createdAt} />
                    </p>
                    {request.message ? <p>{request.message}</p> : null}
                    <Form method="post" className="actions">
                      <input type="hidden" name="requestId" value={request.id} />
                      <button type="submit" name="intent" value="approve" className="button button-small">
                        {t("group.approve")}
                      </button>
                      <button type="submit" name="intent" value="decline" className="button button-small button-secondary">
                        {t("group.decline")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {admin.invitations.length ? (
            <section aria-labelledby="pending-invitations-title">
              <h2 id="pending-invitations-title">{t("group.pending_invitations")}</h2>
              <ul className="member-list">
                {admin.invitations.map((invitation) => (
                  <li key={invitation.id} className="card-plain">
                    <p>
                      {invitation.invitee} · <RelativeTime iso={invitation.createdAt} />
                    </p>
                    <Form method="post">
                      <input type="hidden" name="invitationId" value={invitation.id} />
                      <button type="submit" name="intent" value="revoke-invitation" className="button button-small button-secondary">
                        {t("admin.revoke")}
                      </button>
                    </Form>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      ) : null}
      <section aria-labelledby="members-title">
        <h2 id="members-title">{t("group.member_count", { count: members.length })}</h2>
        <ul className="member-list">
          {members.map((member) => (
            <li key={member.userId} className="card-plain">
              <p>
                <AuthorName author={member} /> <span className="badge">{t(`group.role_${member.role}`)}</span>
              </p>
              {admin && member.role !== "owner" && member.userId !== selfId ? (
                <div className="actions">
                  <Form method="post">
                    <input type="hidden" name="userId" value={member.userId} />
                    <button type="submit" name="intent" value="remove" className="button button-small button-secondary">
                      {t("group.remove")}
                    </button>
                  </Form>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="userId" value={member.userId} />
                    <label htmlFor={`ban-reason-${member.userId}`} className="visually-hidden">
                      {t("group.ban_reason_for", { name: member.displayName })}
                    </label>
                    <input id={`ban-reason-${member.userId}`} name="reason" placeholder={t("group.ban_reason")} maxLength={500} />
                    <button type="submit" name="intent" value="ban" className="button button-small button-danger">
                      {t("group.ban")}
                    </button>
                  </Form>
                  {isOwnerOrAdmin ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={member.userId} />
                      <input type="hidden" name="role" value={member.role === "moderator" ? "member" : "moderator"} />
                      <button type="submit" name="intent" value="role" className="button button-small button-secondary">
                        {member.role === "moderator" ? t("group.make_member") : t("group.make_moderator")}
                      </button>
                    </Form>
                  ) : null}
                  {isOwnerOrAdmin ? (
                    <Form method="post">
                      <input type="hidden" name="userId" value={member.userId} />
                      <button type="submit" name="intent" value="owner" className="button button-small button-secondary">
                        {t("group.make_owner")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {admin && admin.bans.length ? (
        <section aria-labelledby="bans-title">
          <h2 id="bans-title">{t("group.bans_title")}</h2>
          <ul className="member-list">
            {admin.bans.map((ban) => (
              <li key={ban.userId} className="card-plain">
                <AuthorName author={ban.user} /> {ban.reason ? `· ${ban.reason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}
