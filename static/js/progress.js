/* A job's progress page: poll its JSON, update the bar and the live status, follow the result link when done.
   Without JavaScript the page refreshes itself (a <noscript> meta refresh) and shows the same things. */
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.getAttribute("data-finished") === "true" || !window.fetch) {
    return;
  }
  var url = box.getAttribute("data-status-url");
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var delay = 1000;

  function show(job) {
    bar.value = job.progress;
    bar.textContent = job.progress + " %";
    if (status.textContent !== job.status_text) {
      status.textContent = job.status_text;
    }
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}, cache: "no-store"})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (!job.finished) {
          window.setTimeout(poll, delay);
        } else if (job.status === "done" && job.result_url) {
          window.location.assign(job.result_url);
        } else {
          window.location.reload();  // the page itself says why it failed
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5 * delay);
      });
  }

  window.setTimeout(poll, delay);
}());
