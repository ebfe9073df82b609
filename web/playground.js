// The playground page: one click gives a cluster; the session cookie (HttpOnly, set by
// POST /v1/playground) brings a returning visitor back to the same cluster.
const $ = (id) => document.getElementById(id);

/** A shell command that writes the kubeconfig and selects it, for copying in one piece. */
function setupCommand(clusterId, kubeconfig) {
  const file = `$HOME/.kube/kubedo-${clusterId}.yaml`;
  return `mkdir -p "$HOME/.kube" && cat > "${file}" <<'KUBEDO_KUBECONFIG'\n${kubeconfig.trimEnd()}\nKUBEDO_KUBECONFIG\nexport KUBECONFIG="${file}"`;
}

function show(session) {
  $("start").hidden = true;
  $("cluster-id").textContent = session.cluster.id;
  const expires = $("expires");
  expires.dateTime = session.cluster.expiresAt;
  expires.textContent = new Date(session.cluster.expiresAt).toLocaleString();
  $("setup").textContent = setupCommand(session.cluster.id, session.kubeconfig);
  $("download").href = URL.createObjectURL(new Blob([session.kubeconfig], { type: "application/yaml" }));
  $("ready").hidden = false;
}

async function fail(res) {
  let message = `${res.status} ${res.statusText}`;
  try {
    message = (await res.json()).message ?? message;
  } catch {
    // not JSON
  }
  $("error").textContent = `Could not create a cluster: ${message}`;
  $("error").hidden = false;
  $("create").disabled = false;
}

async function create() {
  $("create").disabled = true;
  $("error").hidden = true;
  const res = await fetch("/v1/playground", { method: "POST", credentials: "same-origin" });
  if (res.status === 201) show(await res.json());
  else await fail(res);
}

async function start() {
  $("create").addEventListener("click", create);
  $("copy").addEventListener("click", async () => {
    await navigator.clipboard.writeText($("setup").textContent);
    $("copy").textContent = "Copied";
  });
  // The session cookie is HttpOnly; its companion says whether there is one to come back to.
  if (document.cookie.split("; ").includes("kubedo_has_session=1")) {
    const res = await fetch("/v1/playground", { credentials: "same-origin" });
    if (res.ok) return show(await res.json());
  }
  $("start").hidden = false;
}

start().catch((err) => {
  $("error").textContent = String(err);
  $("error").hidden = false;
  $("start").hidden = false;
});
