/* Check an attachment's size and type in the browser before the form is sent, so a phone
   photo that is too big is refused at once instead of after a long upload. Progressive
   enhancement only: the server checks again, and without this script nothing is lost
   (a refused file comes back as the same form, every field kept).
   Each <input type="file" data-max-bytes data-too-big data-bad-type> shows its message in
   the element named by its id + "-error". */
(function () {
  'use strict';

  function allowedTypes(input) {
    return (input.getAttribute('accept') || '').split(',').map(function (t) {
      return t.trim().toLowerCase();
    }).filter(Boolean);
  }

  function problem(input) {
    var file = input.files && input.files[0];
    if (!file) { return ''; }
    var max = parseInt(input.getAttribute('data-max-bytes'), 10);
    var types = allowedTypes(input);
    if (types.length && file.type && types.indexOf(file.type.toLowerCase()) === -1) {
      return input.getAttribute('data-bad-type');
    }
    if (max && file.size > max) { return input.getAttribute('data-too-big'); }
    return '';
  }

  function show(input, message) {
    var box = document.getElementById(input.id + '-error');
    if (!box) { return; }
    box.textContent = message;
    box.hidden = !message;
    if (message) {
      box.setAttribute('role', 'alert');
      input.setAttribute('aria-invalid', 'true');
      var described = (input.getAttribute('aria-describedby') || '').split(' ');
      if (described.indexOf(box.id) === -1) {
        described.push(box.id);
        input.setAttribute('aria-describedby', described.join(' ').trim());
      }
    } else {
      input.removeAttribute('aria-invalid');
    }
  }

  function check(input) {
    var message = problem(input);
    show(input, message);
    return !message;
  }

  var inputs = document.querySelectorAll('input[type="file"][data-max-bytes]');
  Array.prototype.forEach.call(inputs, function (input) {
    input.addEventListener('change', function () {
      if (!check(input)) { input.value = ''; }
    });
    if (input.form) {
      input.form.addEventListener('submit', function (event) {
        if (!check(input)) {
          event.preventDefault();
          input.value = '';
          input.focus();
        }
      });
    }
  });
}());
