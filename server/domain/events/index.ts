// Events: webinars, training workshops and other events (see events.service.ts).
export {
  attachMaterial,
  calendarMonth,
  cancelEvent,
  createEvent,
  detachMaterial,
  getEditableEvent,
  getEvent,
  listAttachableDocuments,
  listEventPlaces,
  listEvents,
  myEvents,
  openFollowUpThread,
  setRecording,
  upcomingInTopic,
  upcomingInGroup,
  updateEvent,
} from "./events.service";
export { cancelRegistration, registerForEvent } from "./registration.service";
export { eventIcs, memberFeed, topicFeed } from "./event-calendar";
export { sendEventReminders } from "./event-reminders";
