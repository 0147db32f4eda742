import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { countryOptions } from "../../shared/profile";
import { documentTypes } from "../../shared/schemas/document.schema";
import { formatDecimal, UploadForm } from "../components/document-upload";
import { Field, FormMessage, SelectField, TextAreaField } from "../components/form";
import { receiveUpload } from "../lib/documents.server";
import { useT } from "../lib/i18n";
import { requireSignedIn, signInRedirect, translatorFor } from "../lib/http.server";

/** Extensions offered by the file picker (the server still decides by content). */
const ACCEPT = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const account = requireSignedIn(context, request);
  const { documents } = context.services;
  const places = await documents.listUploadPlaces(context.ctx);
  const maxBytes = documents.uploadLimits(context.ctx).maxBytes;
  return json({
    title: translatorFor(context)("document.new_title"),
    places,
    // Named on the server: Node's and the browser's country names differ now and then (hydration).
    countries: countryOptions(context.state.locale),
    maxBytes,
    maxMb: formatDecimal(maxBytes / (1024 * 1024), 1, context.state.locale),
    defaultLanguage: account.locale,
    defaultCountry: account.country ?? "",
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? ""} · Enlace` }, { name: "robots", content: "noindex" }];

/** Without JavaScript the form posts here; with it, to /documents/upload (same fields, JSON answer). */
export async function action({ request, context }: ActionFunctionArgs) {
  const outcome = await receiveUpload(context, request);
  if (outcome.ok) return redirect(outcome.url, 303);
  if (outcome.status === 401) throw signInRedirect(request);
  return json(outcome.failure, { status: outcome.status });
}

export default function NewDocument() {
  const { places, countries, maxBytes, maxMb, defaultLanguage, defaultCountry } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const canUpload = places.topics.length > 0 || places.groups.length > 0;
  const preset = params.get("place") ?? "";
  return (
    <section className="composer-page">
      <nav aria-label={t("forum.breadcrumb")} className="breadcrumb">
        <Link to="/documents">{t("document.all_documents")}</Link>
      </nav>
      <h1>{t("document.new_title")}</h1>
      {!canUpload ? (
        <FormMessage kind="info">{t("document.no_places")}</FormMessage>
      ) : (
        <UploadForm id="new-document" action="/documents/new" uploadUrl="/documents/upload" maxBytes={maxBytes} serverFailure={failure} submitLabel={t("document.submit")}>
          {(shown) => {
            const errors = shown?.fieldErrors ?? {};
            const values = shown?.values ?? failure?.values ?? {};
            const value = (name: string, fallback = "") => values[name] ?? fallback;
            return (
              <>
                <Field
                  name="file"
                  type="file"
                  label={t("document.field_file")}
                  hint={t("document.hint_file", { max: maxMb })}
                  accept={ACCEPT}
                  required
                  error={errors.file}
                  data-max-bytes={maxBytes}
                />
                <Field name="title" label={t("document.field_title")} defaultValue={value("title")} maxLength={200} required error={errors.title} />
                <TextAreaField
                  name="description"
                  label={t("document.field_description")}
                  hint={t("document.hint_description")}
                  defaultValue={value("description")}
                  maxLength={5000}
                  rows={4}
                  error={errors.description}
                />
                <SelectField name="docType" label={t("document.field_type")} defaultValue={value("docType")} required error={errors.docType}>
                  <option value="">{t("document.choose")}</option>
                  {documentTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`document.type_${type}`)}
                    </option>
                  ))}
                </SelectField>
                <div className="field">
                  <label htmlFor="field-place">{t("document.field_place")}</label>
                  <p className="hint" id="field-place-hint">
                    {t("document.hint_place")}
                  </p>
                  <select
                    id="field-place"
                    name="place"
                    required
                    defaultValue={value("place", preset)}
                    aria-describedby={["field-place-hint", errors.place ? "field-place-error" : ""].filter(Boolean).join(" ")}
                    aria-invalid={errors.place ? true : undefined}
                  >
                    <option value="">{t("document.choose")}</option>
                    <optgroup label={t("document.places_topics")}>
                      {places.topics.map((topic) => (
                        <option key={topic.id} value={`topic:${topic.id}`}>
                          {topic.name}
                        </option>
                      ))}
                    </optgroup>
                    {places.groups.length ? (
                      <optgroup label={t("document.places_groups")}>
                        {places.groups.map((group) => (
                          <option key={group.id} value={`group:${group.id}`}>
                            {group.name}
                          </option>
                        ))}
                      </optgroup>
                    ) : null}
                  </select>
                  {errors.place ? (
                    <p className="field-error" id="field-place-error">
                      {errors.place}
                    </p>
                  ) : null}
                </div>
                <fieldset className="field">
                  <legend>{t("document.field_audience")}</legend>
                  {(["public", "members"] as const).map((audience) => (
                    <label key={audience} className="checkbox">
                      <input type="radio" name="audience" value={audience} defaultChecked={value("audience", "public") === audience} />
                      {t(`document.audience_${audience}`)}
                    </label>
                  ))}
                  {errors.audience ? <p className="field-error">{errors.audience}</p> : null}
                </fieldset>
                <SelectField name="language" label={t("document.field_language")} defaultValue={value("language", defaultLanguage)} error={errors.language}>
                  <option value="es">Español</option>
                  <option value="pt">Português</option>
                  <option value="en">English</option>
                </SelectField>
                <SelectField name="country" label={t("document.field_country")} defaultValue={value("country", defaultCountry)} error={errors.country}>
                  <option value="">{t("document.none")}</option>
                  {countries.map((country) => (
                    <option key={country.code} value={country.code}>
                      {country.name}
                    </option>
                  ))}
                </SelectField>
                <Field name="city" label={t("document.field_city")} defaultValue={value("city")} maxLength={120} error={errors.city} />
                <Field name="year" type="number" inputMode="numeric" label={t("document.field_year")} defaultValue={value("year")} min={1950} max={new Date().getFullYear() + 1} error={errors.year} />
                <Field name="authors" label={t("document.field_authors")} hint={t("document.hint_authors")} defaultValue={value("authors")} maxLength={500} error={errors.authors} />
                <Field name="licence" label={t("document.field_licence")} hint={t("document.hint_licence")} defaultValue={value("licence")} maxLength={200} error={errors.licence} />
              </>
            );
          }}
        </UploadForm>
      )}
    </section>
  );
}
