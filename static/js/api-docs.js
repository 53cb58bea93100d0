// Starts Swagger UI (static/vendor/swagger-ui) on /api/docs with the API's own document.
(function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-spec-url"),
    domNode: node,
    deepLinking: true,
    validatorUrl: null
  });
})();
