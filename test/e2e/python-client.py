# Drives a Kubedo cluster with the official Python client (kubernetes 22.6.0, Debian's
# python3-kubernetes), as test/e2e/python-client.test.ts runs it: list, create, and a watch that
# must see ADDED, MODIFIED and DELETED live (the client sends `watch=True`). Prints one JSON line.
import json
import sys
import threading
import time

from kubernetes import client, config, watch

namespace = sys.argv[1]
config.load_kube_config()  # $KUBECONFIG
core = client.CoreV1Api()
out = {}

core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=namespace)))
out["namespaces"] = sorted(n.metadata.name for n in core.list_namespace().items)
created = core.create_namespaced_config_map(namespace, {"metadata": {"name": "typed"}, "data": {"a": "1"}})
out["created"] = {"name": created.metadata.name, "uid": bool(created.metadata.uid), "data": created.data}
listed = core.list_namespaced_config_map(namespace)
out["listed"] = [c.metadata.name for c in listed.items]


def write_after_the_watch_opened():
    time.sleep(1.5)
    core.create_namespaced_config_map(namespace, {"metadata": {"name": "watched"}, "data": {"v": "1"}})
    core.patch_namespaced_config_map("watched", namespace, {"data": {"v": "2"}})
    core.delete_namespaced_config_map("watched", namespace)


writer = threading.Thread(target=write_after_the_watch_opened)
writer.start()
events = []
w = watch.Watch()
for event in w.stream(core.list_namespaced_config_map, namespace, resource_version=listed.metadata.resource_version, timeout_seconds=20):
    obj = event["object"]
    events.append([event["type"], obj.metadata.name, (obj.data or {}).get("v")])
    if event["type"] == "DELETED":
        w.stop()
writer.join()
out["events"] = events
print(json.dumps(out))
