// One event stream from `mlblog serve` for every open page of the site (a SharedWorker):
// a browser keeps at most six connections to one server, and with a stream per page the
// seventh page waited for ever. Each page gets every state, and the last one on joining.
"use strict";
var pages = [];
var last = null;
var events = new EventSource("/__mlblog/events");
events.addEventListener("state", function (message) {
  last = message.data;
  pages.forEach(function (port) { port.postMessage(last); });
});
self.onconnect = function (event) {
  var port = event.ports[0];
  pages.push(port);
  if (last !== null) port.postMessage(last);
  port.start();
};
