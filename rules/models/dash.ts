/**
 * Plotly Dash and Gradio: the functions the browser calls with component values. A Dash callback
 * (`@app.callback(Output(...), Input("region", "value"))`, `@dash.callback`, `app.clientside_callback`
 * excepted) receives whatever the browser sends for its inputs and states — Dash does not check them
 * against the component's options. A Gradio event function (`gr.Interface(fn=...)`,
 * `gr.ChatInterface(fn)`, `button.click(fn, ...)`, `.submit`, `.change`, …) receives the visitor's values.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const GRADIO_EVENTS = ["click", "submit", "change", "input", "select", "upload", "release", "blur", "focus", "stream"];

export const dash: TaintModel = {
  name: "dash",
  triggers: ["dash", "gradio"],
  types: [{ type: "dash.App", class: ["dash.Dash", "dash.dash.Dash", "jupyter_dash.JupyterDash"] }],
  sinks: [
    { kind: "xss", call: ["dash.dcc.Markdown", "dash_core_components.Markdown"], args: [{ pos: 0, kw: "children" }], when: [{ arg: { kw: "dangerously_allow_html" }, matches: "^True$" }] },
    { kind: "xss", call: ["dash.html.Iframe", "dash_html_components.Iframe"], args: [{ kw: "srcDoc" }] },
  ],
  endpoints: [
    {
      framework: "dash",
      decorators: ["callback"],
      appTypes: ["dash.App"],
      requiresImport: ["dash"],
      decoratorNames: ["dash.callback", "dash.dash.callback"],
      params: "all",
      paramLabel: "Dash callback input",
      routeSyntax: [],
    },
    {
      framework: "gradio",
      registrations: [
        { call: ["gradio.Interface", "gradio.ChatInterface", "gradio.interface.Interface", "gradio.chat_interface.ChatInterface"], view: { pos: 0, kw: "fn" } },
        { method: GRADIO_EVENTS, requiresImport: ["gradio"], view: { pos: 0, kw: "fn" } },
      ],
      params: "all",
      paramLabel: "Gradio input",
    },
  ],
};
