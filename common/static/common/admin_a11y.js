// Accessible names for the admin's autocomplete boxes (Django's bundled Select2 leaves them
// unnamed when empty, and puts its "clear" button inside the list of choices).
'use strict';
(function () {
  // Loaded on every admin page (admin/base_site.html) and by some forms' Media: run once.
  if (window.portalAdminA11y) {
    return;
  }
  window.portalAdminA11y = true;

  function labelText(select) {
    const label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) {
      return label.textContent.replace(/[:\s]+$/, '').trim();
    }
    return select.getAttribute('aria-label') || '';
  }

  function patch(container) {
    const select = container.previousElementSibling;
    if (!select || select.tagName !== 'SELECT') {
      return;
    }
    const name = labelText(select);
    container.querySelectorAll('.select2-selection').forEach(function (box) {
      if (name && box.getAttribute('aria-label') !== name) {
        box.setAttribute('aria-label', name);
        box.removeAttribute('aria-labelledby');
      }
      const list = box.querySelector('ul.select2-selection__rendered');
      if (list) {
        list.querySelectorAll(':scope > :not(li)').forEach(function (stray) {
          box.insertBefore(stray, list);
        });
      }
    });
    container.querySelectorAll('.select2-search__field, [role="textbox"]').forEach(function (field) {
      if (name && field.getAttribute('aria-label') !== name) {
        field.setAttribute('aria-label', name);
      }
    });
  }

  function patchAll() {
    document.querySelectorAll('select.admin-autocomplete + .select2-container').forEach(patch);
    // Django's two-box selector (SelectFilter2.js) puts aria-label on a plain <span> icon, which
    // ARIA forbids (axe: aria-prohibited-attr); as an image the name is allowed.
    document.querySelectorAll('span.help-tooltip[aria-label]:not([role])').forEach(function (icon) {
      icon.setAttribute('role', 'img');
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    patchAll();
    new MutationObserver(patchAll).observe(document.body, {childList: true, subtree: true});
  });
})();
