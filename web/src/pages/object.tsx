// One object's page: its live state (a watch on its collection selected by name), the actions the
// user may take, and tabs for its YAML (editable), events, owners/children and, for pods, logs.
// The YAML tab is a separate chunk (the `yaml` package and the editor load only when it opens).
import { useState } from "hono/jsx/dom";
import { resourcePath, type KubeObject } from "../api/kube";
import { listHref, useCluster } from "../context";
import { useLiveList, useCommitEffect } from "../hooks";
import { Link } from "../router";
import { ActionsBar } from "./object/actions";
import { EventsTab } from "./object/events-tab";
import { LogsTab } from "./object/logs-tab";
import { RelatedTab } from "./object/related-tab";
import { panelId, tabId, TabList, type TabSpec } from "./object/tabs";
import { age, Pill, statusOf, useClusterNow } from "./object/util";
import { LiveBadge } from "./resources";
import "./object/object.css";

type YamlTabType = typeof import("./object/yaml-tab").YamlTab;

export function ObjectPage(props: { group: string; version: string; resource: string; namespace: string | undefined; name: string }) {
  const { cluster, resources, owner } = useCluster();
  const ref = { group: props.group, version: props.version, resource: props.resource };
  const info = resources.find((r) => r.group === props.group && r.resource === props.resource);
  const live = useLiveList<KubeObject>(resourcePath(cluster, ref, props.namespace), { fieldSelector: `metadata.name=${props.name}` });
  const object = live.items.find((o) => o.metadata.name === props.name);
  const [seen, setSeen] = useState(false);
  useCommitEffect(() => setSeen(false), [cluster, props.resource, props.namespace, props.name]);
  useCommitEffect(() => {
    if (object) setSeen(true);
  }, [!!object]);
  const now = useClusterNow(cluster, owner);

  const isPod = props.group === "" && props.resource === "pods";
  const tabs: TabSpec[] = [
    { id: "yaml", label: "YAML" },
    { id: "events", label: "Events" },
    { id: "related", label: "Related" },
    ...(isPod ? [{ id: "logs", label: "Logs" }] : []),
  ];
  // The open tab is written to the URL (?tab=) so a reload or a shared link opens it; replaceState
  // rather than navigate(), which would re-render the whole dashboard for a tab switch.
  const [asked, setAsked] = useState(() => new URLSearchParams(location.search).get("tab") ?? "yaml");
  const tab = tabs.some((t) => t.id === asked) ? asked : "yaml";
  const select = (id: string) => {
    setAsked(id);
    history.replaceState(history.state, "", `${location.pathname}${id === "yaml" ? "" : `?tab=${id}`}`);
  };

  const [YamlTab, setYamlTab] = useState<YamlTabType | null>(null);
  const [yamlError, setYamlError] = useState<string | null>(null);
  useCommitEffect(() => {
    if (tab !== "yaml" || YamlTab) return;
    import("./object/yaml-tab").then(
      (m) => setYamlTab(() => m.YamlTab),
      (err) => setYamlError(String(err)),
    );
  }, [tab]);

  const kind = object?.kind ?? info?.kind ?? props.resource;
  const backHref = listHref(cluster, ref);
  const path = resourcePath(cluster, ref, props.namespace, props.name);

  return (
    <section class="object-page" aria-labelledby="object-title" data-kind={kind} data-name={props.name} data-uid={object?.metadata.uid} data-resource-version={object?.metadata.resourceVersion}>
      <p class="obj-crumbs">
        <Link href={backHref}>{info?.kind ?? props.resource}</Link>
        {props.namespace && <span class="hint"> · namespace {props.namespace}</span>}
      </p>
      <div class="row spread">
        <h1 id="object-title">
          <span class="sub">{kind}</span> {props.name}
        </h1>
        <LiveBadge live={live.live} synced={live.synced} />
      </div>
      {live.error && (
        <p role="alert" class="error">
          {live.error}
        </p>
      )}
      {!object ? (
        live.synced ? (
          <p role="alert" class="error" id="object-missing" data-state={seen ? "deleted" : "not-found"}>
            {seen ? `This ${kind} was deleted.` : `No ${kind} named ${props.name}${props.namespace ? ` in namespace ${props.namespace}` : ""}.`} <Link href={backHref}>Back to the list</Link>
          </p>
        ) : (
          <p aria-busy="true" class="hint">
            Loading…
          </p>
        )
      ) : (
        <>
          <dl class="obj-facts">
            <div>
              <dt>Status</dt>
              <dd>
                <Pill id="object-status" status={statusOf(object)} />
                {!statusOf(object).word && <span class="hint">—</span>}
              </dd>
            </div>
            {object.metadata.namespace && (
              <div>
                <dt>Namespace</dt>
                <dd>{object.metadata.namespace}</dd>
              </div>
            )}
            <div>
              <dt>Age</dt>
              <dd title={object.metadata.creationTimestamp}>{age(object.metadata.creationTimestamp, now)}</dd>
            </div>
            <div class="obj-labels">
              <dt>Labels</dt>
              <dd>
                {Object.entries(object.metadata.labels ?? {}).map(([k, v]) => (
                  <code key={k} class="obj-label">
                    {k}={v}
                  </code>
                ))}
                {!object.metadata.labels && <span class="hint">none</span>}
              </dd>
            </div>
          </dl>
          {info && <ActionsBar key={object.metadata.uid} cluster={cluster} info={info} object={object} />}
          <TabList tabs={tabs} selected={tab} onSelect={select} label={`${kind} ${props.name}`} />
          <div role="tabpanel" id={panelId(tab)} aria-labelledby={tabId(tab)} tabindex={0} class="obj-panel">
            {tab === "yaml" &&
              (YamlTab ? (
                <YamlTab key={object.metadata.uid} object={object} path={path} />
              ) : (
                <p class={yamlError ? "error" : "hint"} role={yamlError ? "alert" : undefined}>
                  {yamlError ?? "Loading…"}
                </p>
              ))}
            {tab === "events" && <EventsTab cluster={cluster} object={object} now={now} />}
            {tab === "related" && <RelatedTab cluster={cluster} resources={resources} object={object} />}
            {tab === "logs" && isPod && <LogsTab key={object.metadata.uid} pod={object} path={path} />}
          </div>
        </>
      )}
    </section>
  );
}
