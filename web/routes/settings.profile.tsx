import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { localeNames, locales } from "../../shared/i18n/core";
import { communityRoles, contentLanguages, countryOptions, languageName, partnerOrganisationCodes } from "../../shared/profile";
import { formToObject } from "../../shared/schemas/parse";
import { suggestedTimeZones } from "../../shared/event-time";
import { availabilities } from "../../shared/schemas/pairs.schema";
import { Field, FormMessage, SelectField, TextAreaField } from "../components/form";
import { useLocale, useT } from "../lib/i18n";
import { isFailure } from "../lib/action-result";
import { runAction, runLoader, translatorFor } from "../lib/http.server";
import { passActionHeaders } from "../lib/headers";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = await runLoader(request, () => context.services.accounts.getMyAccount(context.ctx));
  const partners = await context.services.community.listPartnerOrganisations(context.ctx, context.state.locale);
  return json({ title: translatorFor(context)("settings.profile_title"), account, partners });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title} · Enlace` }];

export const headers = passActionHeaders;

export async function action({ request, context }: ActionFunctionArgs) {
  const input = formToObject(await request.formData(), ["languages"]);
  return runAction(context, async () => {
    if (input.intent === "availability") {
      await context.services.accounts.setMyAvailability(context.ctx, input);
      return json({ ok: true as const });
    }
    await context.services.accounts.updateProfile(context.ctx, input);
    return json({ ok: true as const });
  });
}

export default function ProfileSettings() {
  const { account, partners } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const failure = isFailure(result) ? result : undefined;
  const errors = failure?.fieldErrors ?? {};
  const countries = countryOptions(locale);
  const partnerNames = new Map(partners.map((partner) => [partner.code, partner.name]));
  return (
    <section>
      <h2>{t("settings.profile_title")}</h2>
      {params.get("notice") === "verified" ? <FormMessage kind="success">{t("auth.email_verified")}</FormMessage> : null}
      {result && !failure ? <FormMessage kind="success">{t("settings.saved")}</FormMessage> : null}
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" noValidate className="stack" key={account.handle}>
        <Field name="displayName" label={t("profile.display_name")} defaultValue={account.displayName} required maxLength={80} error={errors.displayName} />
        <Field name="handle" label={t("profile.handle")} hint={t("profile.handle_hint")} defaultValue={account.handle} required maxLength={30} error={errors.handle} />
        <Field name="organisation" label={t("profile.organisation")} defaultValue={account.organisation} maxLength={120} error={errors.organisation} />
        <SelectField name="communityRole" label={t("profile.community_role")} defaultValue={account.communityRole} error={errors.communityRole}>
          {communityRoles.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </SelectField>
        <SelectField name="partnerOrg" label={t("profile.partner_org")} defaultValue={account.partnerOrg ?? "none"} error={errors.partnerOrg}>
          <option value="none">{t("profile.partner_none")}</option>
          {partnerOrganisationCodes.map((code) => (
            <option key={code} value={code}>
              {partnerNames.get(code) ?? code}
            </option>
          ))}
        </SelectField>
        {account.communityRole === "expert" && account.partnerOrg ? (
          <p className="hint">{account.expertVerified ? t("profile.affiliation_verified") : t("profile.affiliation_pending")}</p>
        ) : null}
        <SelectField name="country" label={t("profile.country")} defaultValue={account.country ?? ""} error={errors.country}>
          <option value="">{t("profile.country_none")}</option>
          <optgroup label={t("profile.country_region")}>
            {countries
              .filter((country) => country.group === "region")
              .map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
          </optgroup>
          <optgroup label={t("profile.country_world")}>
            {countries
              .filter((country) => country.group === "world")
              .map((country) => (
                <option key={country.code} value={country.code}>
                  {country.name}
                </option>
              ))}
          </optgroup>
        </SelectField>
        <Field name="region" label={t("profile.region")} defaultValue={account.region} maxLength={120} error={errors.region} />
        <fieldset className="field">
          <legend>{t("profile.languages")}</legend>
          {contentLanguages.map((code) => (
            <label key={code} className="checkbox">
              <input type="checkbox" name="languages" value={code} defaultChecked={account.languages.includes(code)} />
              {languageName(code, locale)}
            </label>
          ))}
        </fieldset>
        <TextAreaField name="bio" label={t("profile.bio")} defaultValue={account.bio} maxLength={1000} rows={4} error={errors.bio} />
        <SelectField name="locale" label={t("profile.interface_language")} defaultValue={account.locale} error={errors.locale}>
          {locales.map((code) => (
            <option key={code} value={code} lang={code}>
              {localeNames[code]}
            </option>
          ))}
        </SelectField>
        <SelectField name="timeZone" label={t("event.profile_time_zone")} defaultValue={account.timeZone ?? ""} error={errors.timeZone}>
          <option value="">{t("event.profile_time_zone_auto")}</option>
          {[...(account.timeZone && !(suggestedTimeZones as readonly string[]).includes(account.timeZone) ? [account.timeZone] : []), ...suggestedTimeZones].map((zone) => (
            <option key={zone} value={zone}>
              {zone.replace(/_/g, " ")}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button" disabled={navigation.state === "submitting"}>
          {t("settings.save")}
        </button>
      </Form>
      {account.communityRole === "expert" ? (
        <Form method="post" className="stack card-plain" aria-labelledby="availability-title">
          <h3 id="availability-title">{t("directory.availability_title")}</h3>
          <p className="hint">{t("directory.availability_help")}</p>
          <SelectField name="availability" label={t("directory.availability")} defaultValue={account.availability} error={errors.availability}>
            {availabilities.map((value) => (
              <option key={value} value={value}>
                {t(`directory.availability_${value}`)}
              </option>
            ))}
          </SelectField>
          <p>
            <button type="submit" name="intent" value="availability" className="button button-secondary">
              {t("directory.availability_save")}
            </button>
          </p>
        </Form>
      ) : null}
    </section>
  );
}
