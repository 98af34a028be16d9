// GOV.UK Frontend components (accordions, tabs, error summary, ...).
// The page template adds `govuk-frontend-supported` to <body> before this runs.
import { initAll } from "govuk-frontend";

initAll();

// GOV.UK Frontend marks a radio that reveals conditional content with aria-expanded, which ARIA 1.2 does not allow on
// the radio role (axe-core's aria-allowed-attr, critical). The reveal is announced by its content following the
// radio, and aria-controls stays; the attribute is taken off after each time the component syncs it.
function dropRadioExpanded() {
  for (const radio of document.querySelectorAll('.govuk-radios__input[aria-expanded]')) {
    radio.removeAttribute("aria-expanded");
  }
}
dropRadioExpanded();
document.addEventListener("click", dropRadioExpanded);
document.addEventListener("change", dropRadioExpanded);
window.addEventListener("pageshow", dropRadioExpanded); // the component syncs again when the page is shown
