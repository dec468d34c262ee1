/**
 * Streamlit: an app is a script Streamlit runs again on every interaction, so what its input widgets
 * return (`st.text_input(...)`, `st.text_area`, `st.chat_input`, uploaded files) and the URL's query
 * parameters (`st.query_params`) are the visitor's. A widget's value is shown back only in the visitor's
 * own session, so it is not a cross-site script; a query parameter comes from a link anyone can send. Widgets that return one of the options the app
 * offered (`selectbox`, `radio`, `multiselect`), numbers, dates and booleans are not text the visitor
 * chose. Markdown with `unsafe_allow_html=True`, `st.html(...)` and `components.html(...)` put HTML
 * into the page.
 */
import type { TaintModel } from "../../src/taint/model-types.js";

const st = (names: string[]): string[] => names.flatMap((n) => [`streamlit.${n}`, `streamlit.sidebar.${n}`]);

export const streamlit: TaintModel = {
  name: "streamlit",
  triggers: ["streamlit"],
  sources: [
    // what a visitor types is shown back only to that visitor's session: not a cross-site script
    ...["text_input", "text_area", "chat_input", "file_uploader", "camera_input", "audio_input"].map((w) => ({ label: `st.${w}()`, call: st([w]), exceptKinds: ["xss"] })),
    { label: "st.query_params", name: ["streamlit.query_params"] },
    { label: "st.experimental_get_query_params()", call: ["streamlit.experimental_get_query_params"] },
  ],
  sinks: [
    {
      kind: "xss",
      call: st(["markdown", "write", "caption"]),
      args: [{ pos: 0, kw: "body" }],
      when: [{ arg: { kw: "unsafe_allow_html" }, matches: "^True$" }],
    },
    { kind: "xss", call: st(["html"]), args: [{ pos: 0, kw: "body" }] },
    { kind: "xss", call: ["streamlit.components.v1.html", "streamlit.components.v1.components.html"], args: [{ pos: 0, kw: "html" }] },
  ],
};
