// Reads an iCalendar feed on stdin with Mozilla's ical.js and prints what it understood as
// JSON: the calendar's properties and, per VEVENT, uid, dates, status and texts.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");

const calendar = new ICAL.Component(ICAL.parse(text));
const value = (component, name) => {
  const found = component.getFirstPropertyValue(name);
  return found === null ? null : String(found);
};
const events = calendar.getAllSubcomponents("vevent").map((component) => {
  const event = new ICAL.Event(component);
  const categories = component
    .getAllProperties("categories")
    .flatMap((property) => property.getValues().map(String));
  return {
    uid: event.uid,
    summary: event.summary,
    location: event.location,
    description: event.description,
    start: event.startDate.toString(),
    start_is_date: event.startDate.isDate,
    end: event.endDate.toString(),
    end_is_date: event.endDate.isDate,
    status: value(component, "status"),
    transp: value(component, "transp"),
    sequence: event.sequence,
    categories,
  };
});
process.stdout.write(
  JSON.stringify({
    name: value(calendar, "name"),
    x_wr_calname: value(calendar, "x-wr-calname"),
    refresh_interval: value(calendar, "refresh-interval"),
    events,
  }),
);
