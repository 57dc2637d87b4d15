/* Adds the visitor's own local time next to an event's times (shown in the event's zone).
   Reads <time datetime="...Z"> inside [data-localtime]; the page is complete without it. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) { return; }
  var visitorZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var locale = document.documentElement.lang || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(locale, {
      weekday: "short", day: "numeric", month: "long", year: "numeric",
      hour: "numeric", minute: "2-digit", timeZoneName: "short"
    });
  } catch (error) { return; }
  document.querySelectorAll("[data-localtime]").forEach(function (holder) {
    if (holder.getAttribute("data-event-zone") === visitorZone) { return; }
    var times = holder.querySelectorAll("time[datetime]");
    if (!times.length) { return; }
    var start = new Date(times[0].getAttribute("datetime"));
    var end = times.length > 1 ? new Date(times[times.length - 1].getAttribute("datetime")) : null;
    if (isNaN(start.getTime())) { return; }
    var text;
    if (end && !isNaN(end.getTime()) && format.formatRange) {
      text = format.formatRange(start, end);
    } else {
      text = format.format(start) + (end ? " – " + format.format(end) : "");
    }
    var note = document.createElement("span");
    note.className = "local-time";
    note.textContent = (holder.getAttribute("data-label") || "") + " " + text;
    holder.insertAdjacentElement("afterend", note);
  });
})();
