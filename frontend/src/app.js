// GOV.UK Frontend components (accordions, tabs, error summary, ...).
// The page template adds `govuk-frontend-supported` to <body> before this runs.
import { initAll } from "govuk-frontend";

initAll();
