import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { suggestedTimeZones } from "../../shared/event-time";
import { contentLanguages, languageName } from "../../shared/profile";
import { eventKinds } from "../../shared/schemas/event.schema";
import type { ActionFailure } from "../lib/action-result";
import { useLocale, useT } from "../lib/i18n";
import { browserTimeZone } from "./events";
import { Field, FormMessage, SelectField, TextAreaField } from "./form";

export interface EventFormValues {
  where?: string;
  kind: string;
  title: string;
  description: string;
  languages: string[];
  startsAt: string;
  endsAt: string;
  timeZone: string;
  onlineUrl: string;
  place: string;
  capacity: string;
  speakers: string;
}

export interface EventFormProps {
  values: EventFormValues;
  /** Where a new event may go; absent when editing (an event stays where it is). */
  places?: { topics: { id: number; name: string }[]; groups: { id: number; name: string; private: boolean }[] };
  /** True when the zone came from the member's profile (else the browser's zone replaces the default). */
  zoneChosen: boolean;
  submitLabel: string;
  failure?: ActionFailure;
}

/** Creating or editing an event; a plain form that works without JavaScript. */
export function EventForm({ values, places, zoneChosen, submitLabel, failure }: EventFormProps) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const errors = failure?.fieldErrors ?? {};
  const zoneSelect = useRef<HTMLSelectElement>(null);
  const zones = suggestedTimeZones.includes(values.timeZone as (typeof suggestedTimeZones)[number]) ? [...suggestedTimeZones] : [values.timeZone, ...suggestedTimeZones];
  // With no zone in the profile, a new event starts in the organiser's browser's zone.
  useEffect(() => {
    if (zoneChosen || !zoneSelect.current || failure) return;
    const zone = browserTimeZone();
    if (zone && [...zoneSelect.current.options].some((option) => option.value === zone)) zoneSelect.current.value = zone;
  }, [zoneChosen, failure]);
  return (
    <>
      {failure ? <FormMessage kind="error">{failure.message}</FormMessage> : null}
      <Form method="post" className="stack" noValidate>
        {places ? (
          <SelectField name="where" label={t("event.where_label")} defaultValue={values.where} error={errors.where ?? errors.topicId ?? errors.groupId}>
            {places.topics.length ? (
              <optgroup label={t("event.where_topics")}>
                {places.topics.map((topic) => (
                  <option key={`topic:${topic.id}`} value={`topic:${topic.id}`}>
                    {topic.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
            {places.groups.length ? (
              <optgroup label={t("event.where_groups")}>
                {places.groups.map((group) => (
                  <option key={`group:${group.id}`} value={`group:${group.id}`}>
                    {group.private ? t("event.where_private_group", { name: group.name }) : group.name}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </SelectField>
        ) : null}
        <fieldset className="field">
          <legend>{t("event.kind_label")}</legend>
          {eventKinds.map((kind) => (
            <label key={kind} className="checkbox">
              <input type="radio" name="kind" value={kind} defaultChecked={values.kind === kind} />
              {t(`event.kind_${kind}`)}
            </label>
          ))}
          {errors.kind ? <p className="field-error">{errors.kind}</p> : null}
        </fieldset>
        <Field name="title" label={t("event.title_label")} defaultValue={values.title} maxLength={200} required error={errors.title} />
        <TextAreaField name="description" label={t("event.description_label")} hint={t("event.description_hint")} defaultValue={values.description} rows={8} error={errors.description} />
        <fieldset className="field">
          <legend>{t("event.languages_label")}</legend>
          {contentLanguages.map((code) => (
            <label key={code} className="checkbox">
              <input type="checkbox" name="languages" value={code} defaultChecked={values.languages.includes(code)} />
              {languageName(code, locale)}
            </label>
          ))}
          {errors.languages ? <p className="field-error">{errors.languages}</p> : null}
        </fieldset>
        <Field name="startsAt" type="datetime-local" label={t("event.starts_label")} defaultValue={values.startsAt} required error={errors.startsAt} />
        <Field name="endsAt" type="datetime-local" label={t("event.ends_label")} defaultValue={values.endsAt} required error={errors.endsAt} />
        <div className="field">
          <label htmlFor="field-timeZone">{t("event.time_zone_label")}</label>
          <p className="hint" id="field-timeZone-hint">
            {t("event.time_zone_hint")}
          </p>
          <select
            id="field-timeZone"
            name="timeZone"
            ref={zoneSelect}
            defaultValue={values.timeZone}
            aria-describedby={`field-timeZone-hint${errors.timeZone ? " field-timeZone-error" : ""}`}
            aria-invalid={errors.timeZone ? true : undefined}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replace(/_/g, " ")}
              </option>
            ))}
          </select>
          {errors.timeZone ? (
            <p className="field-error" id="field-timeZone-error">
              {errors.timeZone}
            </p>
          ) : null}
        </div>
        <Field name="onlineUrl" type="url" label={t("event.online_url_label")} hint={t("event.online_url_hint")} defaultValue={values.onlineUrl} error={errors.onlineUrl} />
        <Field name="place" label={t("event.place_label")} hint={t("event.place_hint")} defaultValue={values.place} maxLength={300} error={errors.place} />
        <Field name="capacity" type="number" min={1} inputMode="numeric" label={t("event.capacity_label")} hint={t("event.capacity_hint")} defaultValue={values.capacity} error={errors.capacity} />
        <Field name="speakers" label={t("event.speakers_label")} hint={t("event.speakers_hint")} defaultValue={values.speakers} maxLength={500} error={errors.speakers} />
        <p>
          <button type="submit" className="button" disabled={navigation.state === "submitting"}>
            {submitLabel}
          </button>
        </p>
      </Form>
    </>
  );
}

/**
 * A refused action answers with what was submitted, so the form comes back as the organiser left it.
 * (Success is a redirect and passes through.)
 */
export async function withSubmittedValues(outcome: Response, input: Record<string, unknown>): Promise<Response> {
  if (outcome.status < 400 || outcome.status === 404) return outcome;
  const body = (await outcome.json()) as Record<string, unknown>;
  return new Response(JSON.stringify({ ...body, values: input }), { status: outcome.status, headers: outcome.headers });
}

/** The values to show: those just submitted (after a refusal), else the page's own. */
export function formValues(defaults: EventFormValues, result: unknown): EventFormValues {
  const submitted = (result as { values?: Record<string, unknown> } | undefined)?.values;
  if (!submitted) return defaults;
  const text = (name: keyof EventFormValues) => (typeof submitted[name] === "string" ? (submitted[name] as string) : (defaults[name] as string));
  return {
    where: text("where"),
    kind: text("kind"),
    title: text("title"),
    description: text("description"),
    languages: Array.isArray(submitted.languages) ? (submitted.languages as string[]) : defaults.languages,
    startsAt: text("startsAt"),
    endsAt: text("endsAt"),
    timeZone: text("timeZone"),
    onlineUrl: text("onlineUrl"),
    place: text("place"),
    capacity: text("capacity"),
    speakers: text("speakers"),
  };
}

/** Form data as the events service takes it: "topic:3" or "group:5" becomes topicId or groupId. */
export function eventInputFromForm(input: Record<string, unknown>): Record<string, unknown> {
  const where = typeof input.where === "string" ? input.where : "";
  const [kind, id] = where.split(":");
  return {
    ...input,
    topicId: kind === "topic" ? id : undefined,
    groupId: kind === "group" ? id : undefined,
  };
}
