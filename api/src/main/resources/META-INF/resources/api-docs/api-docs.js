// The API reference: Swagger UI over the document the API serves (GET /v1/webhooks/openapi.json), which is derived
// from epilot's OpenAPI file plus our extensions. Nothing here is generated from code, and nothing is loaded from
// elsewhere: the page's Content-Security-Policy allows only this origin.
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    // Relative to /api-docs/, so it reads the document of whichever deployment serves this page.
    url: new URL("../v1/webhooks/openapi.json", window.location.href).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // No call to swagger.io's online validator, and no document named in the page's URL (?url=...) is loaded.
    validatorUrl: null,
    queryConfigEnabled: false,
    // "Authorize" takes a bearer token for "Try it out"; it is kept only in this page's memory.
    persistAuthorization: false,
  });
});
