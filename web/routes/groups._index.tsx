import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { formToObject } from "../../shared/schemas/parse";
import { passActionHeaders } from "../lib/headers";
import { useT } from "../lib/i18n";
import { runAction, translatorFor } from "../lib/http.server";
import { redirect } from "@remix-run/node";

export async function loader({ context }: LoaderFunctionArgs) {
  const { groups } = context.services;
  const [list, invitations] = await Promise.all([groups.listGroups(context.ctx, {}), groups.myGroupInvitations(context.ctx)]);
  return json({ title: translatorFor(context)("groups.title"), groups: list, invitations, canCreate: context.ctx.guardian.canCreateGroups() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];
export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const input = formToObject(form);
  return runAction(context, async () => {
    const accept = form.get("intent") === "accept";
    const { groupSlug } = await context.services.groups.respondToInvitation(context.ctx, input, accept);
    return redirect(accept ? `/g/${groupSlug}` : "/groups");
  });
}

export default function Groups() {
  const { groups, invitations, canCreate } = useLoaderData<typeof loader>();
  const t = useT();
  const byTopic = new Map<string, typeof groups>();
  for (const group of groups) byTopic.set(group.topic.name, [...(byTopic.get(group.topic.name) ?? []), group]);
  return (
    <section>
      <h1>{t("group.title")}</h1>
      <p className="lead">{t("group.lead")}</p>
      {canCreate ? (
        <p>
          <Link to="/admin/groups" className="button button-secondary">
            {t("group.create")}
          </Link>
        </p>
      ) : null}
      {invitations.length ? (
        <section className="card-plain stack" aria-labelledby="invitations-title">
          <h2 id="invitations-title">{t("group.your_invitations")}</h2>
          <ul className="member-list">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                <p>{t("group.invited_to", { name: invitation.group.name })}</p>
                <div className="actions">
                  <Form method="post">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" name="intent" value="accept" className="button button-small">
                      {t("group.accept")}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="invitationId" value={invitation.id} />
                    <button type="submit" name="intent" value="decline" className="button button-small button-secondary">
                      {t("group.decline")}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {groups.length === 0 ? <p className="empty">{t("group.none")}</p> : null}
      {[...byTopic].map(([topicName, list]) => (
        <section key={topicName} aria-label={topicName}>
          <h2>{topicName}</h2>
          <ul className="card-grid">
            {list.map((group) => (
              <li key={group.id} className="card">
                <p className="thread-meta-top">
                  <span className={`kind kind-${group.kind === "expert_group" ? "question" : "discussion"}`}>{t(`group.kind_${group.kind}`)}</span>
                  {group.myRole ? <span className="badge">{t(`group.role_${group.myRole}`)}</span> : null}
                </p>
                <h3>
                  <Link to={`/g/${group.slug}`}>{group.name}</Link>
                </h3>
                <p>{group.description}</p>
                <p className="muted">{t("group.member_count", { count: group.memberCount })}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </section>
  );
}
