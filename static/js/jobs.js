// A job's page: poll its status while it runs, move the progress bar, offer the file when done.
// A page that shows a job's result itself (an import's batch) marks the box data-job-reload:
// it is reloaded once the job has finished.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job-poll]");
  if (!box || box.hasAttribute("data-finished")) return;
  const bar = box.querySelector("[data-job-progress]");
  const rows = box.querySelector("[data-job-rows]");
  const status = box.querySelector("[data-job-status]");
  const error = box.querySelector("[data-job-error]");
  const download = box.querySelector("[data-job-download]");
  const wait = box.querySelector("[data-job-wait]");
  const poll = async () => {
    let job;
    try {
      const response = await fetch(box.dataset.jobPoll, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status);
      job = await response.json();
    } catch (e) {
      window.setTimeout(poll, 5000);
      return;
    }
    status.textContent = job.status_label;
    status.className = "badge job-" + job.status;
    if (job.percent === null) bar.removeAttribute("value");
    else bar.value = job.percent;
    rows.textContent = job.rows_label;
    if (job.finished) {
      if (box.hasAttribute("data-job-reload")) {
        window.location.reload();
        return;
      }
      if (wait) wait.hidden = true;
      if (download && job.has_file) download.hidden = false;
      if (job.error) {
        error.textContent = job.error;
        error.hidden = false;
      }
      return;
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
});
