// The dashboard: reads /dashboard/api/summary with the admin key and draws it with Chart.js
// (vendored into the jar at build time; the page works offline).
(function () {
  'use strict';
  var charts = {};
  var $ = function (id) { return document.getElementById(id); };

  function isoDay(d) { return d.toISOString().slice(0, 10); }

  function init() {
    var today = new Date();
    var weekAgo = new Date(today.getTime() - 6 * 86400000);
    var params = new URLSearchParams(location.hash.slice(1));
    if (location.hash) { history.replaceState(null, '', location.pathname); }
    $('from').value = params.get('from') || isoDay(weekAgo);
    $('to').value = params.get('to') || isoDay(today);
    $('key').value = params.get('key') || sessionStorage.getItem('gateway-admin-key') || '';
    if (params.get('tenant')) {
      var o = document.createElement('option');
      o.value = o.textContent = params.get('tenant');
      $('tenant').appendChild(o);
      $('tenant').value = params.get('tenant');
    }
    $('filters').addEventListener('submit', function (e) { e.preventDefault(); load(); });
    if ($('key').value) { load(); }
  }

  function load() {
    var key = $('key').value.trim();
    if (!key) { $('status').textContent = 'Enter the admin key.'; return; }
    sessionStorage.setItem('gateway-admin-key', key);
    var q = new URLSearchParams({ from: $('from').value, to: $('to').value });
    if ($('tenant').value) { q.set('tenant', $('tenant').value); }
    $('status').textContent = 'Loading...';
    fetch('/dashboard/api/summary?' + q.toString(), { headers: { Authorization: 'Bearer ' + key } })
      .then(function (r) {
        if (!r.ok) { throw new Error('HTTP ' + r.status); }
        return r.json();
      })
      .then(function (s) { render(s); $('status').textContent = 'Loaded ' + s.from + ' to ' + s.to; })
      .catch(function (e) { $('status').textContent = 'Cannot load: ' + e.message; });
  }

  function sum(rows, field) {
    return rows.reduce(function (a, r) { return a + r[field]; }, 0);
  }

  function pct(part, whole) { return whole === 0 ? '0.0%' : (100 * part / whole).toFixed(1) + '%'; }

  function render(s) {
    var days = s.by.day;
    var requests = sum(days, 'requests');
    $('total-spend').textContent = sum(days, 'costUsd').toFixed(6);
    $('total-tokens').textContent = String(sum(days, 'inputTokens') + sum(days, 'outputTokens'));
    $('total-requests').textContent = String(requests);
    $('error-rate').textContent = pct(sum(days, 'errors'), requests);
    $('cache-hit-rate').textContent = pct(sum(days, 'cacheHits'), requests);
    tenants(s.tenants);
    var labels = days.map(function (r) { return r.key; });
    chart('chart-spend', 'bar', labels, [{ label: 'USD', data: days.map(function (r) { return r.costUsd; }) }]);
    chart('chart-tokens', 'bar', labels, [
      { label: 'input', data: days.map(function (r) { return r.inputTokens; }) },
      { label: 'output', data: days.map(function (r) { return r.outputTokens; }) }], true);
    chart('chart-requests', 'line', labels, [
      { label: 'requests', data: days.map(function (r) { return r.requests; }) },
      { label: 'errors', data: days.map(function (r) { return r.errors; }) }]);
    chart('chart-model', 'doughnut', s.by.model.map(function (r) { return r.key || '(none)'; }),
      [{ label: 'USD', data: s.by.model.map(function (r) { return r.costUsd; }) }]);
    ['team', 'feature', 'model', 'provider'].forEach(function (d) { groupTable('by-' + d, s.by[d]); });
    table('budgets', ['scope', 'window', 'limit USD', 'spent USD', 'reserved USD', 'alert at'],
      s.budgets.map(function (b) {
        var used = 100 * (Number(b.spentUsd) + Number(b.reservedUsd)) / Number(b.limitUsd);
        return [b.scope, b.window, b.limitUsd, b.spentUsd, b.reservedUsd,
          { text: b.alertPercent + '%', over: used >= b.alertPercent }];
      }));
    table('fallbacks', ['from -> to', 'count'], Object.keys(s.fallbacks).map(function (k) {
      return [k, s.fallbacks[k]];
    }));
    table('circuits', ['target', 'key', 'state'], s.circuits.map(function (c) {
      return [c.target, c.key, { text: c.state, over: c.state !== 'CLOSED' }];
    }));
  }

  function tenants(list) {
    var select = $('tenant');
    var current = select.value;
    list.forEach(function (t) {
      if (!Array.prototype.some.call(select.options, function (o) { return o.value === t; })) {
        var o = document.createElement('option');
        o.value = o.textContent = t;
        select.appendChild(o);
      }
    });
    select.value = current;
  }

  function groupTable(id, rows) {
    table(id, ['name', 'requests', 'errors', 'cache hits', 'tokens', 'USD'], rows.map(function (r) {
      return [r.key || '(none)', r.requests, r.errors, r.cacheHits,
        r.inputTokens + r.outputTokens, r.costUsd.toFixed(6)];
    }));
  }

  function table(id, head, rows) {
    var t = $(id);
    t.textContent = '';
    var tr = document.createElement('tr');
    head.forEach(function (h, i) {
      var th = document.createElement('th');
      th.textContent = h;
      if (i > 0) { th.className = 'num'; }
      tr.appendChild(th);
    });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = document.createElement('tr');
      row.forEach(function (cell, i) {
        var td = document.createElement('td');
        var value = cell !== null && typeof cell === 'object' ? cell : { text: cell };
        td.textContent = String(value.text);
        td.className = (i > 0 ? 'num' : '') + (value.over ? ' over' : '');
        r.appendChild(td);
      });
      t.appendChild(r);
    });
  }

  function chart(id, type, labels, datasets, stacked) {
    if (charts[id]) { charts[id].destroy(); }
    var scales = type === 'doughnut' ? {} : { x: { stacked: !!stacked }, y: { stacked: !!stacked, beginAtZero: true } };
    charts[id] = new Chart($(id), {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: scales }
    });
  }

  document.addEventListener('DOMContentLoaded', init);
}());
