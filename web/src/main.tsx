// The console: the playground/landing page at `/`, and each cluster's dashboard under /console/:id.
import { render } from "hono/jsx/dom";
import { Dashboard } from "./pages/dashboard";
import { Landing } from "./pages/landing";
import { match, useLocation } from "./router";
import "./styles.css";

function App() {
  const { path } = useLocation();
  const m = match("/console/:cluster/:rest*", path) ?? match("/console/:cluster", path);
  if (m) return <Dashboard cluster={m.cluster!} rest={m.rest ?? ""} />;
  return <Landing />;
}

render(<App />, document.getElementById("app")!);
