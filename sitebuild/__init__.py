"""Build-side code for the site: bundles the checker for the browser."""
