// `/`: the playground (one click gives a cluster and its expiry; a copyable setup command and the
// kubeconfig download are a click away; the session cookie brings a returning visitor back to it)
// and, for a tenant signed in with a token, the cluster list: create, open, reset, delete,
// kubeconfig. The page's script holds no token unless the person asks to see one.
import { useState } from "hono/jsx/dom";
import { describeError } from "../api/http";
import { hasSession, management, type ClusterView, type PlaygroundSession, type SessionView } from "../api/management";
import { SetupCommand, ShowToken } from "../components/credentials";
import { Link, navigate } from "../router";
import { useCommitEffect } from "../hooks";

type TenantSession = Extract<SessionView, { kind: "tenant" }>;
type AccountSession = Extract<SessionView, { kind: "serviceaccount" }>;
type View =
  | { kind: "loading" }
  | { kind: "anonymous" }
  | { kind: "playground"; session: PlaygroundSession }
  | { kind: "tenant"; session: TenantSession }
  | { kind: "serviceaccount"; session: AccountSession };

export function Landing() {
  const [view, setView] = useState<View>({ kind: "loading" });
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    if (!hasSession()) return setView({ kind: "anonymous" });
    try {
      const session = await management.session();
      if (session.kind === "serviceaccount") setView({ kind: "serviceaccount", session });
      else if (session.tenant.kind === "playground") setView({ kind: "playground", session: await management.playground() });
      else setView({ kind: "tenant", session });
    } catch {
      setView({ kind: "anonymous" });
    }
  };
  useCommitEffect(() => {
    void load();
  }, []);

  return (
    <main class="landing">
      <header class="hero">
        <h1>Kubedo</h1>
        <p>
          Kubernetes sandbox clusters that start in milliseconds and cost nothing while idle. Use the real <code>kubectl</code> against them, and watch
          the cluster work in the console.
        </p>
      </header>
      {error && (
        <p id="error" role="alert" class="error">
          {error}
        </p>
      )}
      {view.kind === "loading" && <p aria-busy="true">Loading…</p>}
      {view.kind === "anonymous" && <Start onError={setError} onDone={load} />}
      {view.kind === "playground" && <Ready session={view.session} />}
      {view.kind === "tenant" && <ClusterList session={view.session} onSignOut={load} />}
      {view.kind === "serviceaccount" && <AccountCard session={view.session} onSignOut={load} />}
      <noscript />
    </main>
  );
}

function Start(props: { onError(msg: string | null): void; onDone(): void }) {
  const [busy, setBusy] = useState(false);
  const [token, setToken] = useState("");
  const [cluster, setCluster] = useState("");
  const create = async () => {
    setBusy(true);
    props.onError(null);
    try {
      await management.createPlayground();
      props.onDone();
    } catch (err) {
      props.onError(`Could not create a cluster: ${describeError(err)}`);
      setBusy(false);
    }
  };
  const signIn = async (e: Event) => {
    e.preventDefault();
    props.onError(null);
    try {
      await management.signIn(token.trim(), cluster.trim() || undefined);
      props.onDone();
    } catch (err) {
      props.onError(`Sign-in failed: ${describeError(err)}`);
    }
  };
  return (
    <div class="cards">
      <section id="start" class="card">
        <h2>Playground</h2>
        <p>A cluster of your own with three nodes, for 24 hours. No account needed.</p>
        <button id="create" type="button" class="primary" disabled={busy} onClick={create}>
          {busy ? "Creating…" : "Create my cluster"}
        </button>
      </section>
      <section class="card">
        <h2>Sign in</h2>
        <form onSubmit={signIn}>
          <label for="token">API token</label>
          <input id="token" type="password" autocomplete="off" placeholder="kdo_… or a ServiceAccount token" value={token} onInput={(e: InputEvent) => setToken((e.target as HTMLInputElement).value)} />
          <label for="sign-in-cluster">Cluster id (for a ServiceAccount token)</label>
          <input id="sign-in-cluster" autocomplete="off" placeholder="c0123…" value={cluster} onInput={(e: InputEvent) => setCluster((e.target as HTMLInputElement).value)} />
          <button type="submit" disabled={!token.trim()}>
            Sign in
          </button>
        </form>
        <p class="hint">
          A tenant token shows your clusters. A ServiceAccount token (<code>kubectl create token NAME</code>) shows its cluster as that account&apos;s
          RBAC allows. Signing in starts a session: the token stays on the server, out of this page&apos;s reach.
        </p>
      </section>
    </div>
  );
}

function Ready(props: { session: PlaygroundSession }) {
  const { cluster } = props.session;
  return (
    <section id="ready" class="card" aria-live="polite">
      <h2>Your cluster is ready</h2>
      <p>
        Cluster <code id="cluster-id">{cluster.id}</code>, expires{" "}
        <time id="expires" dateTime={cluster.expiresAt}>
          {new Date(cluster.expiresAt).toLocaleString()}
        </time>
        .
      </p>
      <p class="actions">
        <Link href={`/console/${cluster.id}`} class="button primary">
          Open the dashboard
        </Link>
        <ResetButton id={cluster.id} />
      </p>
      <h3>Use it with kubectl</h3>
      <SetupCommand clusterId={cluster.id} />
      <p>Then try:</p>
      <pre>{"kubectl get nodes\nkubectl create deployment web --image=nginx --replicas=3\nkubectl get pods -o wide"}</pre>
      <p class="actions">
        <ShowToken />
      </p>
    </section>
  );
}

function ResetButton(props: { id: string; onDone?: () => void }) {
  const [state, setState] = useState<"idle" | "confirm" | "busy">("idle");
  if (state === "confirm") {
    return (
      <span class="confirm">
        Reset removes everything in the cluster.{" "}
        <button
          type="button"
          class="danger"
          onClick={async () => {
            setState("busy");
            await management.resetCluster(props.id).finally(() => setState("idle"));
            props.onDone?.();
          }}
        >
          Reset now
        </button>{" "}
        <button type="button" onClick={() => setState("idle")}>
          Keep
        </button>
      </span>
    );
  }
  return (
    <button type="button" disabled={state === "busy"} onClick={() => setState("confirm")}>
      {state === "busy" ? "Resetting…" : "Reset"}
    </button>
  );
}

function SignOutButton(props: { onDone(): void }) {
  return (
    <button
      type="button"
      onClick={async () => {
        await management.signOut();
        props.onDone();
      }}
    >
      Sign out
    </button>
  );
}

function AccountCard(props: { session: AccountSession; onSignOut(): void }) {
  const { cluster, user } = props.session;
  return (
    <section class="card" id="account">
      <h2>Signed in as a ServiceAccount</h2>
      <p>
        <code>{user.username}</code> on cluster <code>{cluster.id}</code>. The console shows what this account&apos;s RBAC allows.
      </p>
      <p class="actions">
        <Link href={`/console/${cluster.id}`} class="button primary">
          Open the dashboard
        </Link>
        <SignOutButton onDone={props.onSignOut} />
      </p>
    </section>
  );
}

function ClusterList(props: { session: TenantSession; onSignOut(): void }) {
  const [clusters, setClusters] = useState<ClusterView[] | null>(null);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [kubeconfigOf, setKubeconfigOf] = useState<string | null>(null);
  const reload = async () => {
    try {
      setClusters((await management.clusters()).items);
    } catch (err) {
      setError(describeError(err));
    }
  };
  useCommitEffect(() => {
    void reload();
  }, []);
  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      await what();
      await reload();
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <section class="card" id="clusters">
      <div class="row spread">
        <h2>Clusters of {props.session.tenant.name}</h2>
        <span class="actions">
          <ShowToken />
          <SignOutButton onDone={props.onSignOut} />
        </span>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <form
        class="row"
        onSubmit={(e: Event) => {
          e.preventDefault();
          void act(async () => {
            await management.createCluster(name.trim());
            setName("");
          });
        }}
      >
        <label for="new-cluster" class="visually-hidden">
          New cluster name
        </label>
        <input id="new-cluster" placeholder="new cluster name" value={name} onInput={(e: InputEvent) => setName((e.target as HTMLInputElement).value)} />
        <button type="submit" class="primary" disabled={!name.trim()}>
          Create cluster
        </button>
      </form>
      {clusters === null ? (
        <p aria-busy="true">Loading…</p>
      ) : clusters.length === 0 ? (
        <p>No clusters yet.</p>
      ) : (
        <div class="table-wrap">
        <table class="grid">
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Profile</th>
              <th>Created</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {clusters.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/console/${c.id}`}>{c.name}</Link>
                </td>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>{c.timingProfile}</td>
                <td>{new Date(c.createdAt).toLocaleString()}</td>
                <td class="actions">
                  <button type="button" onClick={() => navigate(`/console/${c.id}`)}>
                    Open
                  </button>
                  <button type="button" onClick={() => setKubeconfigOf(c.id)}>
                    Kubeconfig
                  </button>
                  <ResetButton id={c.id} onDone={reload} />
                  <button type="button" class="danger" onClick={() => confirm(`Delete cluster ${c.name}?`) && act(() => management.deleteCluster(c.id))}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
      {kubeconfigOf && (
        <div class="card inset">
          <h3>Kubeconfig for {kubeconfigOf}</h3>
          <SetupCommand key={kubeconfigOf} clusterId={kubeconfigOf} open />
        </div>
      )}
    </section>
  );
}
