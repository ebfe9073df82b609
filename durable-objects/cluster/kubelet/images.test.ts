import { describe, expect, it } from "vitest";
import { parseImageRef, resolveImage } from "./images";

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

  it("returns null for unknown repositories and tags", () => {
    expect(resolveImage("ghcr.io/acme/app:1")).toBeNull();
    expect(resolveImage("ngnix")).toBeNull();
    expect(resolveImage("nginx:9.99")).toBeNull();
    expect(parseImageRef("Nginx")).toBeNull();
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
