import { describe, expect, it } from "vitest";
import { parseImageRef, pullFailure, resolveImage } from ".";

describe("resolveImage", () => {
  it("normalizes references like containerd", () => {
    expect(resolveImage("nginx")?.reference).toBe("docker.io/library/nginx:latest");
    expect(resolveImage("nginx:1.27")?.reference).toBe("docker.io/library/nginx:1.27");
    expect(resolveImage("nginx:1.27.3-alpine")?.reference).toBe("docker.io/library/nginx:1.27.3-alpine");
    expect(resolveImage("docker.io/library/nginx:latest")?.reference).toBe("docker.io/library/nginx:latest");
    expect(resolveImage("library/nginx")?.repository).toBe("docker.io/library/nginx");
    expect(resolveImage("registry.k8s.io/pause:3.10")?.reference).toBe("registry.k8s.io/pause:3.10");
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(resolveImage(`nginx@${digest}`)?.imageID).toBe(`docker.io/library/nginx@${digest}`);
  });

  it("official images: Docker Hub's repositories and every tag they were published under, nothing else", () => {
    for (const ref of ["nginx:1.14.2", "nginx:1.7.9", "redis:6.0.5", "mysql:5.6", "mysql:8.0", "perl:5.34.0", "busybox:1.28", "wordpress:6.2.1-apache", "centos:7", "zookeeper:3.4.10", "hello-world"]) {
      expect(resolveImage(ref), ref).not.toBeNull();
    }
    expect(pullFailure("docker.io/library/ngnix", "latest")).toBe("no-repository");
    expect(pullFailure("docker.io/library/nginx", "9.99")).toBe("no-tag");
    expect(pullFailure("docker.io/library/azul-zulu", "latest")).toBe("no-tag"); // never tagged latest
    // Tags built for Windows only: a Linux node finds no image for its platform.
    expect(pullFailure("docker.io/library/python", "3.12-windowsservercore-ltsc2022")).toBe("no-platform");
    expect(pullFailure("docker.io/library/python", "3.12")).toBeNull();
    expect(pullFailure("docker.io/library/hello-world", "latest")).toBeNull(); // Linux and Windows in one manifest list
    expect(resolveImage("ngnix")).toBeNull();
    expect(resolveImage("nginx:9.99")).toBeNull();
    expect(parseImageRef("Nginx")).toBeNull();
  });

  it("catalogued repositories of other registries have exactly their real tags", () => {
    expect(resolveImage("gcr.io/google-samples/kubernetes-bootcamp:v1")?.ports).toEqual([8080]);
    expect(resolveImage("docker.io/jocatalin/kubernetes-bootcamp:v2")).not.toBeNull();
    expect(resolveImage("gcr.io/google-samples/kubernetes-bootcamp:v10")).toBeNull();
    expect(pullFailure("gcr.io/google-samples/kubernetes-bootcamp", "v10")).toBe("no-tag");
    expect(resolveImage("us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0")?.reference).toBe("us-docker.pkg.dev/google-samples/containers/gke/hello-app:2.0");
    expect(resolveImage("registry.k8s.io/serve_hostname")?.ports).toEqual([9376]);
  });

  it("any other well-formed reference pulls and runs the generic program", () => {
    const app = resolveImage("ghcr.io/someone/app:1.0")!;
    expect(app.generic).toBe(true);
    expect(app.reference).toBe("ghcr.io/someone/app:1.0");
    expect(resolveImage("someone/private-app")?.generic).toBe(true);
    expect(pullFailure("ghcr.io/someone/app", "anything")).toBeNull();
    // An official image the catalogue does not describe runs the generic program too.
    expect(resolveImage("rabbitmq:3-management")?.generic).toBeUndefined();
    expect(resolveImage("drupal:10")?.generic).toBe(true);
  });

  it("an older version's server prints that version's lines", () => {
    const lines = (ref: string) => resolveImage(ref)!.server!.lines.map(([, l]) => l);
    expect(lines("redis:6.0.5")).toContain("1:M {t:redis} * Ready to accept connections");
    expect(lines("redis:7.4")).toContain("1:M {t:redis} * Ready to accept connections tcp");
    expect(lines("mysql:8.0").at(-1)).toContain("port: 3306  MySQL Community Server - GPL.");
    expect(resolveImage("mysql:8.0")!.version).toMatch(/^8\.0\.\d+$/);
  });

  it("describes the image deterministically", () => {
    const a = resolveImage("nginx:1.27")!;
    expect(a).toEqual(resolveImage("nginx:1.27"));
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a.ports).toEqual([80]);
    expect(a.version).toBe("1.27.5");
    expect(resolveImage("busybox:1.28")!.ports).toEqual([]);
    expect(resolveImage("redis:7-alpine")!.sizeBytes).toBeLessThan(resolveImage("redis:7")!.sizeBytes);
  });
});
