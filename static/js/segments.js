// The SMS count beside the officer's reply and status boxes, as they type. It counts as
// mrejesho/gsm.py does: GSM-7 (160 alone, 153 per concatenated part, extension characters
// two septets) when every character fits after typographic marks are made plain, else
// UCS-2 (70 alone, 67 per part); a character is never split between two parts.
(function () {
  "use strict";
  var BASIC = "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5" +
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9" +
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?" +
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7" +
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";
  var EXTENDED = "^{}\\[~]|\u20ac\f";
  var PLAIN = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
    "\u00a0": " ", "\u2009": " ", "\u200b": "", "\t": " "
  };

  function toGsm(text) {
    return Array.from(text).map(function (ch) {
      return Object.prototype.hasOwnProperty.call(PLAIN, ch) ? PLAIN[ch] : ch;
    }).join("");
  }

  function parts(sizes, single, part) {
    var total = sizes.reduce(function (a, b) { return a + b; }, 0);
    if (total <= single) { return 1; }
    var count = 1, used = 0;
    sizes.forEach(function (size) {
      if (used + size > part) { count += 1; used = 0; }
      used += size;
    });
    return count;
  }

  function count(text) {
    var chars = Array.from(text);
    if (isGsm(text)) {
      return {encoding: "GSM-7", segments: parts(chars.map(function (ch) {
        return EXTENDED.indexOf(ch) >= 0 ? 2 : 1;
      }), 160, 153)};
    }
    return {encoding: "UCS-2", segments: parts(chars.map(function (ch) {
      return ch.codePointAt(0) > 0xffff ? 2 : 1;
    }), 70, 67)};
  }

  function isGsm(text) {
    return Array.from(text).every(function (ch) {
      return BASIC.indexOf(ch) >= 0 || EXTENDED.indexOf(ch) >= 0;
    });
  }

  // As notify._officer_text: plain marks if that makes it GSM-7, else as typed.
  function officerText(value) {
    var typed = value.split(/\s+/).filter(Boolean).join(" ");
    var gsm = toGsm(typed);
    return isGsm(gsm) ? gsm : typed;
  }

  function update(hint, box) {
    var counted = count(hint.dataset.before + officerText(box.value) + hint.dataset.after);
    var max = parseInt(hint.dataset.max, 10);
    hint.textContent = counted.segments <= max
      ? hint.dataset.label.replace("{n}", counted.segments).replace("{enc}", counted.encoding)
      : hint.dataset.over;
  }

  document.querySelectorAll("[data-sms-count]").forEach(function (hint) {
    var box = document.getElementById(hint.dataset.smsCount);
    if (!box) { return; }
    box.addEventListener("input", function () { update(hint, box); });
  });
}());
