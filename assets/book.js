// One control per page to show or hide the code behind the figures and tables (the code is hidden
// by default; see book.css). Pages without code cells get no button.
document.addEventListener("DOMContentLoaded", () => {
  const cells = document.querySelectorAll(".cell_input");
  const article = document.querySelector("article.bd-article");
  if (!cells.length || !article) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "rnk-code-toggle";
  button.setAttribute("aria-pressed", "false");
  const label = (shown) => `${shown ? "Hide" : "Show"} the code behind this page (${cells.length} cells)`;
  button.textContent = label(false);
  button.addEventListener("click", () => {
    const shown = document.body.classList.toggle("rnk-show-code");
    button.setAttribute("aria-pressed", String(shown));
    button.textContent = label(shown);
  });
  const heading = article.querySelector("h1");
  (heading || article.firstElementChild).insertAdjacentElement("afterend", button);
});
