// The API docs page: Swagger UI from the files served beside it (no CDN, no inline script).
window.addEventListener("DOMContentLoaded", function () {
  if (typeof SwaggerUIBundle !== "function") return;
  SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
