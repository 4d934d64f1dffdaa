// Accessibility fixes for markup the stock theme and docutils produce; axe-core checks them
// in tests/test_site.py.
document.addEventListener("DOMContentLoaded", () => {
  // The primary sidebar's header items sit outside any landmark ("region" rule).
  const sidebar = document.querySelector(".bd-sidebar-primary");
  if (sidebar && !sidebar.getAttribute("role")) {
    sidebar.setAttribute("role", "navigation");
    sidebar.setAttribute("aria-label", "Book navigation");
  }
  // docutils marks the bibliography role="list" but puts anchors between its entries
  // ("aria-required-children"), and gives entries the deprecated doc-biblioentry role.
  document.querySelectorAll(".citation-list[role='list']").forEach((el) => el.removeAttribute("role"));
  document.querySelectorAll(".citation[role='doc-biblioentry']").forEach((el) => el.removeAttribute("role"));
});
