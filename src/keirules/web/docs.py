"""Interactive API docs at ``/docs``: every endpoint from the OpenAPI description, each with a
form that sends a request to this server and shows the answer. One small inline script, nothing
fetched from elsewhere."""

from __future__ import annotations

import json
from typing import Final

from keirules.render.html import esc, page

__all__ = ["docs_page"]

_EXAMPLES: Final = {
    "/v1/check": {"spec": {"name": "Honda N-Box (JF5)", "length": "3395 mm", "width": "1475 mm",
                           "height": "1790 mm", "displacement": "658 cc", "wheels": 4,
                           "seats": 4, "category": "passenger", "powertrain": "combustion"},
                  "ruleset": "jp-kei", "on": "2026-06-01"},
    "/v1/compare": {"specs": [{"name": "Edge", "length": "3.40 m", "width": "1.48 m"}],
                    "rulesets": ["jp-kei@1990", "jp-kei@1998"], "on": "2026-06-01"},
    "/v1/timeline": {"spec": {"name": "Made 1991-05-15", "manufactured": "1991-05-15"},
                     "family": "us-import"},
    "/v1/routes": {"spec": {"name": "1995 kei truck", "manufactured": "1995-03",
                            "category": "cargo"}, "market": "US", "on": "2026-06-01"},
}
_QUERY_EXAMPLES: Final = {"/v1/rulesets/{name}": "/v1/rulesets/jp-kei@1998",
                          "/v1/diff": "/v1/diff?from=jp-kei@1990&to=jp-kei@1998",
                          "/v1/schema/{kind}": "/v1/schema/vehicle"}
_SCRIPT: Final = """
<script>
for (const form of document.querySelectorAll("form.try")) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const out = form.querySelector("output");
    const method = form.dataset.method;
    const url = method === "get" ? form.elements.url.value : form.dataset.path;
    const pretty = url + (url.includes("?") ? "&" : "?") + "pretty";
    const options = {method: method.toUpperCase()};
    if (method === "post") {
      options.body = form.elements.body.value;
      options.headers = {"content-type": "application/json"};
    }
    const response = await fetch(pretty, options);
    out.textContent = response.status + "\\n" + await response.text();
  });
}
</script>
"""


def docs_page() -> str:
    from keirules.web.openapi import ENDPOINTS

    body = ["<style>input[name=url] { max-width: 100%; } pre { white-space: pre-wrap; "
            "overflow-wrap: anywhere; }</style>", "<h1>keirules web API</h1>",
            '<p>The OpenAPI description is at <a href="/openapi.json">/openapi.json</a>; the '
            'page for people is at <a href="/">/</a>. Errors are '
            "<code>{\"error\": {\"message\", \"field\", \"line\", \"value\", \"expected\"}}"
            "</code> with a 4xx status.</p>"]
    for method, path, summary, _, _ in ENDPOINTS:
        body.append(f"<h2><code>{method.upper()} {esc(path)}</code></h2><p>{esc(summary)}</p>")
        if method == "post":
            example = json.dumps(_EXAMPLES.get(path, {}), indent=2)
            body.append(f'<form class="try" data-method="post" data-path="{esc(path)}">'
                        f'<label>Body<textarea name="body" rows="8" style="width:100%">'
                        f"{esc(example)}</textarea></label><button>Send</button>"
                        "<pre><output></output></pre></form>")
        else:
            url = _QUERY_EXAMPLES.get(path, path)
            body.append(f'<form class="try" data-method="get"><label>URL <input name="url" '
                        f'value="{esc(url)}" size="50"></label> <button>Send</button>'
                        "<pre><output></output></pre></form>")
    body.append(_SCRIPT)
    return page("keirules web API", body)
