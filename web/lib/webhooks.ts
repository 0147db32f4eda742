/** The translation key naming a webhook event ("thread:created" -> the "event_thread_created" label). */
export const webhookEventLabelKey = (event: string) => `webhook.event_${event.replace(":", "_")}`;
