// The Cảnh báo page's one script: every 2 s it asks /api/v1/warnings (the session
// cookie and the page's CSRF token) and updates each warning's status and progress in
// place, so an officer watches a warning go out without reloading the page. It stops
// when every listed warning is finished. Without it the page still works (reload).
'use strict';
(function () {
  const csrfInput = document.querySelector('nav input[name=csrf]');
  const table = document.getElementById('warnings');
  if (!csrfInput || !table) return;
  const csrf = csrfInput.value;

  function update(w) {
    const row = table.querySelector('tr[data-warning="' + w.id + '"]');
    if (!row) return false;
    row.querySelector('.status').textContent = w.status_vi;
    row.querySelector('progress').value = w.percent;
    row.querySelector('.pct').textContent = w.percent + '%';
    row.querySelector('.counts').textContent = w.sent + '/' + w.recipients;
    row.dataset.complete = w.complete ? '1' : '0';
    // A finished warning can no longer be paused or cancelled: its buttons go (the CSV stays).
    const form = w.complete && row.querySelector('td.actions form');
    if (form) form.remove();
    return !w.complete;
  }

  async function poll() {
    let busy = false;
    try {
      const r = await fetch('/api/v1/warnings', { headers: { 'X-CSRF-Token': csrf }, credentials: 'same-origin' });
      if (!r.ok) return;  // signed out or refused: leave the page as it is
      const body = await r.json();
      for (const w of body.warnings) busy = update(w) || busy;
    } catch (e) {
      busy = true;  // the server was unreachable for a moment: try again
    }
    if (busy) setTimeout(poll, 2000);
  }
  setTimeout(poll, 1000);
})();
