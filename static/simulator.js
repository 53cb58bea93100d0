// The phone simulator: runs the real /ussd, /ussd/events and /sms/inbound views with the
// fields Africa's Talking sends (through /simulator/relay, for the signed-in officer), and
// lists the SMS the system sent to this number.
(function () {
  "use strict";
  var cfg = JSON.parse(document.getElementById("sim-settings").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var phone = null;    // the number in E.164, as the server normalised it
  var session = null;  // {id, text, hops, started, lastInput}

  function randomId(prefix) {
    return prefix + Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
  }

  // The real endpoint's view, run for the signed-in officer: the page holds no webhook token.
  function post(path, fields) {
    return fetch(cfg.relay + path, {
      method: "POST",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": cfg.csrf},
      body: new URLSearchParams(fields)
    });
  }

  function show(el, visible) { el.hidden = !visible; }

  // --- the phone number and its inbox --------------------------------------------------
  function refreshInbox() {
    var typed = $("sim-phone").value;
    return fetch("/simulator/messages?phone=" + encodeURIComponent(typed))
      .then(function (response) { return response.json().then(function (body) {
        if (!response.ok) { phone = null; setPhoneError(body.error); return; }
        phone = body.phone;
        setPhoneError("");
        renderInbox(body.messages);
      }); })
      .catch(function () { setPhoneError(cfg.text.network); });
  }

  function setPhoneError(message) {
    $("sim-phone-error").textContent = message || "";
    show($("sim-phone-error"), Boolean(message));
  }

  function renderInbox(messages) {
    var list = $("sim-inbox");
    list.replaceChildren();
    if (!messages.length) {
      var empty = document.createElement("li");
      empty.textContent = cfg.text.noSms;
      list.appendChild(empty);
      return;
    }
    messages.forEach(function (sms) {
      var item = document.createElement("li");
      item.dataset.status = sms.status;
      var meta = document.createElement("div");
      meta.className = "meta";
      var time = document.createElement("time");
      time.dateTime = sms.time;
      time.textContent = new Date(sms.time).toLocaleString();
      var status = document.createElement("span");
      status.className = "sms-status " + sms.status;
      status.textContent = sms.status_label;
      meta.append(time, status);
      var text = document.createElement("p");
      text.className = "sms-text";
      text.textContent = sms.text;
      item.append(meta, text);
      list.appendChild(item);
    });
  }

  // --- USSD ----------------------------------------------------------------------------
  function dial() {
    var code = $("sim-dial").value.replace(/\s+/g, "");
    if (code !== cfg.serviceCode) { $("sim-status").textContent = cfg.text.badCode; return; }
    refreshInbox().then(function () {
      if (!phone) { return; }
      session = {id: randomId("sim-"), text: "", hops: 0, started: Date.now(), lastInput: ""};
      $("sim-status").textContent = cfg.text.running;
      step();
    });
  }

  function answer() {
    var value = $("sim-reply").value;
    session.text = session.hops === 1 ? value : session.text + "*" + value;
    session.lastInput = value;
    $("sim-reply").value = "";
    step();
  }

  function step() {
    post("/ussd", {sessionId: session.id, serviceCode: cfg.serviceCode, phoneNumber: phone,
                   networkCode: cfg.networkCode, text: session.text})
      .then(function (response) { return response.text(); })
      .then(function (body) {
        session.hops += 1;
        var ended = body.indexOf("END ") === 0;
        $("sim-ussd-text").textContent = body.replace(/^(CON|END) /, "");
        show($("sim-idle"), false);
        show($("sim-ussd"), true);
        show($("sim-answer"), !ended);
        show($("sim-send"), !ended);
        show($("sim-cancel"), !ended);
        show($("sim-ok"), ended);
        (ended ? $("sim-ok") : $("sim-reply")).focus();
        if (ended) { refreshInbox(); }
      })
      .catch(function () { close("Failed", cfg.text.network); });
  }

  function close(status, note) {
    var ending = session;
    session = null;
    show($("sim-ussd"), false);
    show($("sim-idle"), true);
    $("sim-status").textContent = "";
    // Africa's Talking's end-of-session notice, so abandoned sessions are counted.
    var notice = ending ? post("/ussd/events", {
      sessionId: ending.id, serviceCode: cfg.serviceCode, phoneNumber: phone,
      networkCode: cfg.networkCode, status: status, input: ending.lastInput,
      hops: String(ending.hops), durationInMillis: String(Date.now() - ending.started)
    }) : Promise.resolve();
    notice.catch(function () {}).then(function () {
      $("sim-status").textContent = note || cfg.text.ended;
      refreshInbox();
    });
  }

  // --- SMS -----------------------------------------------------------------------------
  function sendSms() {
    var text = $("sim-sms").value.trim();
    if (!text) { $("sim-sms-status").textContent = cfg.text.emptySms; return; }
    refreshInbox().then(function () {
      if (!phone) { return; }
      var now = new Date().toISOString().replace("T", " ").slice(0, 19);
      return post("/sms/inbound", {from: phone, to: cfg.shortCode, text: text, date: now,
                                   id: randomId("sim-"), linkId: "", networkCode: cfg.networkCode})
        .then(function (response) {
          $("sim-sms-status").textContent = response.ok ? cfg.text.smsSent : cfg.text.smsMissing;
          if (response.ok) { $("sim-sms").value = ""; }
          refreshInbox();
        });
    }).catch(function () { $("sim-sms-status").textContent = cfg.text.network; });
  }

  // --- wiring --------------------------------------------------------------------------
  $("sim-call").addEventListener("click", function () { if (!session) { dial(); } });
  $("sim-send").addEventListener("click", answer);
  $("sim-cancel").addEventListener("click", function () { close("Incomplete"); });
  $("sim-ok").addEventListener("click", function () { close("Success"); });
  $("sim-sms-send").addEventListener("click", sendSms);
  $("sim-phone").addEventListener("change", refreshInbox);
  $("sim-reply").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); answer(); }
  });
  $("sim-dial").addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); dial(); }
  });
  document.querySelectorAll(".keypad button").forEach(function (key) {
    key.addEventListener("click", function () {
      var target = session ? $("sim-reply") : $("sim-dial");
      target.value += key.dataset.key;
      target.focus();
    });
  });
  refreshInbox();
  setInterval(function () { if (phone) { refreshInbox(); } }, 4000);
}());
